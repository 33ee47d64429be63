"""Administration in a browser: a member promoted to officer reaches the verification queue; a
deactivated user can neither sign in nor use their token; in Arabic, a notification raises the
bell's count and opening it reads it; the administration pages fit a phone in every language."""
import pytest
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.extensions import db
from portal.organizations.services import verify
from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.organizations_helpers import checklist, make_organization
from tests.test_api_writes import new_token


@pytest.fixture
def accounts(app, make_user):
    return {
        "admin": make_user(email="admin@example.org", name="Amina Admin", role="admin", locale="en"),
        "salma": make_user(email="salma@example.org", name="Salma Idrissi", locale="en"),
        "leaver": make_user(email="leaver@example.org", name="Omar Leaver", locale="en"),
    }


def open_account(admin, name: str) -> None:
    admin.goto("/en/")
    admin.get_by_role("button", name="Administration").click()
    admin.get_by_role("link", name="Accounts").click()
    admin.get_by_label("Name or email address").fill(name)
    admin.get_by_role("button", name="Search").click()
    admin.get_by_role("link", name=name).click()
    expect(admin.locator("h1")).to_have_text(name)


def test_an_administrator_promotes_a_member_who_then_reaches_the_verification_queue(app, browser, live_server, accounts):
    salma = signed_in_page(browser, live_server, "salma@example.org", lang="en")
    expect(salma.get_by_role("link", name="Verification", exact=True)).to_have_count(0)

    admin = signed_in_page(browser, live_server, "admin@example.org", lang="en")
    open_account(admin, "Salma Idrissi")
    admin.get_by_label("Role").select_option(label="Officer")
    admin.get_by_role("button", name="Change the role").click()
    expect(admin.locator(".alert-success")).to_contain_text("The role was changed.")

    salma.goto("/en/")
    salma.get_by_role("link", name="Verification", exact=True).click()
    expect(salma.locator("h1")).to_contain_text("Verification")
    for page in (admin, salma):
        page.context.close()


def test_a_deactivated_user_can_neither_sign_in_nor_use_their_token(app, browser, live_server, accounts):
    token = new_token(app, "leaver@example.org")
    admin = signed_in_page(browser, live_server, "admin@example.org", lang="en")
    open_account(admin, "Omar Leaver")
    admin.once("dialog", lambda dialog: dialog.accept())  # the admin is asked first
    admin.get_by_role("button", name="Deactivate").click()
    expect(admin.locator("#account-state")).to_have_text("Deactivated")

    leaver = signed_in_page(browser, live_server, "leaver@example.org", lang="en")
    expect(leaver.locator(".alert-danger")).to_contain_text("This account has been deactivated.")
    api = leaver.context.request.post(f"{live_server}/api/v1/priorities", data={},
                                      headers={"Authorization": f"Bearer {token}"})
    assert api.status == 401 and api.headers["content-type"].startswith("application/problem+json")
    for page in (admin, leaver):
        page.context.close()


def test_in_arabic_a_notification_raises_the_bell_and_opening_it_reads_it(app, browser, live_server, make_user):
    officer = make_user(email="officer@example.org", role="officer")
    owner = make_user(email="hodan@example.org", name="هودان", locale="ar")
    organization = make_organization(app, owner)
    hodan = signed_in_page(browser, live_server, "hodan@example.org", lang="ar")
    assert hodan.locator("html").get_attribute("dir") == "rtl"
    expect(hodan.locator("#unread-count")).to_have_count(0)

    with app.test_request_context("/ar/"):
        verify(organization, db.session.get(User, officer), checklist())
    hodan.goto("/ar/")
    expect(hodan.locator("#unread-count")).to_contain_text("1")
    hodan.locator("#notification-bell").click()
    assert hodan.locator("html").get_attribute("dir") == "rtl"
    expect(hodan.locator("h1")).to_have_text("الإشعارات")
    hodan.get_by_role("link", name="تم التحقق من مؤسستك").click()
    hodan.wait_for_url(f"**/organizations/{organization}")
    expect(hodan.locator("#unread-count")).to_have_count(0)
    hodan.context.close()


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_administration_pages_fit_a_phone_in_every_language(app, browser, live_server, accounts, lang):
    paths = ["/admin/users", f"/admin/users/{accounts['salma']}", "/admin/reference/countries",
             "/admin/reference/countries/SO/edit", "/admin/reference/currencies/EUR/edit", "/admin/settings",
             "/audit", "/notifications", "/account"]
    phone = signed_in_page(browser, live_server, "admin@example.org", lang=lang, **PHONE)
    for path in paths:
        phone.goto(f"/{lang}{path}")
        assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr"), path
        assert serious_violations(phone) == [], path
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    phone.context.close()
