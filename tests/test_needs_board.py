from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.core.pages import paginate
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs import views
from portal.needs.models import Need
from tests.conftest import sign_in
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.test_organization_directory import count_queries


@pytest.fixture
def board(app, make_user):
    owner = make_user(email="owner@example.org")
    organization = make_organization(app, owner, state="verified")
    make = lambda **kw: make_need(app, organization, owner, state=kw.pop("state", "published"), **kw)  # noqa: E731
    return {
        "organization": organization,
        "school": make(title=TranslatedText.build({"ar": "بناء مدرسة للأيتام"}),
                       description=TranslatedText.build({"ar": "فصول دراسية لمئتي طفل"}), country_code="YE", urgency="critical",
                       subsector_codes=["school_buildings_equipment"], group_codes=["orphans"], cost_amount=Decimal("90000")),
        "water": make(title=TranslatedText.build({"en": "Wells for Timbuktu villages", "fr": "Puits pour les villages de Tombouctou"}),
                      description=TranslatedText.build({"en": "Three wells."}),
                      country_code="ML", urgency="low", subsector_codes=["water_resources"], group_codes=["whole_communities"],
                      cost_amount=Decimal("15000")),
        "manuscripts": make(title=TranslatedText.build({"fr": "Numérisation des manuscrits"}),
                            description=TranslatedText.build({"fr": "Scanner dix mille pages."}), country_code="MA", urgency="medium",
                            subsector_codes=["manuscripts_libraries"], group_codes=["researchers"], cost_amount=Decimal("40000"),
                            state="matched"),
    }


def titles(client, query=""):
    html = client.get(f"/en/needs/?{query}").get_data(as_text=True)
    return [name for name in ("بناء مدرسة للأيتام", "Wells for Timbuktu villages", "Numérisation des manuscrits") if name in html]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["بناء مدرسة للأيتام", "Wells for Timbuktu villages", "Numérisation des manuscrits"]),
        ("q=مدرسه", ["بناء مدرسة للأيتام"]),
        ("q=أيتام", ["بناء مدرسة للأيتام"]),
        ("q=numerisation", ["Numérisation des manuscrits"]),
        ("q=TOMBOUCTOU", ["Wells for Timbuktu villages"]),
        ("country=ML", ["Wells for Timbuktu villages"]),
        ("special=1", ["بناء مدرسة للأيتام", "Wells for Timbuktu villages"]),
        ("field=culture", ["Numérisation des manuscrits"]),
        ("subsector=water_resources", ["Wells for Timbuktu villages"]),
        ("group=orphans", ["بناء مدرسة للأيتام"]),
        ("urgency=critical", ["بناء مدرسة للأيتام"]),
        ("state=matched", ["Numérisation des manuscrits"]),
    ],
)
def test_filters_and_search(client, board, query, expected):
    assert titles(client, query) == expected


def test_organization_filter(client, board, app, make_user):
    other = make_organization(app, make_user(email="x@example.org"), state="verified", names={"en": "Other"}, registration_number="7")
    assert titles(client, f"organization={other}") == []
    assert len(titles(client, f"organization={board['organization']}")) == 3


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("urgency", ["بناء مدرسة للأيتام", "Numérisation des manuscrits", "Wells for Timbuktu villages"]),
        ("cost", ["بناء مدرسة للأيتام", "Numérisation des manuscrits", "Wells for Timbuktu villages"]),
        ("newest", ["Numérisation des manuscrits", "Wells for Timbuktu villages", "بناء مدرسة للأيتام"]),
    ],
)
def test_sorts(client, board, sort, order):
    html = client.get(f"/en/needs/?sort={sort}").get_data(as_text=True)
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)


def test_the_board_runs_a_fixed_number_of_queries(app, client, make_user):
    owner = make_user(email="many@example.org")
    organization = make_organization(app, owner, state="verified")
    for _ in range(2):
        make_need(app, organization, owner, state="published")
    few = count_queries(app, "/en/needs/?sort=cost", client)
    for _ in range(20):
        make_need(app, organization, owner, state="published", subsector_codes=["scholarships", "digital_learning"],
                  group_codes=["youth", "women_girls"])
    assert count_queries(app, "/en/needs/?sort=cost", client) == few


def test_the_country_page_lists_its_needs_and_the_organizations_working_there(app, client, board, make_user):
    html = client.get("/ar/countries/YE").get_data(as_text=True)
    assert "اليمن" in html and "بناء مدرسة للأيتام" in html
    assert "Wells for Timbuktu villages" not in html
    # The helpers' organization has its seat in Somalia and works in Somalia and Yemen.
    assert f'href="/ar/organizations/{board["organization"]}"' in html
    assert client.get("/en/countries/ye").status_code == 301
    assert client.get("/en/countries/XX").status_code == 404


def test_expired_needs_leave_the_board_on_their_end_date(app, client, board, make_user):
    owner = make_user(email="late@example.org")
    organization = make_organization(app, owner, state="verified", registration_number="late")
    yesterday = date.today() - timedelta(days=1)
    make_need(app, organization, owner, state="published", title=TranslatedText.build({"en": "Too late"}),
              start_date=yesterday - timedelta(days=10), end_date=yesterday)
    assert "Too late" not in client.get("/en/needs/").get_data(as_text=True)


def test_cards_name_the_country_and_subsectors_in_the_reader_language(client, board):
    html = client.get("/fr/needs/?country=YE").get_data(as_text=True)
    assert "Yémen" in html
    assert "Bâtiments et équipements scolaires" in html
    html = client.get("/ar/needs/?country=YE").get_data(as_text=True)
    assert "اليمن" in html and "Yémen" not in html


def test_a_broad_list_says_more_than_its_count_limit_and_pages_go_on(app, client, make_user, monkeypatch):
    owner = make_user(email="many@example.org")
    organization = make_organization(app, owner, state="verified")
    for _ in range(3):
        make_need(app, organization, owner, state="published")
    monkeypatch.setattr(views, "BOARD_COUNT_LIMIT", 2)
    html = client.get("/en/needs/").get_data(as_text=True)
    assert "More than 2 needs" in html
    monkeypatch.setattr(views, "BOARD_COUNT_LIMIT", 3)
    assert "3 needs" in client.get("/en/needs/").get_data(as_text=True)


def test_counting_stops_at_the_limit_but_the_next_page_is_still_offered(app, make_user):
    owner = make_user(email="many@example.org")
    organization = make_organization(app, owner, state="verified")
    for _ in range(4):
        make_need(app, organization, owner, state="published")
    with app.app_context():
        rows, ids = db.select(Need).order_by(Need.id), db.select(Need.id)
        second = paginate(rows, ids, page=2, per_page=1, count_limit=2)
        assert (second.total, second.total_is_lower_bound, second.has_next) == (2, True, True)
        third = paginate(rows, ids, page=3, per_page=1, count_limit=2)
        assert third.has_next and len(third.items) == 1
        last = paginate(rows, ids, page=4, per_page=1, count_limit=2)
        assert not last.has_next and len(last.items) == 1
        exact = paginate(rows, ids, page=1, per_page=3)
        assert (exact.total, exact.total_is_lower_bound, exact.pages, exact.has_next) == (4, False, 2, True)


def test_the_moderation_queue_runs_a_fixed_number_of_queries(app, client, make_user):
    owner = make_user(email="many@example.org")
    make_user(email="officer@example.org", role="officer")
    organization = make_organization(app, owner, state="verified")
    make_need(app, organization, owner, state="submitted")
    sign_in(client, "officer@example.org")
    few = count_queries(app, "/en/officer/needs", client)
    for _ in range(10):
        make_need(app, organization, owner, state="submitted", subsector_codes=["scholarships", "digital_learning"])
    assert count_queries(app, "/en/officer/needs", client) == few


def test_the_filters_keep_what_was_chosen(client, board):
    html = client.get("/en/needs/?country=ML&urgency=low&field=culture").get_data(as_text=True)
    assert html.count("<option selected ") == 3
    assert '<option selected value="ML">Mali</option>' in html
    assert '<option selected value="low">Low</option>' in html
    assert '<option selected value="culture">' in html
