"""Demo data for `flask portal seed-demo`: idempotent, so it can run on every start."""
from __future__ import annotations

import secrets

from pypdf import PdfWriter

from portal.accounts.models import User
from portal.accounts.services import find_user_by_email, hash_password
from portal.core.permissions import Role
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile, upload_dir
from portal.extensions import db
from portal.organizations.models import Organization, OrganizationState
from portal.organizations.services import register_organization, registration_key, verify

DEMO_PASSWORD = "demo-portal-2026"

DEMO_ACCOUNTS = [
    {"email": "admin@demo.isesco.org", "name": "Amina El Idrissi", "role": Role.ADMIN, "locale": "ar"},
    {"email": "officer@demo.isesco.org", "name": "Youssef Benali", "role": Role.OFFICER, "locale": "fr"},
    {"email": "charity@demo.isesco.org", "name": "Hodan Abdi Warsame", "role": Role.MEMBER, "locale": "ar"},
    {"email": "ministry@demo.isesco.org", "name": "Abdullah Al-Harbi", "role": Role.MEMBER, "locale": "ar"},
    {"email": "donor@demo.isesco.org", "name": "Claire Martin", "role": Role.MEMBER, "locale": "en"},
]


def seed_demo() -> list[dict]:
    """Create the demo accounts and organizations that are missing; returns the accounts to print."""
    for account in DEMO_ACCOUNTS:
        if find_user_by_email(account["email"]) is None:
            db.session.add(
                User(
                    email=account["email"],
                    name=account["name"],
                    role=account["role"],
                    preferred_locale=account["locale"],
                    password_hash=hash_password(DEMO_PASSWORD),
                    email_confirmed_at=utcnow(),
                )
            )
    db.session.commit()
    seed_demo_organizations()
    seed_demo_needs()
    return [dict(account, password=DEMO_PASSWORD) for account in DEMO_ACCOUNTS]


# owner's email, state, kind, country, city, registration number, website, fields, countries of operation, names
DEMO_ORGANIZATIONS = [
    ("charity@demo.isesco.org", "verified", "charity", "SO", "Mogadishu", "SO-NGO-2011-0457", "https://ihsan-somalia.example.org",
     ["education"], ["SO"], {"ar": "جمعية الإحسان الخيرية", "en": "Al-Ihsan Charitable Society", "fr": "Association caritative Al-Ihsane"}),
    ("ministry@demo.isesco.org", "verified", "endowment_ministry", "SA", "Riyadh", "SA-MIN-AWQAF", None,
     ["education", "culture"], ["YE", "SO", "SD"], {"ar": "وزارة الشؤون الإسلامية والدعوة والإرشاد", "en": "Ministry of Islamic Affairs, Dawah and Guidance"}),
    ("donor@demo.isesco.org", "verified", "donor", "AE", "Abu Dhabi", "AE-FDN-0091", "https://khair-fund.example.org",
     ["education", "science"], ["AF", "YE", "PS"], {"en": "Al-Khair Development Fund", "ar": "صندوق الخير للتنمية"}),
    ("charity@demo.isesco.org", "verified", "ngo", "AF", "Kabul", "AF-NGO-3321", None,
     ["education"], ["AF"], {"en": "Light of Knowledge Schools", "fr": "Écoles Lumière du savoir", "ar": "مدارس نور المعرفة"}),
    ("ministry@demo.isesco.org", "verified", "national_commission", "MA", "Rabat", "MA-CN-001", None,
     ["education", "science", "culture", "communication"], ["MA"], {"fr": "Commission nationale marocaine pour l'éducation, la culture et la science", "ar": "اللجنة الوطنية المغربية للتربية والثقافة والعلوم"}),
    ("donor@demo.isesco.org", "verified", "academic", "MY", "Kuala Lumpur", "MY-UNI-1983", "https://iium-research.example.org",
     ["science"], ["ID", "MY", "BD"], {"en": "Centre for Islamic Heritage Research"}),
    ("charity@demo.isesco.org", "verified", "cultural_centre", "ML", "Timbuktu", "ML-CC-2002-17", None,
     ["culture"], ["ML"], {"fr": "Centre des manuscrits de Tombouctou", "ar": "مركز مخطوطات تمبكتو"}),
    ("charity@demo.isesco.org", "verified", "civil_society", "PS", "Al-Quds", "PS-CS-1170", None,
     ["education", "culture"], ["PS"], {"ar": "جمعية أصدقاء المكتبات المقدسية", "en": "Friends of Al-Quds Libraries"}),
    ("donor@demo.isesco.org", "verified", "private_sector", "QA", "Doha", "QA-CR-55012", "https://sanad-telecom.example.org",
     ["communication"], ["SY", "IQ"], {"en": "Sanad Telecom Foundation", "ar": "مؤسسة سند للاتصالات"}),
    ("charity@demo.isesco.org", "pending", "charity", "YE", "Aden", "YE-CH-2020-88", None,
     ["education"], ["YE"], {"ar": "جمعية الأمل لرعاية الأيتام"}),
    ("donor@demo.isesco.org", "pending", "ngo", "SD", "Khartoum", "SD-NGO-7781", None,
     ["science"], ["SD"], {"en": "Blue Nile Water Initiative", "fr": "Initiative Eau du Nil Bleu"}),
    ("ministry@demo.isesco.org", "pending", "governmental", "IQ", "Baghdad", "IQ-GOV-204", None,
     ["culture"], ["IQ"], {"ar": "الهيئة العامة للآثار والتراث", "fr": "Conseil général des antiquités et du patrimoine"}),
]


def _demo_document() -> StoredFile:
    """A one-page PDF standing in for the statutes a real organization would upload."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stored_name = f"demo-{secrets.token_hex(8)}.pdf"
    with open(upload_dir() / stored_name, "wb") as handle:
        writer.write(handle)
    return StoredFile(stored_name, "statutes.pdf", "application/pdf", (upload_dir() / stored_name).stat().st_size)


def seed_demo_organizations() -> None:
    existing = set(db.session.scalars(db.select(Organization.registration_key)))
    officer = find_user_by_email("officer@demo.isesco.org")
    for owner_email, state, kind, country, city, number, website, fields, operates_in, names in DEMO_ORGANIZATIONS:
        if registration_key(number) in existing:
            continue
        owner = find_user_by_email(owner_email)
        text = TranslatedText.build(names)
        organization = register_organization(
            owner,
            {
                "names": text,
                "kind": kind,
                "country_code": country,
                "city": city,
                "registration_number": number,
                "website": website,
                "contact_email": owner_email,
                "contact_phone": "+212 5 37 56 60 52",
                "field_codes": fields,
                "operation_country_codes": operates_in,
                "description": None,
            },
            _demo_document(),
        )
        if state == OrganizationState.VERIFIED:
            verify(organization.id, officer)


# (title, description) per language, for the demo needs: every field, three languages.
DEMO_NEED_TEXTS = [
    ({"ar": "ترميم مدرسة ابتدائية", "en": "Repair a primary school", "fr": "Réhabiliter une école primaire"},
     {"ar": "انهار سقف المدرسة ويدرس الأطفال في العراء.", "en": "The school roof collapsed and children study outdoors.",
      "fr": "Le toit de l'école s'est effondré ; les enfants étudient dehors."}, "school_buildings_equipment", "children"),
    ({"ar": "منح دراسية لأيتام", "en": "Scholarships for orphans"},
     {"ar": "منح لمئة يتيم في المرحلة الثانوية.", "en": "Grants for one hundred orphans in secondary school."},
     "orphans_schooling", "orphans"),
    ({"fr": "Alphabétisation des femmes", "ar": "محو أمية النساء"},
     {"fr": "Cours du soir pour trois cents femmes.", "ar": "دروس مسائية لثلاثمئة امرأة."}, "literacy_non_formal", "women_girls"),
    ({"en": "Solar power for a rural clinic school", "fr": "Énergie solaire pour une école rurale"},
     {"en": "Panels and batteries so classes continue after dark."}, "renewable_energy", "whole_communities"),
    ({"ar": "آبار مياه للقرى", "en": "Water wells for villages"},
     {"ar": "حفر ثلاث آبار قرب المدارس.", "en": "Three wells near the schools."}, "water_resources", "whole_communities"),
    ({"fr": "Sauvegarde de manuscrits anciens", "ar": "صون المخطوطات القديمة"},
     {"fr": "Numérisation et conservation de deux mille manuscrits."}, "manuscripts_libraries", "researchers"),
    ({"ar": "إعادة تأهيل موقع تراثي", "en": "Restore a heritage site"},
     {"ar": "ترميم جدران مسجد تاريخي متضرر.", "en": "Repair the walls of a damaged historic mosque."}, "tangible_heritage", "whole_communities"),
    ({"en": "Training for young journalists", "ar": "تدريب الصحفيين الشباب"},
     {"en": "A six-week course in ethical reporting."}, "media_training", "youth"),
    ({"fr": "Formation des enseignants", "en": "Teacher training"},
     {"fr": "Formation pédagogique pour cent vingt enseignants.", "en": "Teaching skills for 120 teachers."},
     "teacher_training", "teachers_educators"),
    ({"ar": "منصة تعلم رقمي", "fr": "Plateforme d'apprentissage numérique"},
     {"ar": "أجهزة لوحية ومحتوى تعليمي للنازحين.", "fr": "Tablettes et contenus pour les enfants déplacés."},
     "digital_learning", "refugees_displaced"),
]
DEMO_NEED_STATES = ["published", "published", "published", "submitted", "draft", "returned", "matched", "in_progress",
                    "fulfilled", "withdrawn", "closed", "expired"]
DEMO_URGENCIES = ["critical", "high", "medium", "low"]


def seed_demo_needs() -> None:
    """Needs in every special-circumstances country, across fields, states and languages."""
    from datetime import date, timedelta
    from decimal import Decimal

    from portal.needs import services as needs
    from portal.needs.models import Need
    from portal.reference.models import Country

    if db.session.scalar(db.select(db.func.count()).select_from(Need)):
        return
    author = find_user_by_email("charity@demo.isesco.org")
    organization = needs.posting_organizations(author)[0]
    countries = db.session.scalars(
        db.select(Country.code).where(Country.special_circumstances.is_(True)).order_by(Country.code)
    ).all()
    for index, state in enumerate(DEMO_NEED_STATES * 2):
        title, description, subsector, group = DEMO_NEED_TEXTS[index % len(DEMO_NEED_TEXTS)]
        need = needs.create_need(
            organization,
            author,
            needs.NeedData(
                title=TranslatedText.build(title),
                description=TranslatedText.build(description),
                country_code=countries[index % len(countries)],
                area=None,
                subsector_codes=[subsector],
                group_codes=[group],
                beneficiary_count=50 + 37 * index,
                urgency=DEMO_URGENCIES[index % len(DEMO_URGENCIES)],
                cost_amount=Decimal(5000 + 2500 * index),
                cost_currency=["USD", "EUR", "SAR", "MAD"][index % 4],
                start_date=date.today() - timedelta(days=200 if state == "expired" else 0),
                end_date=date.today() + timedelta(days=-20 if state == "expired" else 90 + 30 * index),
            ),
            [],
        )
        # Demo data shows every state; the transitions themselves are the services' and tested there.
        need.state = state
        if state in ("published", "matched", "in_progress", "fulfilled", "closed"):
            need.published_at = utcnow()
        if state == "returned":
            need.state_comment = "أضيفوا تفاصيل الميزانية من فضلكم."
        db.session.commit()
    _seed_demo_priorities()


def _seed_demo_priorities() -> None:
    from portal.needs.priorities import PriorityData, create_priority, priority_organizations

    minister = find_user_by_email("ministry@demo.isesco.org")
    for organization in priority_organizations(minister):
        for rank, (title, subsector) in enumerate(
            [({"ar": "تعليم الأيتام واللاجئين", "en": "Schooling for orphans and refugees"}, "orphans_schooling"),
             ({"ar": "صون المخطوطات", "fr": "Sauvegarde des manuscrits"}, "manuscripts_libraries")],
            start=1,
        ):
            create_priority(organization, minister, PriorityData(
                title=TranslatedText.build(title), description=None, subsector_code=subsector,
                rank=rank, period_start=2026, period_end=2028,
            ))
