"""Demo data of the agreements registry: 60 agreements in every type and state with partners of
the demo organizations (and a few more partners: a donor foundation, national commissions, a
ministry), titles in three languages, some expiring, amendments under their parents,
obligations (some overdue), and projects that fall under an agreement with their partners.

Rows are written as history would leave them, without mails; an agreement is known by its
reference, so running the seed again adds nothing. Dates are counted from the day of seeding,
so that "expiring" always has examples."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email
from portal.agreements.models import Agreement, AgreementState, AgreementType, Obligation, ObligationState
from portal.agreements.services import review_date_of
from portal.core.translated import TranslatedText
from portal.duediligence.demo import DEMO_CHECKLIST
from portal.extensions import db
from portal.organizations.models import Organization, OrganizationState
from portal.organizations.services import register_organization, registration_key, verify
from portal.projects.models import PartnerRole, Project, ProjectPartner

# owner's email, kind, country, city, registration number, names: partners the registry needs
# beyond the organizations of the portal's own demo.
DEMO_PARTNERS = [
    ("donor@demo.isesco.org", "donor", "SA", "Riyadh", "SA-FDN-KKF-2001",
     {"ar": "مؤسسة الملك خالد", "en": "King Khalid Foundation", "fr": "Fondation Roi Khalid"}),
    ("ministry@demo.isesco.org", "national_commission", "ID", "Jakarta", "ID-CN-1950",
     {"ar": "اللجنة الوطنية الإندونيسية للتربية والثقافة والعلوم", "en": "Indonesian National Commission for Education, Culture and Science",
      "fr": "Commission nationale indonésienne pour l'éducation, la culture et la science"}),
    ("ministry@demo.isesco.org", "national_commission", "SN", "Dakar", "SN-CN-1962",
     {"ar": "اللجنة الوطنية السنغالية للتربية والثقافة والعلوم", "en": "Senegalese National Commission for Education, Culture and Science",
      "fr": "Commission nationale sénégalaise pour l'éducation, la culture et la science"}),
    ("ministry@demo.isesco.org", "governmental", "MR", "Nouakchott", "MR-GOV-MEN-01",
     {"ar": "وزارة التهذيب الوطني الموريتانية", "en": "Ministry of National Education of Mauritania",
      "fr": "Ministère de l'Éducation nationale de Mauritanie"}),
    ("charity@demo.isesco.org", "ngo", "JO", "Amman", "JO-NGO-4410",
     {"ar": "تحالف الإغاثة الإنسانية", "en": "Humanitarian Relief Coalition", "fr": "Coalition de secours humanitaire"}),
]

# What agreements are about, in three languages.
DEMO_THEMES = [
    ({"ar": "رعاية الأيتام وتعليمهم", "en": "the care and schooling of orphans", "fr": "la prise en charge et la scolarisation des orphelins"}),
    ({"ar": "محو الأمية وتعليم الكبار", "en": "literacy and adult education", "fr": "l'alphabétisation et l'éducation des adultes"}),
    ({"ar": "صون التراث المخطوط", "en": "the safeguarding of manuscript heritage", "fr": "la sauvegarde du patrimoine manuscrit"}),
    ({"ar": "تدريب المعلمين", "en": "teacher training", "fr": "la formation des enseignants"}),
    ({"ar": "التعليم الرقمي", "en": "digital learning", "fr": "l'apprentissage numérique"}),
    ({"ar": "الطاقة المتجددة في المدارس", "en": "renewable energy for schools", "fr": "les énergies renouvelables dans les écoles"}),
    ({"ar": "المنح الدراسية للطلاب اللاجئين", "en": "scholarships for refugee students", "fr": "des bourses pour les étudiants réfugiés"}),
    ({"ar": "الحوار بين الثقافات", "en": "the dialogue of cultures", "fr": "le dialogue des cultures"}),
    ({"ar": "العمل الإنساني الإسلامي", "en": "Islamic humanitarian action", "fr": "l'action humanitaire islamique"}),
    ({"ar": "تمكين الشباب والنساء", "en": "the empowerment of youth and women", "fr": "l'autonomisation des jeunes et des femmes"}),
    ({"ar": "إعادة بناء المدارس", "en": "rebuilding schools", "fr": "la reconstruction des écoles"}),
    ({"ar": "الأوقاف والتنمية التعليمية", "en": "endowments for educational development", "fr": "les waqfs au service du développement éducatif"}),
]

DEMO_TYPE_TITLES = {
    "mou": {"ar": "مذكرة تفاهم بشأن {}", "en": "Memorandum of understanding on {}", "fr": "Mémorandum d'entente sur {}"},
    "cooperation_agreement": {"ar": "اتفاقية تعاون في مجال {}", "en": "Cooperation agreement on {}", "fr": "Accord de coopération sur {}"},
    "programme_of_action": {"ar": "برنامج عمل تنفيذي بشأن {}", "en": "Programme of action on {}", "fr": "Programme d'action sur {}"},
    "protocol": {"ar": "بروتوكول تعاون بشأن {}", "en": "Cooperation protocol on {}", "fr": "Protocole de coopération sur {}"},
    "amendment": {"ar": "ملحق تعديل بشأن {}", "en": "Amendment on {}", "fr": "Avenant sur {}"},
}

# The registration numbers of the partners the agreements go round.
DEMO_PARTNER_NUMBERS = [
    "SA-FDN-KKF-2001", "SA-MIN-AWQAF", "MA-CN-001", "ID-CN-1950", "SN-CN-1962", "MR-GOV-MEN-01", "AE-FDN-0091",
    "SO-NGO-2011-0457", "JO-NGO-4410", "AF-NGO-3321", "ML-CC-2002-17", "PS-CS-1170", "QA-CR-55012", "MY-UNI-1983",
]

# (type, state) of the 54 agreements that are not amendments: in force most of them, as in the registry.
DEMO_STATES = (["in_force"] * 26 + ["draft"] * 5 + ["under_negotiation"] * 6 + ["awaiting_signature"] * 5
               + ["expired"] * 5 + ["terminated"] * 3 + ["suspended"] * 4)
DEMO_TYPES = ("mou", "cooperation_agreement", "programme_of_action", "protocol")
# The first in-force agreements are amended once each (six amendments, all signed but one).
DEMO_AMENDED = 6
# In-force agreements among the first ones come up for review within 90 days.
DEMO_EXPIRING = 7
# (project code, agreement number, funding partner, implementing partner, amount in USD)
DEMO_PROJECT_AGREEMENTS = [
    ("EDU-2026-008", 1, "SA-FDN-KKF-2001", "JO-NGO-4410", "450000"),
    ("EDU-2026-009", 1, "SA-FDN-KKF-2001", "SO-NGO-2011-0457", "600000"),
    ("EDU-2026-011", 2, "SA-MIN-AWQAF", "MR-GOV-MEN-01", "250000"),
    ("EDU-2026-014", 7, "QA-CR-55012", "PS-CS-1170", "300000"),
]


def _reference(number: int) -> str:
    return f"AGR-{2021 + number % 6}-{number:03d}"


def _seed_partners() -> None:
    existing = set(db.session.scalars(db.select(Organization.registration_key)))
    officer = find_user_by_email("officer@demo.isesco.org")
    from portal.demo import _demo_document

    for owner_email, kind, country, city, number, names in DEMO_PARTNERS:
        if registration_key(number) in existing:
            continue
        organization = register_organization(find_user_by_email(owner_email), {
            "names": TranslatedText.build(names, "ar"), "kind": kind, "country_code": country, "city": city,
            "registration_number": number, "website": None, "contact_email": owner_email,
            "contact_phone": "+212 5 37 56 60 52", "field_codes": ["education", "culture"],
            "operation_country_codes": [country], "description": None,
        }, _demo_document())
        verify(organization.id, officer, DEMO_CHECKLIST)


def _partner(number: str) -> Organization:
    return db.session.scalar(db.select(Organization).where(Organization.registration_key == registration_key(number)))


def _dates(state: str, index: int, today: date) -> dict:
    """Signature, term and review of an agreement in `state`, from the day of seeding."""
    signed = today - timedelta(days=200 + 53 * index)
    notice = (30, 60, 90, 180)[index % 4]
    if state == "in_force" and index < DEMO_EXPIRING:
        end = today + timedelta(days=notice + 12 * (index + 1))
    elif state == "expired":
        end = today - timedelta(days=20 + 30 * index)
        signed = min(signed, end - timedelta(days=730))
    elif index % 9 == 4:
        end = None  # open-ended
    else:
        end = signed + timedelta(days=365 * (3 + index % 3))
        if state in AgreementState.SIGNED and state != "expired" and end <= today + timedelta(days=120):
            end = today + timedelta(days=400 + 10 * index)
    signed_at_all = state in AgreementState.SIGNED
    return {
        "isesco_signed_on": signed if signed_at_all else None,
        "partner_signed_on": signed + timedelta(days=index % 5) if signed_at_all else None,
        "start_date": signed, "end_date": end, "notice_days": notice,
        "review_date": review_date_of(end, notice),
        "concluded_on": signed + timedelta(days=5) if signed_at_all else None,
        "ended_on": (end if state == "expired" else today - timedelta(days=15 * (index % 7 + 1)))
        if state in AgreementState.ENDED else None,
    }


def _new_agreement(number: int, type_: str, state: str, theme: dict, partners: list[Organization],
                   focal_point: User, index: int, today: date, parent: Agreement | None = None) -> Agreement:
    original = ("ar", "en", "fr")[number % 3]
    title = TranslatedText.build({lang: DEMO_TYPE_TITLES[type_][lang].format(theme[lang]) for lang in theme}, original)
    agreement = Agreement(
        reference=_reference(number), title=title, type=type_, state=state, partners=partners,
        division=partners[0].division, focal_point_id=focal_point.id, parent_id=parent.id if parent else None,
        isesco_signatory_name="Salim M. AlMalik", isesco_signatory_title="Director-General of ISESCO",
        partner_signatory_name=("Dr. Aisha Noor", "Amadou Ba", "Siti Rahma")[index % 3] if state in AgreementState.SIGNED else None,
        partner_signatory_title="President" if state in AgreementState.SIGNED else None,
        automatic_renewal=index % 4 == 1, renewal_term_months=24 if index % 4 == 1 else None,
        state_reason={"terminated": "The partner's programme was closed.", "suspended": "Pending the audit of the last instalment."}.get(state),
        **_dates(state, index, today),
    )
    db.session.add(agreement)
    db.session.flush()
    return agreement


def _obligations(agreement: Agreement, index: int, today: date) -> None:
    partner = agreement.partners[0]
    for party, description, due, amount, state in (
        (None, "Provide technical expertise and train the project's staff", today + timedelta(days=60 - 25 * (index % 4)),
         None, ObligationState.PENDING if index % 3 else ObligationState.MET),
        (partner, "Transfer the annual contribution to the programme", today - timedelta(days=10 + index),
         Decimal(50_000 + 25_000 * (index % 4)), (ObligationState.PENDING, ObligationState.MET, ObligationState.WAIVED)[index % 3]),
        (partner, "Send the yearly narrative and financial report", today + timedelta(days=30 + 7 * index), None,
         ObligationState.PENDING),
    ):
        agreement.obligations.append(Obligation(
            party_id=party.id if party else None, description=description, due_date=due, amount=amount,
            currency="USD" if amount is not None else None, state=state,
            closed_on=due if state != ObligationState.PENDING else None,
        ))


def seed_demo_agreements(today: date | None = None) -> None:
    today = today or date.today()
    _seed_partners()
    if db.session.scalar(db.select(Agreement.id).where(Agreement.reference == _reference(1))):
        return
    officers = [find_user_by_email("officer@demo.isesco.org"), find_user_by_email("admin@demo.isesco.org")]
    partners = [_partner(number) for number in DEMO_PARTNER_NUMBERS]
    partners = [partner for partner in partners if partner is not None and partner.state == OrganizationState.VERIFIED]
    in_force: list[Agreement] = []
    for index, state in enumerate(DEMO_STATES):
        number = index + 1
        chosen = [partners[index % len(partners)]] + ([partners[(index + 5) % len(partners)]] if index % 6 == 3 else [])
        agreement = _new_agreement(number, DEMO_TYPES[index % len(DEMO_TYPES)], state,
                                   DEMO_THEMES[index % len(DEMO_THEMES)], chosen, officers[1 if index % 7 == 6 else 0], index, today)
        if state == AgreementState.IN_FORCE:
            in_force.append(agreement)
            if len(in_force) <= 15:
                _obligations(agreement, index, today)
    for offset, parent in enumerate(in_force[:DEMO_AMENDED]):
        number = len(DEMO_STATES) + offset + 1
        state = AgreementState.IN_FORCE if offset else AgreementState.AWAITING_SIGNATURE
        _new_agreement(number, AgreementType.AMENDMENT, state, DEMO_THEMES[(number + 3) % len(DEMO_THEMES)],
                       list(parent.partners), officers[0], offset + 20, today, parent=parent)
    for code, agreement_number, funder, implementer, amount in DEMO_PROJECT_AGREEMENTS:
        project = db.session.scalar(db.select(Project).where(Project.code == code))
        if project is None:
            continue
        project.agreement_id = in_force[agreement_number - 1].id
        for number, role, share in ((funder, PartnerRole.FUNDING, Decimal(amount)), (implementer, PartnerRole.IMPLEMENTING, None)):
            organization = _partner(number)
            if organization is not None and db.session.get(ProjectPartner, (project.id, organization.id, role)) is None:
                db.session.add(ProjectPartner(project_id=project.id, organization_id=organization.id, role=role,
                                              amount_usd=share))
    db.session.commit()
