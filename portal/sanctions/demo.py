"""Demo data of sanctions screening: the shipped sample of the list (fictional entries in the
UN's format) imported once, and a Moroccan reading association whose name is that of a listed
foundation: its red flag is for an officer to clear on the organization's screening page.
Running the seed again adds nothing."""
from __future__ import annotations

from pathlib import Path

from portal.accounts.services import find_user_by_email
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.organizations.models import Organization
from portal.organizations.services import register_organization, registration_key
from portal.sanctions.services import current_import, import_list, screen_everyone

SAMPLE_LIST = Path(__file__).resolve().parent / "data" / "un-consolidated-sample.xml"
NEAR_HIT_NUMBER = "MA-ASSO-1998-231"


def seed_demo_sanctions() -> None:
    from portal.demo import _demo_document

    if current_import() is None:
        import_list(SAMPLE_LIST)
        screen_everyone()
    if db.session.scalar(db.select(Organization.id).where(Organization.registration_key == registration_key(NEAR_HIT_NUMBER))):
        return
    owner = "charity@demo.isesco.org"
    register_organization(find_user_by_email(owner), {
        "names": TranslatedText.build({"ar": "جمعية السراج المنير", "fr": "Association As-Siraj Al-Mounir"}, "ar"),
        "kind": "civil_society", "country_code": "MA", "city": "Fès", "registration_number": NEAR_HIT_NUMBER,
        "website": None, "contact_email": owner, "contact_phone": "+212 5 35 62 11 40", "field_codes": ["culture"],
        "operation_country_codes": ["MA"], "description": None, "founding_year": 1998,
        "directors": "Fatima Zahra Bennani\nMohammed Amine Tazi",
    }, _demo_document())
