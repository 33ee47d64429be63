"""The API's reads; the document itself and every answer against it are in test_openapi.py."""
from tests.api_helpers import assert_documented


def test_palestine_is_named_as_isesco_names_it(client):
    countries = {item["code"]: item for item in client.get("/api/v1/countries").get_json()["items"]}
    assert countries["PS"] == {
        "code": "PS",
        "names": {"ar": "فلسطين", "en": "Palestine", "fr": "Palestine"},
        "member_state": True,
        "special_circumstances": True,
    }
    assert len(countries) == 249
    special = {code for code, item in countries.items() if item["special_circumstances"]}
    assert special == {"PS", "AF", "IQ", "SO", "SY", "ML", "YE", "SD"}


def test_sectors_list_the_four_fields_with_their_subsectors(client):
    fields = {item["code"]: item for item in client.get("/api/v1/sectors").get_json()["items"]}
    assert list(fields) == ["education", "science", "culture", "communication"]
    assert len(fields["education"]["subsectors"]) == 8
    assert all(sub["names"]["ar"] and sub["names"]["fr"] for field in fields.values() for sub in field["subsectors"])


def test_errors_are_problem_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 404
    response = client.post("/api/v1/countries")
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_organizations_are_verified_only_and_match_the_schema(app, client, make_user):
    from tests.organizations_helpers import make_organization

    owner = make_user(email="owner@example.org")
    shown = make_organization(app, owner, state="verified", names={"ar": "مدرسة النور"}, registration_number="1")
    hidden = make_organization(app, owner, state="pending", names={"en": "Pending Friends"}, registration_number="2")
    body = assert_documented(client.get("/api/v1/organizations?q=مدرسه&per_page=100"), "/organizations")
    assert [item["id"] for item in body["items"]] == [shown]
    assert body["per_page"] == 100 and body["total"] == 1
    too_many = client.get("/api/v1/organizations?per_page=500")
    assert too_many.status_code == 400
    assert assert_documented(too_many, "/organizations")["errors"][0]["field"] == "per_page"
    one = assert_documented(client.get(f"/api/v1/organizations/{shown}"), "/organizations/{organization_id}")
    assert one["names"] == {"ar": "مدرسة النور"}
    missing = client.get(f"/api/v1/organizations/{hidden}")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_needs_match_the_schema_and_take_the_boards_filters(app, client, make_user):
    from tests.needs_helpers import make_need
    from tests.organizations_helpers import make_organization

    owner = make_user(email="owner@example.org")
    organization = make_organization(app, owner, state="verified")
    school = make_need(app, organization, owner, state="published")
    make_need(app, organization, owner, state="published", country_code="YE", subsector_codes=["water_resources"])
    body = assert_documented(client.get("/api/v1/needs?country=SO&sector=education&status=published&q=مدرسه"), "/needs")
    assert [item["id"] for item in body["items"]] == [school]
    one = assert_documented(client.get(f"/api/v1/needs/{school}"), "/needs/{need_id}")
    assert one["cost"] == {"amount": "25000.00", "currency": "USD", "usd": "25000.00"}
