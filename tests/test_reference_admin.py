"""Administrators keep the reference data: names, flags, taxonomy entries and exchange rates,
each change audited, none undone by reloading the shipped files, no stored amount rewritten."""
from datetime import date
from decimal import Decimal

import pytest

from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.projects.models import Pledge
from portal.reference.models import BeneficiaryGroup, Country, Currency, ExchangeRate, Field, Subsector
from portal.reference.services import forget_reference_lists
from tests.conftest import csrf_token, sign_in, submit
from tests.test_projects import client_for, world  # noqa: F401  (the projects' fixture)

RENAMED = {"name_ar": "جمهورية الصومال الفيدرالية", "name_en": "Federal Republic of Somalia",
           "name_fr": "République fédérale de Somalie", "member_state": "y", "special_circumstances": "y"}


@pytest.fixture(autouse=True)
def shipped_reference_data_back(app):
    """Reference tables outlive each test (conftest keeps them): put back what a test changed."""
    models = (Country, Field, Subsector, BeneficiaryGroup, Currency)
    with app.app_context():
        kept = {model: {row.code: (row.names, getattr(row, "member_state", None), getattr(row, "special_circumstances", None))
                        for row in db.session.scalars(db.select(model))} for model in models}
        rates = set(db.session.scalars(db.select(ExchangeRate.id)))
    yield
    with app.app_context():
        db.session.execute(db.delete(ExchangeRate).where(ExchangeRate.id.not_in(rates)))
        for model, rows in kept.items():
            db.session.execute(db.delete(model).where(model.code.not_in(list(rows))))
            for row in db.session.scalars(db.select(model)):
                row.names, flags = rows[row.code][0], rows[row.code][1:]
                if model is Country:
                    row.member_state, row.special_circumstances = flags
        db.session.commit()
        forget_reference_lists()


@pytest.fixture
def admin(app, make_user):
    make_user("admin@example.org", role="admin")
    client = app.test_client()
    sign_in(client, "admin@example.org")
    return client


def test_a_renamed_country_keeps_its_name_after_the_reference_data_is_loaded_again(app, admin):
    response = submit(admin, "/en/admin/reference/countries/SO/edit", RENAMED)
    assert response.status_code == 302
    assert "Federal Republic of Somalia" in app.test_client().get("/en/countries/SO").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["portal", "load-reference-data"])
    assert result.exit_code == 0
    with app.app_context():
        somalia = db.session.get(Country, "SO")
        assert somalia.names.texts["ar"] == "جمهورية الصومال الفيدرالية"
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "country.updated")).one()
        assert entry.before["names"]["en"] == "Somalia" and entry.after["names"]["en"] == "Federal Republic of Somalia"
    assert "Federal Republic of Somalia" in app.test_client().get("/en/countries/SO").get_data(as_text=True)


def test_a_name_left_empty_is_refused_and_nothing_changes(app, admin):
    page = submit(admin, "/en/admin/reference/countries/SO/edit", {**RENAMED, "name_fr": ""}).get_data(as_text=True)
    assert "This field is required." in page or "required" in page
    with app.app_context():
        assert db.session.get(Country, "SO").names.texts["en"] == "Somalia"
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


def test_flags_change_which_countries_are_in_special_circumstances(app, admin):
    submit(admin, "/en/admin/reference/countries/MA/edit", {"name_ar": "المغرب", "name_en": "Morocco", "name_fr": "Maroc",
                                                      "member_state": "y", "special_circumstances": "y"})
    with app.app_context():
        assert db.session.get(Country, "MA").special_circumstances is True


def test_an_administrator_adds_a_subsector_under_a_field(app, admin):
    submit(admin, "/en/admin/reference/subsectors/new",
           {"code": "school_meals", "field_code": "education", "name_ar": "التغذية المدرسية",
            "name_en": "School meals", "name_fr": "Cantines scolaires"})
    with app.app_context():
        assert db.session.get(Subsector, "school_meals").field_code == "education"
    again = submit(admin, "/en/admin/reference/subsectors/new",
                   {"code": "school_meals", "field_code": "education", "name_ar": "أ", "name_en": "b", "name_fr": "c"})
    assert "An entry with this code exists already." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Subsector, "school_meals").names.texts["en"] == "School meals"



def test_a_new_exchange_rate_leaves_stored_equivalents_and_serves_later_pledges(app, world, admin):  # noqa: F811
    donor = client_for(app, "donor")
    page = f"/en/projects/{world['school']}"
    pledge = {"organization_id": str(world["donor_org"]), "currency": "EUR", "need_id": ""}
    submit(donor, page, {**pledge, "amount": "10000"}, action=f"{page}/pledges")
    with app.app_context():
        [first] = db.session.scalars(db.select(Pledge)).all()
        first_usd = first.amount_usd

    response = submit(admin, "/en/admin/reference/currencies/EUR/edit", {"units_per_usd": "0.5", "valid_from": date.today().isoformat()},
                      action="/en/admin/reference/currencies/EUR/rates", follow_redirects=True)
    assert "The rate is added" in response.get_data(as_text=True)
    submit(donor, page, {**pledge, "amount": "10000"}, action=f"{page}/pledges")
    with app.app_context():
        first, second = db.session.scalars(db.select(Pledge).order_by(Pledge.id)).all()
        assert first.amount_usd == first_usd
        assert second.amount_usd == Decimal("20000.00")
        assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.object_type == "currency")) == "exchange_rate.added"


@pytest.mark.parametrize("rate", ["0", "-3", "many"])
def test_a_rate_that_is_not_a_positive_number_is_refused(app, admin, rate):
    response = submit(admin, "/en/admin/reference/currencies/EUR/edit", {"units_per_usd": rate, "valid_from": "2030-01-01"},
                      action="/en/admin/reference/currencies/EUR/rates", follow_redirects=True)
    assert "alert-danger" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


ROUTES = [
    "/en/admin/reference/",
    "/en/admin/reference/countries",
    "/en/admin/reference/countries/SO/edit",
    "/en/admin/reference/subsectors/new",
]
BUTTONS = [
    ("/en/admin/reference/countries/SO/edit", RENAMED),
    ("/en/admin/reference/beneficiary-groups/new", {"code": "new_group", "name_ar": "أ", "name_en": "b", "name_fr": "c"}),
    ("/en/admin/reference/currencies/EUR/rates", {"units_per_usd": "0.5", "valid_from": "2030-01-01"}),
]


@pytest.mark.parametrize("kind", ["anonymous", "member", "officer"])
def test_only_administrators_reach_reference_data(app, make_user, kind):
    client = app.test_client()
    if kind != "anonymous":
        make_user(f"{kind}@example.org", role=kind)
        sign_in(client, f"{kind}@example.org")
    for path in ROUTES:
        assert client.get(path).status_code == (302 if kind == "anonymous" else 403), path
    token = csrf_token(client, "/en/password/forgot")
    for path, data in BUTTONS:
        assert client.post(path, data={"csrf_token": token, **data}).status_code == (302 if kind == "anonymous" else 403), path
    with app.app_context():
        assert db.session.get(Country, "SO").names.texts["en"] == "Somalia"
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


def test_an_administrator_opens_every_reference_list(app, admin):
    for kind in ("countries", "fields", "subsectors", "beneficiary-groups", "currencies"):
        assert admin.get(f"/en/admin/reference/{kind}").status_code == 200
    assert "Exchange rates" in admin.get("/en/admin/reference/currencies/EUR/edit").get_data(as_text=True)
