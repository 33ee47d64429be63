import re

import pytest

from portal import create_app
from portal.config import ConfigurationError


def test_every_page_carries_the_security_headers(client):
    response = client.get("/en/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script(client):
    for path in ("/en/", "/en/login", "/en/register"):
        html = client.get(path).get_data(as_text=True)
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts and all(re.search(r'src="/static/', tag) for tag in scripts)
        assert not re.search(r"\son[a-z]+=", html)


def test_a_form_without_its_csrf_token_is_refused(client):
    response = client.post("/en/register", data={"name": "X", "email": "x@example.org", "password": "p" * 12})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        create_app()


def test_production_cookies_are_secure_and_http_only(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["REMEMBER_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_HTTPONLY"]
    response = app.test_client().get("/en/")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
