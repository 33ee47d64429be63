"""RFC 9457 problem details for the JSON API."""
from __future__ import annotations

from flask import Response, json
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_MIMETYPE = "application/problem+json"


def problem(status: int, detail: str | None = None, title: str | None = None, **extra) -> Response:
    body = {"type": "about:blank", "title": title or HTTP_STATUS_CODES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)
