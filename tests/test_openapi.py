"""The OpenAPI document against the API itself: every route documented, every answer as
documented, and schemathesis finding no server error and no answer the document does not allow."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance,
)

from portal.api.openapi import MAX_ID, PREFIX, openapi_document
from portal.extensions import db
from portal.meetings.models import ActionItemUpdate
from portal.needs.models import Need, Priority
from portal.projects import matching
from portal.projects.models import Match, Pledge
from tests.agreements_helpers import make_agreement
from tests.calls_helpers import make_call
from tests.api_helpers import api_token, assert_documented, auth
from tests.forum_helpers import make_edition, make_session
from tests.meetings_helpers import make_action_item
from tests.needs_helpers import load_need, make_need
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project


@pytest.fixture
def world(app, make_user):
    """The editor of a verified ministry with a published need and a draft, an officer, a project
    suggested for the need, and a forum edition with a session; each person has a token."""
    editor = make_user(email="editor@example.org")
    officer = make_user(email="officer@example.org", role="officer")
    ministry = make_organization(app, editor, state="verified", kind="endowment_ministry", country_code="SO",
                                 names={"en": "Ministry of Endowments"}, registration_number="m")
    published = make_need(app, ministry, editor, state="published")
    draft = make_need(app, ministry, editor, state="draft")
    project = make_project(app, officer)
    with app.app_context():
        matching.refresh_needs([published])
    edition = make_edition(app, officer)
    make_session(app, officer, edition, day=date.today() + timedelta(days=60), hour=9)
    item = make_action_item(app, officer, ministry)
    agreement = make_agreement(app, officer, [ministry], "in_force")
    call = make_call(app, officer, project, [officer])
    return {"call_id": call, "organization_id": ministry, "need_id": published, "draft_id": draft, "project_id": project,
            "edition_id": edition, "item_id": item, "agreement_id": agreement, "token": api_token(app, editor),
            "officer_token": api_token(app, officer)}


def test_the_document_is_valid_openapi_3_1(client):
    document = client.get(f"{PREFIX}/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_every_route_and_method_is_documented(app):
    routes = {
        (re.sub(r"<(?:[^:<>]+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(PREFIX)), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(f"{PREFIX}/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, item in openapi_document()["paths"].items() for method in item}
    assert routes == documented


def _get_operations():
    return [(path, item["get"]) for path, item in openapi_document()["paths"].items() if "get" in item]


def test_every_get_answers_as_documented(client, world):
    ids = {name: world[name] for name in ("need_id", "project_id", "organization_id", "edition_id", "item_id", "agreement_id",
                                            "call_id")}
    for path, operation in _get_operations():
        url = PREFIX + path.format(**ids)
        headers = auth(world["token"]) if "security" in operation else {}
        body = assert_documented(client.get(url, headers=headers), path)
        if "items" in body:
            assert body["items"], f"GET {path} listed nothing: its items were not checked"
        # And the errors it documents: an id naming nothing, no token, a query out of range.
        if "{" in path:
            assert_documented(client.get(PREFIX + path.format(**dict.fromkeys(ids, MAX_ID)), headers=headers), path)
        if "security" in operation:
            assert_documented(client.get(url), path)
        if "parameters" in operation and any(parameter["in"] == "query" for parameter in operation["parameters"]):
            assert_documented(client.get(url, query_string={"page": 0}), path)


def test_the_documented_examples_of_the_writes_work(app, client, world):
    schemas = openapi_document()["components"]["schemas"]
    headers = auth(world["token"])
    created = client.post(f"{PREFIX}/needs", json={**schemas["NeedInput"]["examples"][0], "organization_id": world["organization_id"]},
                          headers=headers)
    assert created.status_code == 201
    assert_documented(created, "/needs", "post")
    changed = client.patch(f"{PREFIX}/needs/{world['draft_id']}", headers=headers,
                           json={**schemas["NeedPatch"]["examples"][0], "version": load_need(app, world["draft_id"]).version})
    assert changed.status_code == 200
    assert_documented(changed, "/needs/{need_id}", "patch")
    priority = client.post(f"{PREFIX}/priorities", headers=headers,
                           json={**schemas["PriorityInput"]["examples"][0], "organization_id": world["organization_id"]})
    assert priority.status_code == 201
    assert_documented(priority, "/priorities", "post")
    match = {**schemas["MatchInput"]["examples"][0], "need_id": world["need_id"], "project_id": world["project_id"]}
    officer = auth(world["officer_token"])
    proposed = client.post(f"{PREFIX}/matches", json=match, headers=officer)
    assert proposed.status_code == 201
    assert_documented(proposed, "/matches", "post")
    assert_documented(client.post(f"{PREFIX}/matches", json=match, headers=officer), "/matches", "post")  # 409
    pledge = client.post(f"{PREFIX}/pledges", headers=headers, json={
        **schemas["PledgeInput"]["examples"][0], "project_id": world["project_id"], "organization_id": world["organization_id"]})
    assert pledge.status_code == 201
    assert_documented(pledge, "/pledges", "post")


def test_query_parameters_are_checked_against_the_document(client):
    response = client.get(f"{PREFIX}/needs", query_string={"urgency": "soon", "per_page": 500, "page": "two", "country": ""})
    assert response.status_code == 400
    body = assert_documented(response, "/needs")
    assert {error["field"] for error in body["errors"]} == {"urgency", "per_page", "page"}
    assert client.get(f"{PREFIX}/organizations", query_string={"q": "a\x00b"}).status_code == 400
    assert client.head(f"{PREFIX}/projects", query_string={"page": 10**20}).status_code == 400
    assert client.get(f"{PREFIX}/projects", query_string={"state": "", "page": " 1 "}).status_code == 200


# schemathesis: every operation, from the document the app serves, with bounded, reproducible
# examples (its examples, coverage and fuzzing phases; valid and invalid data). An operation that
# needs a token gets each case twice: with a token (the editor's, or an officer's for what only
# officers do) and without. A write refused with 4xx must have changed nothing.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
api = schemathesis.openapi.from_dict(openapi_document())
# The ids of the running test's world, for the hooks below (hooks get no fixtures).
WORLD: dict[str, list[int]] = {}


def _with_real_ids(context, values):
    """Each id as generated, or one naming a row of the world, so that cases reach past 404."""
    if not isinstance(values, dict):
        return st.just(values)
    choices = {name: st.sampled_from([values[name], *WORLD[name]]) for name in values if name in WORLD}
    return st.fixed_dictionaries(choices).map(lambda chosen: {**values, **chosen})


api.hook("flatmap_path_parameters")(_with_real_ids)
api.hook("flatmap_body")(_with_real_ids)


@pytest.fixture
def known_world(world):
    WORLD.update({name: [world[name]] for name in ("organization_id", "project_id", "edition_id", "item_id", "agreement_id")})
    WORLD["need_id"] = [world["need_id"], world["draft_id"]]
    yield world
    WORLD.clear()


def written_state(app) -> tuple:
    """What the writes can change: needs and their versions, priorities, matches, pledges, action items' progress."""
    with app.app_context():
        return db.session.execute(db.select(*(query.scalar_subquery() for query in (
            db.select(db.func.count(Need.id)), db.select(db.func.coalesce(db.func.sum(Need.version), 0)),
            db.select(db.func.count(Priority.id)), db.select(db.func.count(Match.id)), db.select(db.func.count(Pledge.id)),
            db.select(db.func.count(ActionItemUpdate.id)),
        )))).one()


# Whose token a case is sent with: the editor's, but an officer's for what only officers do.
TOKEN_FOR = {"createMatch": "officer_token"}


@settings(max_examples=25, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@api.parametrize()
def test_schemathesis_finds_no_server_error_and_no_undocumented_answer(case, app, known_world):
    operation = case.operation.definition.raw
    callers = [{}]
    if operation.get("security"):
        callers = [auth(known_world[TOKEN_FOR.get(operation["operationId"], "token")]), {"Authorization": ""}]
    writes = case.method.upper() != "GET"
    for headers in callers:
        before = written_state(app) if writes else None
        response = case.call_and_validate(headers=headers, checks=CHECKS, app=app)
        if writes and response.status_code >= 400:
            assert written_state(app) == before, f"{case.operation.label} answered {response.status_code} but changed data"
