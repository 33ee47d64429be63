import re

import pytest

from portal import create_app
from portal.config import ConfigurationError
from portal.extensions import db


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
    with app.app_context():
        db.create_all()  # every page reads the site settings
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["REMEMBER_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_HTTPONLY"]
    response = app.test_client().get("/en/")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


@pytest.mark.parametrize("path", ["/en/needs/?q=a%00b", "/en/organizations/?q=%00", "/en/projects/?q=x%00",
                                  "/en/forum/commitments/?country=S%00O"])
def test_a_nul_character_in_a_search_is_a_bad_request_not_a_server_error(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "The request could not be understood." in response.get_data(as_text=True)


def test_a_form_carrying_a_nul_character_changes_nothing(app, client, make_user):
    from portal.accounts.models import User
    from portal.extensions import db
    from tests.conftest import sign_in, submit

    make_user(email="member@example.org", name="Amina Diallo")
    sign_in(client, "member@example.org")
    response = submit(client, "/en/account", {"name": "Amina\x00 Diallo", "preferred_locale": "en"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(db.select(User.name)) == "Amina Diallo"


# --- What browsers and proxies may keep ----------------------------------------------------------

def test_pages_and_files_with_personal_data_are_never_stored_by_browsers_or_proxies(app, make_user):
    from tests.conftest import sign_in
    from tests.forum_helpers import make_edition, register, with_passport

    officer_id = make_user(email="officer@example.org", role="officer")
    member_id = make_user(email="amina@example.org")
    edition_id = make_edition(app, officer_id, approve_automatically=True)
    registration_id = register(app, member_id, edition_id, **with_passport())
    member, officer = app.test_client(), app.test_client()
    sign_in(member, "amina@example.org")
    sign_in(officer, "officer@example.org")
    personal = [
        (member, "/en/account"), (member, "/en/notifications"),
        (member, f"/en/forum/registrations/{registration_id}"),
        (member, f"/en/forum/registrations/{registration_id}/badge.pdf"),
        (member, f"/en/forum/registrations/{registration_id}/letter.pdf"),
        (officer, f"/en/forum/{edition_id}/registrations"), (officer, f"/en/forum/{edition_id}/registrations.csv"),
    ]
    for client, path in personal:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path


def test_visitors_pages_and_the_sites_assets_stay_cacheable(client):
    for path in ("/en/", "/en/needs/", "/static/css/portal.css"):
        response = client.get(path)
        assert "no-store" not in response.headers.get("Cache-Control", ""), path


def test_the_language_redirect_says_what_it_depends_on(client):
    response = client.get("/", headers={"Accept-Language": "fr"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/fr/")
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_a_calendar_file_names_its_charset_once(app, make_user):
    from tests.forum_helpers import make_edition

    edition_id = make_edition(app, make_user(email="officer@example.org", role="officer"))
    response = app.test_client().get(f"/en/forum/{edition_id}/programme.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
