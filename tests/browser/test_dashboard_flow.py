"""The officers' dashboard in a browser: an officer in Arabic changes the period and the charts
and their tables change; the charts are mirrored; the page fits a phone and passes axe."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.test_dashboard import at, published_need

TODAY = date.today()


@pytest.fixture
def needs(app, make_user):
    make_user(email="officer@example.org", role="officer", locale="ar")
    owner = make_user(email="owner@example.org")
    charity = make_organization(app, owner, state="verified")
    published_need(app, charity, owner, at(TODAY - timedelta(days=10)), cost_amount=Decimal("25000"))
    published_need(app, charity, owner, at(TODAY - timedelta(days=30)), country_code="YE", urgency="critical")
    published_need(app, charity, owner, at(TODAY - timedelta(days=500)), urgency="low")
    make_need(app, charity, owner)


def figure(page, chart: str, key: str) -> str:
    return page.locator(f'table[data-chart="{chart}"] td[data-figure="{key}"]').text_content().strip()


def test_an_officer_changes_the_period_in_arabic_and_the_mirrored_charts_change(browser, live_server, needs, tmp_path):
    page = signed_in_page(browser, live_server, "officer@example.org", lang="ar", viewport={"width": 1280, "height": 900})
    page.goto("/ar/dashboard")
    assert page.locator("html").get_attribute("dir") == "rtl"
    low_before = figure(page, "needs-by-urgency", "low")
    somalia_before = figure(page, "needs-by-country", "SO")
    published_before = page.locator('[data-figure="needs-published"]').text_content()

    # The bars of the country chart grow from the right: their right edges line up, right of the
    # middle, and the labels sit to the right of the bars.
    chart = page.locator("#needs-by-urgency svg")
    box = chart.bounding_box()
    bars = [rect.bounding_box() for rect in chart.locator("rect").all()]
    drawn = [bar for bar in bars if bar["width"] > 0.5]
    assert len(drawn) == 2
    right_edges = {round(bar["x"] + bar["width"]) for bar in drawn}
    assert max(right_edges) - min(right_edges) <= 1
    assert min(right_edges) > box["x"] + box["width"] / 2
    label = chart.locator("text.chart-label").first.bounding_box()
    assert label["x"] >= max(right_edges) - 1
    assert label["x"] + label["width"] <= box["x"] + box["width"] + 1
    page.screenshot(path=str(tmp_path / "dashboard-ar-before.png"), full_page=True)

    page.locator("#from").fill((TODAY - timedelta(days=730)).isoformat())
    page.locator("form.dashboard-filters button[type=submit]").click()
    page.wait_for_url("**/ar/dashboard?from=*")
    assert figure(page, "needs-by-urgency", "low") != low_before
    assert figure(page, "needs-by-country", "SO") != somalia_before
    assert page.locator('[data-figure="needs-published"]').text_content() != published_before
    assert len([rect for rect in page.locator("#needs-by-urgency svg rect").all() if rect.bounding_box()["width"] > 0.5]) == 3
    page.screenshot(path=str(tmp_path / "dashboard-ar-after.png"), full_page=True)
    assert (tmp_path / "dashboard-ar-after.png").stat().st_size > 0

    page.get_by_role("link", name=page.locator('a[href*="/dashboard/report"]').first.text_content()).first.click()
    assert "/ar/dashboard/report" in page.url
    page.context.close()


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_the_dashboard_fits_a_phone_and_passes_axe(browser, live_server, needs, lang):
    phone = signed_in_page(browser, live_server, "officer@example.org", lang=lang,
                           viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    for path in (f"/{lang}/dashboard", f"/{lang}/dashboard/report"):
        phone.goto(path)
        assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
        assert serious_violations(phone) == [], path
    phone.context.close()
