"""Calling the API in tests: tokens, and answers checked against the OpenAPI document."""
from __future__ import annotations

import jsonschema

from portal.accounts.models import User
from portal.accounts.tokens import create_token
from portal.api.openapi import openapi_document
from portal.extensions import db


def api_token(app, user_id: int) -> str:
    with app.app_context():
        return create_token(db.session.get(User, user_id), "tests")[1]


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _resolved(document: dict, item: dict) -> dict:
    if "$ref" in item:
        section, name = item["$ref"].split("/")[-2:]
        return document["components"][section][name]
    return item


def documented_answer(path: str, method: str, status: int) -> dict:
    """The response object the document gives for this status (failing if it gives none)."""
    document = openapi_document()
    responses = document["paths"][path][method.lower()]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} answered {status}, which it does not document"
    return _resolved(document, responses[str(status)])


def assert_documented(response, path: str, method: str = "get") -> dict:
    """The answer's status, media type and body are as the document says; returns the body."""
    answer = documented_answer(path, method, response.status_code)
    assert response.mimetype in answer["content"], (
        f"{method.upper()} {path} answered {response.status_code} as {response.mimetype}, documented as {list(answer['content'])}"
    )
    body = response.get_json(force=True)
    schema = answer["content"][response.mimetype]["schema"]
    jsonschema.validate(body, {**schema, "components": openapi_document()["components"]},
                        cls=jsonschema.Draft202012Validator, format_checker=jsonschema.FormatChecker())
    for header in answer.get("headers", {}):
        assert header in response.headers, f"{method.upper()} {path} {response.status_code} lacks its {header} header"
    if response.status_code >= 400:
        assert body["status"] == response.status_code
    return body
