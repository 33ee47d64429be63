"""Site settings: administrators change them on a page; every page, mail and upload follows."""
import pytest

from portal.accounts.models import User
from portal.core.audit import AuditEntry
from portal.core.settings import SiteSetting
from portal.extensions import db
from tests.conftest import csrf_token, sign_in, submit

DEFAULTS = {"default_locale": "ar", "mail_sender": "ISESCO portal <no-reply@portal.isesco.org>", "upload_max_mb": "10",
            "registration_open": "y"}


@pytest.fixture
def admin(app, make_user):
    make_user("admin@example.org", role="admin")
    client = app.test_client()
    sign_in(client, "admin@example.org")
    return client


def save(admin, **changes):
    return submit(admin, "/en/admin/settings", {**DEFAULTS, **changes}, follow_redirects=True)


def test_the_site_name_and_contact_address_show_on_every_page(app, admin):
    page = save(admin, site_name_ar="بوابة التعاون الخيري", contact_email="cooperation@isesco.org").get_data(as_text=True)
    assert "The settings are saved." in page
    visitor = app.test_client()
    arabic = visitor.get("/ar/").get_data(as_text=True)
    assert "بوابة التعاون الخيري" in arabic and "mailto:cooperation@isesco.org" in arabic
    # A language left empty keeps the portal's own name.
    assert "ISESCO cooperation portal" in visitor.get("/en/").get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "settings.changed")).one()
        assert entry.after == {"site_name": {"ar": "بوابة التعاون الخيري"}, "contact_email": "cooperation@isesco.org"}
        assert entry.before == {"site_name": {}, "contact_email": ""}


def test_the_default_language_serves_visitors_whose_browser_asks_for_none(app, admin):
    assert app.test_client().get("/", headers={"Accept-Language": "de"}).headers["Location"].endswith("/ar/")
    save(admin, default_locale="fr")
    assert app.test_client().get("/", headers={"Accept-Language": "de"}).headers["Location"].endswith("/fr/")


def test_closed_registration_creates_no_account(app, admin):
    save(admin, registration_open="")
    visitor = app.test_client()
    page = visitor.get("/en/register").get_data(as_text=True)
    assert "New accounts cannot be created at the moment." in page
    visitor.post("/en/register", data={"csrf_token": csrf_token(visitor, "/en/password/forgot"), "name": "New Person",
                                       "email": "new@example.org", "password": "a long and uncommon passphrase",
                                       "confirm_password": "a long and uncommon passphrase"})
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.email == "new@example.org")) is None


def test_the_upload_limit_follows_the_settings(app, admin):
    save(admin, upload_max_mb="2")
    html = admin.get("/en/organizations/new").get_data(as_text=True)
    assert "at most 2 MB" in html


@pytest.mark.parametrize(("changes", "message"), [
    ({"upload_max_mb": "0"}, "Between 1 and 50 MB."),
    ({"upload_max_mb": "500"}, "Between 1 and 50 MB."),
    ({"mail_sender": "nobody"}, "Write an address"),
    ({"contact_email": "not an address"}, "Enter a valid email address."),
    ({"default_locale": "de"}, "Not a valid choice"),
])
def test_bad_settings_are_explained_and_nothing_changes(app, admin, changes, message):
    page = save(admin, **changes).get_data(as_text=True)
    assert message in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SiteSetting)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize("kind", ["anonymous", "member", "officer"])
def test_only_administrators_change_the_settings(app, make_user, kind):
    client = app.test_client()
    if kind != "anonymous":
        make_user(f"{kind}@example.org", role=kind)
        sign_in(client, f"{kind}@example.org")
    expected = 302 if kind == "anonymous" else 403
    assert client.get("/en/admin/settings").status_code == expected
    response = client.post("/en/admin/settings", data={"csrf_token": csrf_token(client, "/en/password/forgot"), **DEFAULTS,
                                                      "registration_open": ""})
    assert response.status_code == expected
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SiteSetting)) == 0
