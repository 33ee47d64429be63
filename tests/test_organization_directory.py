import pytest
from sqlalchemy import event

from portal.extensions import db
from tests.organizations_helpers import make_organization


@pytest.fixture
def directory(app, make_user):
    owner = make_user(email="owner@example.org")
    ids = {
        "school": make_organization(app, owner, state="verified", names={"ar": "مدرسة النور", "fr": "École Lumière"}, kind="charity", country_code="MA", field_codes=["education"], operation_country_codes=["SO"], registration_number="1"),
        "heritage": make_organization(app, owner, state="verified", names={"en": "Heritage Trust"}, kind="ngo", country_code="YE", field_codes=["culture"], operation_country_codes=["YE"], registration_number="2"),
        "pending": make_organization(app, owner, state="pending", names={"en": "Pending Friends"}, registration_number="3"),
        "suspended": make_organization(app, owner, state="suspended", names={"en": "Suspended Helpers"}, registration_number="4"),
        "rejected": make_organization(app, owner, state="rejected", names={"en": "Rejected Society"}, registration_number="5"),
    }
    return ids


def test_only_verified_organizations_are_listed(client, directory):
    html = client.get("/en/organizations/").get_data(as_text=True)
    assert "Heritage Trust" in html and "École Lumière" not in html and "مدرسة النور" in html
    for hidden in ("Pending Friends", "Suspended Helpers", "Rejected Society"):
        assert hidden not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=ngo", "Heritage Trust", "مدرسة النور"),
        ("country=MA", "مدرسة النور", "Heritage Trust"),
        ("field=culture", "Heritage Trust", "مدرسة النور"),
        ("operates_in=SO", "مدرسة النور", "Heritage Trust"),
        ("q=مدرسه", "مدرسة النور", "Heritage Trust"),
        ("q=ecole", "مدرسة النور", "Heritage Trust"),
        ("q=HERITAGE", "Heritage Trust", "مدرسة النور"),
    ],
)
def test_filters_and_search(client, directory, query, shown, hidden):
    html = client.get(f"/en/organizations/?{query}").get_data(as_text=True)
    assert shown in html and hidden not in html


def test_the_profile_shows_in_each_language(client, directory):
    assert "École Lumière" in client.get(f"/fr/organizations/{directory['school']}").get_data(as_text=True)
    assert "مدرسة النور" in client.get(f"/ar/organizations/{directory['school']}").get_data(as_text=True)
    english = client.get(f"/en/organizations/{directory['school']}").get_data(as_text=True)
    assert '<span lang="ar" dir="rtl">مدرسة النور</span>' in english
    assert "(available in Arabic, French)" in english


@pytest.mark.parametrize("state", ["pending", "suspended", "rejected"])
def test_unverified_profiles_are_not_public(client, directory, state):
    assert client.get(f"/en/organizations/{directory[state]}").status_code == 404


def count_queries(app, path, client):
    """The queries of one request for the page, its per-process reference lists already loaded
    (they expire every few minutes, and a long test run would otherwise count their reload)."""
    assert client.get(path).status_code == 200
    statements = []

    def record(*args):
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_the_directory_runs_a_fixed_number_of_queries(app, client, make_user):
    owner = make_user(email="many@example.org")
    for number in range(3):
        make_organization(app, owner, state="verified", names={"en": f"Charity {number}"}, registration_number=f"n{number}", field_codes=["education", "science"])
    few = count_queries(app, "/en/organizations/", client)
    for number in range(3, 25):
        make_organization(app, owner, state="verified", names={"en": f"Charity {number}"}, registration_number=f"n{number}", field_codes=["education", "culture"])
    many = count_queries(app, "/en/organizations/", client)
    assert few == many
