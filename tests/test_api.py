import re

import jsonschema
import pytest
from openapi_spec_validator import validate

from portal.api.openapi import openapi_document


def response_schema(document, path, status="200"):
    """The documented schema of an answer, with the document's components to resolve $refs."""
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def test_the_openapi_document_is_valid(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")


@pytest.mark.parametrize("path", ["/countries", "/sectors"])
def test_answers_match_the_documented_schema(client, path):
    document = openapi_document()
    body = client.get(f"/api/v1{path}").get_json()
    jsonschema.validate(body, response_schema(document, path))


def test_every_api_route_is_documented(app):
    documented = set(openapi_document()["paths"])
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1") and rule.rule != "/api/v1/openapi.json"
    }
    assert routes == documented


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
    document = openapi_document()
    body = client.get("/api/v1/organizations?q=مدرسه&per_page=500").get_json()
    jsonschema.validate(body, response_schema(document, "/organizations"))
    assert [item["id"] for item in body["items"]] == [shown]
    assert body["per_page"] == 100 and body["total"] == 1
    one = client.get(f"/api/v1/organizations/{shown}").get_json()
    jsonschema.validate(one, response_schema(document, "/organizations/{organization_id}"))
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
    document = openapi_document()
    body = client.get("/api/v1/needs?country=SO&sector=education&status=published&q=مدرسه").get_json()
    jsonschema.validate(body, response_schema(document, "/needs"))
    assert [item["id"] for item in body["items"]] == [school]
    one = client.get(f"/api/v1/needs/{school}").get_json()
    jsonschema.validate(one, response_schema(document, "/needs/{need_id}"))
    assert one["cost"] == {"amount": "25000.00", "currency": "USD", "usd": "25000.00"}
