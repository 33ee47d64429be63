"""What a person on a phone, or with a screen reader, meets on the first pages."""
import pytest
from axe_playwright_python.sync_playwright import Axe

PAGES = ["/", "/login", "/register"]
LANGS = ["ar", "en", "fr"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(page, lang, path):
    page.goto(f"/{lang}{path}")
    results = Axe().run(page)
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


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
