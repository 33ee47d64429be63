"""Behind the reverse proxy the README recommends: with TRUSTED_PROXY_COUNT set, the client's
address and scheme come from X-Forwarded-For and -Proto, so each client has its own rate limits
and the audit trail records who acted; with the default 0 those headers, which anyone can send,
change nothing."""
import pytest
from flask import request

from portal.core.audit import AuditEntry
from portal.extensions import db
from tests.app_helpers import another_app
from tests.conftest import sign_in
from tests.test_accounts import register

WRONG = {"password": "guess guess guess"}


@pytest.fixture
def proxied_app(app):
    with another_app(app, TRUSTED_PROXY_COUNT=1) as proxied:
        yield proxied


def behind_the_proxy(app, address: str):
    client = app.test_client()
    # What the proxy adds to every request it passes on, from the client's own connection; over
    # HTTPS a form is only taken with the Referer the browser sends.
    client.environ_base.update({"HTTP_X_FORWARDED_FOR": address, "HTTP_X_FORWARDED_PROTO": "https",
                                "HTTP_REFERER": "https://localhost/"})
    return client


def test_two_clients_behind_one_proxy_have_their_own_sign_in_limit(proxied_app):
    first = behind_the_proxy(proxied_app, "203.0.113.7")
    for index in range(10):
        assert sign_in(first, f"user{index}@example.org", **WRONG).status_code == 200
    assert sign_in(first, "user99@example.org", **WRONG).status_code == 429

    second = behind_the_proxy(proxied_app, "198.51.100.20")
    assert sign_in(second, "user0@example.org", **WRONG).status_code == 200


def test_the_audit_trail_records_the_clients_address_not_the_proxys(proxied_app):
    assert register(behind_the_proxy(proxied_app, "203.0.113.7")).status_code == 302
    with proxied_app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.registered"))
        assert entry.ip_address == "203.0.113.7"


def test_the_scheme_is_the_one_the_client_used(app):
    with another_app(app, TRUSTED_PROXY_COUNT=1) as proxied:
        proxied.add_url_rule("/scheme", "scheme", lambda: f"{request.scheme} {request.host}")
        client = behind_the_proxy(proxied, "203.0.113.7")
        # A forwarded host is not trusted: the proxy passes the Host header on itself.
        answer = client.get("/scheme", headers={"Host": "portal.example.org", "X-Forwarded-Host": "evil.example"})
    assert answer.get_data(as_text=True) == "https portal.example.org"


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(app, client):
    assert app.config["TRUSTED_PROXY_COUNT"] == 0
    for index in range(10):
        client.environ_base["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{index}"
        sign_in(client, f"user{index}@example.org", **WRONG)
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.20"
    assert sign_in(client, "user99@example.org", **WRONG).status_code == 429

    assert register(client).status_code == 302
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "user.registered"))
        assert entry.ip_address == "127.0.0.1"
