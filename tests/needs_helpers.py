"""Building needs for tests through the service the form calls."""
from datetime import date, timedelta
from decimal import Decimal

from portal.accounts.models import User
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs import services
from portal.needs.models import Need
from portal.organizations.models import Organization


def need_data(**overrides) -> services.NeedData:
    values = dict(
        title=TranslatedText.build({"ar": "ترميم مدرسة في بيدوا", "en": "Repair a school in Baidoa"}),
        description=TranslatedText.build({"ar": "سقف المدرسة منهار", "en": "The school roof has collapsed."}),
        country_code="SO",
        area="Baidoa",
        subsector_codes=["school_buildings_equipment"],
        group_codes=["children"],
        beneficiary_count=420,
        urgency="high",
        cost_amount=Decimal("25000"),
        cost_currency="USD",
        start_date=date.today(),
        end_date=date.today() + timedelta(days=180),
    )
    values.update(overrides)
    return services.NeedData(**values)


def form_fields(**overrides) -> dict:
    """The need form's fields as a browser posts them."""
    fields = {
        "title_ar": "ترميم مدرسة في بيدوا",
        "title_en": "Repair a school in Baidoa",
        "title_fr": "",
        "description_ar": "سقف المدرسة منهار",
        "description_en": "The school roof has collapsed.",
        "description_fr": "",
        "country_code": "SO",
        "area": "Baidoa",
        "subsector_codes": ["school_buildings_equipment"],
        "group_codes": ["children"],
        "beneficiary_count": "420",
        "urgency": "high",
        "cost_amount": "25000",
        "cost_currency": "USD",
        "start_date": date.today().isoformat(),
        "end_date": (date.today() + timedelta(days=180)).isoformat(),
    }
    fields.update(overrides)
    return fields


def make_need(app, organization_id: int, author_id: int, state: str = "draft", **overrides) -> int:
    with app.app_context():
        need = services.create_need(
            db.session.get(Organization, organization_id), db.session.get(User, author_id), need_data(**overrides), []
        )
        need.state = state
        db.session.commit()
        return need.id


def load_need(app, need_id: int) -> Need:
    with app.app_context():
        need = db.session.get(Need, need_id)
        db.session.expunge_all()
        return need
