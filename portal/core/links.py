"""Links to the portal in mails: absolute, on PORTAL_BASE_URL, built in or out of a request
(a queued job or a command has none)."""
from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("portal").build(endpoint, values)
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + path
