"""Demo data of due diligence: the checklist the demo officer fills in for each demo organization
it verifies (DEMO_CHECKLIST, given to `verify` by the demo seeds), and risk flags of every
severity: an observation, an escalation, a red flag cleared, and a red flag standing on a small
organization of its own that no other demo flow uses, whose pledges are therefore suspended.

Running the seed again adds nothing: an organization is known by its registration number, a flag
by its organization and reason."""
from __future__ import annotations

from portal.accounts.services import find_user_by_email
from portal.core.translated import TranslatedText
from portal.duediligence.models import CheckResult, ChecklistItem, RiskFlag
from portal.duediligence.services import clear_flag, raise_flag
from portal.extensions import db
from portal.organizations.models import Organization
from portal.organizations.services import register_organization, registration_key, verify

# As the demo officer (who reads French) fills it in: every item passed, no pledges yet to call
# for audited accounts.
DEMO_CHECKLIST = {
    ChecklistItem.REGISTRATION_DOCUMENT: {"result": CheckResult.PASSED,
                                          "comment": "Statuts vérifiés auprès du registre national."},
    ChecklistItem.MISSION: {"result": CheckResult.PASSED, "comment": "Activités dans l'éducation et la culture."},
    ChecklistItem.CONTACT: {"result": CheckResult.PASSED, "comment": "Appel au siège, adresse confirmée."},
    ChecklistItem.SAFEGUARDING: {"result": CheckResult.PASSED, "comment": "Politique de protection de l'enfance jointe."},
    ChecklistItem.AUDITED_ACCOUNTS: {"result": CheckResult.NOT_APPLICABLE, "comment": "Aucune promesse de don à ce jour."},
}

# The organization under a standing red flag: owner, kind, country, city, registration number, names.
FLAGGED = ("ahmad.fauzi@demo.isesco.org", "ngo", "ID", "Medan", "ID-NGO-2019-5521",
           {"en": "Horizon Youth Learning Association", "ar": "جمعية أفق لتعليم الشباب"})

# registration number, category, severity, reason, evidence, comment clearing it (None: it stands).
DEMO_FLAGS = [
    ("QA-CR-55012", "performance", "observation",
     "Rapport d'activité 2025 remis avec quatre mois de retard.", "Courriel du point focal du 12 mai.", None),
    ("PS-CS-1170", "safeguarding", "escalation",
     "La politique de protection ne couvre pas les bénévoles encadrant des mineurs.",
     "Politique transmise le 3 mars, section 4.", None),
    ("MY-UNI-1983", "financial", "red",
     "Article de presse sur le détournement d'une subvention de recherche.", "Article du 18 février.",
     "L'audit externe de mars n'a relevé aucun détournement ; l'article a été rectifié."),
    (FLAGGED[4], "integrity", "red",
     "Le numéro d'enregistrement correspond à une association dissoute au registre national.",
     "Extrait du registre indonésien du 2 avril.", None),
]


def _seed_flagged_organization() -> None:
    if db.session.scalar(db.select(Organization.id).where(Organization.registration_key == registration_key(FLAGGED[4]))):
        return
    from portal.demo import _demo_document

    owner_email, kind, country, city, number, names = FLAGGED
    organization = register_organization(find_user_by_email(owner_email), {
        "names": TranslatedText.build(names), "kind": kind, "country_code": country, "city": city,
        "registration_number": number, "website": None, "contact_email": owner_email,
        "contact_phone": "+62 61 455 0192", "field_codes": ["education"], "operation_country_codes": [country],
        "description": None,
    }, _demo_document())
    verify(organization.id, find_user_by_email("officer@demo.isesco.org"), DEMO_CHECKLIST)


def seed_demo_due_diligence() -> None:
    _seed_flagged_organization()
    officer = find_user_by_email("officer@demo.isesco.org")
    for number, category, severity, reason, evidence, cleared in DEMO_FLAGS:
        organization_id = db.session.scalar(
            db.select(Organization.id).where(Organization.registration_key == registration_key(number)))
        if organization_id is None or db.session.scalar(db.select(RiskFlag.id).where(
                RiskFlag.organization_id == organization_id, RiskFlag.reason == reason)):
            continue
        flag = raise_flag(organization_id, officer, category, severity, reason, evidence)
        db.session.commit()
        if cleared:
            clear_flag(flag.id, officer, cleared)
