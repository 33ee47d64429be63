"""What a person on a phone, or with a screen reader, meets on the first pages."""
import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = ["/", "/login", "/register", "/organizations/", "/projects/"]
LANGS = ["ar", "en", "fr"]


def serious_violations(page) -> list:
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(page, lang, path):
    page.goto(f"/{lang}{path}")
    assert serious_violations(page) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_on_a_phone(phone, lang, path):
    phone.goto(f"/{lang}{path}")
    overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_the_arabic_layout_is_mirrored(page):
    page.goto("/ar/")
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > 1280 / 2, "in Arabic the brand sits on the right"
    page.goto("/en/")
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] < 1280 / 2


def test_assets_come_from_the_portal_itself(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/ar/")
    page.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(live_server) for url in requested)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'مرحبا')")


@pytest.mark.parametrize("lang", LANGS)
def test_signed_in_forms_have_no_serious_violation_and_fit_a_phone(app, browser, live_server, make_user, lang):
    from tests.conftest import PASSWORD
    from tests.duediligence_helpers import make_flag
    from tests.organizations_helpers import make_organization

    officer = make_user(email="officer@example.org", role="officer")
    organization = make_organization(app, officer)
    make_flag(app, organization, officer, "red")
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(f"/{lang}/login")
    phone.locator("#email").fill("officer@example.org")
    phone.locator("#password").fill(PASSWORD)
    phone.locator("main button[type=submit]").click()
    for path in ("/organizations/new", "/officer/organizations", f"/officer/organizations/{organization}", "/account",
                 "/due-diligence/flags"):
        phone.goto(f"/{lang}{path}")
        assert serious_violations(phone) == [], path
        assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
    context.close()
