"""What the API is sent, checked against the OpenAPI document before anything is read or changed.

A query argument out of its documented range gets a 400, a body that is not a JSON object a 400,
one that does not fit its schema a 422: problem+json with an `errors` entry per field.
Empty query arguments filter nothing, as on the portal's pages. Nothing may carry NUL
characters, which no text column can store.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import jsonschema
from flask import request

from portal.api.openapi import openapi_document, openapi_path
from portal.core.problems import problem

INTEGER = re.compile(r"-?[0-9]{1,19}")


class InputProblem(Exception):
    """Raised with the problem+json answer for input the API refuses."""

    def __init__(self, response):
        self.response = response


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "components": openapi_document()["components"]},
                                           format_checker=jsonschema.FormatChecker())


def _error(field: str, message: str) -> dict:
    return {"field": field, "message": message}


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern" and "x-pattern-message" in error.schema:
        return f"{error.instance!r} {error.schema['x-pattern-message']}"
    return error.message


def _nul_paths(value, path: tuple = ()) -> Iterator[tuple]:
    """Where in a JSON value a string (or a key) holds a NUL character."""
    if isinstance(value, str) and "\x00" in value:
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_paths(key, path + (key,))
            yield from _nul_paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, path + (index,))


def _resolved(schema: dict) -> dict:
    if "$ref" in schema:
        return openapi_document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _query_errors(parameters: list[dict]) -> Iterator[dict]:
    documented = {parameter["name"]: parameter["schema"] for parameter in parameters if parameter["in"] == "query"}
    for name, raw in request.args.items(multi=True):
        if "\x00" in name or "\x00" in raw:
            yield _error(name, "contains a NUL character")
            continue
        value = raw.strip()
        if name not in documented or not value:
            continue
        schema = documented[name]
        if _resolved(schema).get("type") == "integer":
            if not INTEGER.fullmatch(value):
                yield _error(name, "must be a whole number")
                continue
            value = int(value)
        for error in _validator(schema).iter_errors(value):
            yield _error(name, _message(error))


def check_query() -> None:
    """Refuse the request (400) if a query argument is not as the operation documents it."""
    if request.url_rule is None:
        return
    path = openapi_document()["paths"].get(openapi_path(request.url_rule.rule), {})
    operation = path.get("get" if request.method == "HEAD" else request.method.lower(), {})  # HEAD runs the GET view
    errors = list(_query_errors(operation.get("parameters", [])))
    if errors:
        raise InputProblem(problem(400, "Some query parameters are not as the API documents them.", errors=errors))


def json_body(schema: dict) -> dict:
    """The request's JSON object, if it fits `schema`."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes
        body = None
    if not isinstance(body, dict):
        raise InputProblem(problem(400, "The body must be a JSON object."))
    errors = [
        _error("/".join(str(part) for part in error.path) or "(body)", _message(error))
        for error in sorted(_validator(schema).iter_errors(body), key=lambda error: [str(part) for part in error.path])
    ]
    errors += [_error("/".join(str(part) for part in path), "contains a NUL character") for path in _nul_paths(body)]
    if errors:
        raise InputProblem(problem(422, "The body does not fit the schema.", errors=errors))
    return body
