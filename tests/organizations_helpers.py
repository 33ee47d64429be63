"""Building organizations for tests, through the same service the registration form calls."""
import uuid
from pathlib import Path

from portal.accounts.models import User
from portal.core.translated import TranslatedText
from portal.core.uploads import StoredFile, upload_dir
from portal.extensions import db
from portal.organizations import services
from portal.organizations.models import MemberRole, Membership, Organization

FILES = Path(__file__).resolve().parent / "files"


def form_data(**overrides) -> dict:
    data = {
        "name_ar": "جمعية الإحسان الخيرية",
        "name_en": "",
        "name_fr": "Association Al-Ihsane",
        "acronym": "AIC",
        "kind": "charity",
        "country_code": "SO",
        "city": "Mogadishu",
        "registration_number": "SO-2019-0457",
        "website": "https://al-ihsan.example.org",
        "contact_email": "contact@al-ihsan.example.org",
        "contact_phone": "+252 61 000 0000",
        "field_codes": ["education"],
        "operation_country_codes": ["SO", "YE"],
        "description_ar": "تعليم الأيتام في الصومال",
        "description_en": "",
        "description_fr": "",
        "founding_year": "2004",
    }
    data.update(overrides)
    return data


def make_organization(app, owner_id: int, state: str = "pending", **overrides) -> int:
    """An organization with a stored PDF document, in the given state, owned by owner_id."""
    names = overrides.pop("names", {"ar": "جمعية الإحسان الخيرية", "fr": "Association Al-Ihsane"})
    with app.app_context():
        stored_name = f"{uuid.uuid4().hex}.pdf"
        (upload_dir() / stored_name).write_bytes((FILES / "registration.pdf").read_bytes())
        data = form_data(**overrides)
        data["names"] = TranslatedText.build(names)
        data["description"] = None
        data["founding_year"] = int(data["founding_year"]) if data["founding_year"] else None
        organization = services.register_organization(
            db.session.get(User, owner_id), data, StoredFile(stored_name, "statutes.pdf", "application/pdf", 431)
        )
        organization.state = state
        db.session.commit()
        return organization.id


def add_member(app, organization_id: int, user_id: int, role: str = MemberRole.VIEWER) -> None:
    with app.app_context():
        db.session.add(Membership(organization_id=organization_id, user_id=user_id, role=role))
        db.session.commit()


def load_organization(app, organization_id: int) -> Organization:
    with app.app_context():
        organization = db.session.get(Organization, organization_id)
        db.session.expunge_all()
        return organization


def checklist(failed: tuple[str, ...] = ()) -> dict:
    """A verification checklist as services take it: every item passed (audited accounts not
    applicable) but the `failed` ones."""
    return {item: {"result": "failed" if item in failed else ("not_applicable" if item == "audited_accounts" else "passed"),
                   "comment": "Checked." if item not in failed else "Not as required."}
            for item in ("registration_document", "mission", "contact", "safeguarding", "audited_accounts")}


def checklist_data(failed: tuple[str, ...] = ()) -> dict:
    """The same checklist as the officers' verification form posts it."""
    data = {}
    for item, entry in checklist(failed).items():
        data[f"{item}_result"] = entry["result"]
        data[f"{item}_comment"] = entry["comment"]
    return data
