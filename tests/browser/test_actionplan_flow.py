"""The action plan and the activity report in a browser: an officer in Arabic opens the results page
(progress bars mirrored) and the activity report (charts mirrored); both fit a phone in every
language and pass axe."""
from datetime import date

import pytest

from tests.actionplan_helpers import conclude_agreement, make_plan, update
from tests.browser.conftest import broken_words
from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations


@pytest.fixture
def plan(app, make_user):
    officer = make_user(email="officer@example.org", role="officer", locale="ar")
    checker = make_user(email="checker@example.org", role="officer")
    ids = make_plan(app, officer)
    update(app, officer, ids["manual_period"], "20", state="approved", decider_id=checker)
    update(app, officer, ids["manual_period"], "25", state="submitted")
    conclude_agreement(app, "AGR-1", date.today().replace(day=1))
    return ids


def test_an_officer_reads_the_results_and_the_activity_report_in_arabic(browser, live_server, plan, tmp_path):
    page = signed_in_page(browser, live_server, "checker@example.org", lang="ar", viewport={"width": 1280, "height": 900})
    page.goto("/ar/action-plan/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Half the way from the baseline 10 to the target 30; the bar fills from the right.
    bar = page.locator(f'li[data-indicator="{plan["manual"]}"] svg.progress-bar-svg')
    assert bar.get_attribute("data-progress") == "50"
    track, done = bar.bounding_box(), bar.locator("rect").nth(1).bounding_box()
    assert abs((done["x"] + done["width"]) - (track["x"] + track["width"])) <= 1
    assert done["width"] == pytest.approx(track["width"] / 2, abs=2)
    assert page.locator(f'li[data-indicator="{plan["computed"]}"] [data-computed]').count() == 1
    page.screenshot(path=str(tmp_path / "action-plan-ar.png"), full_page=True)

    page.get_by_role("button", name="الشراكات").click()
    page.locator('a[href="/ar/activity-report"]').first.click()
    page.wait_for_url("**/ar/activity-report")
    chart = page.locator("#chart-agreements svg")
    box = chart.bounding_box()
    drawn = [rect.bounding_box() for rect in chart.locator("rect").all() if rect.bounding_box()["width"] > 0.5]
    assert drawn and all(bar["x"] + bar["width"] > box["x"] + box["width"] / 2 for bar in drawn)
    label = chart.locator("text.chart-label").first.bounding_box()
    assert label["x"] >= max(bar["x"] + bar["width"] for bar in drawn) - 1
    page.screenshot(path=str(tmp_path / "activity-report-ar.png"), full_page=True)
    page.context.close()


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_the_pages_fit_a_phone_and_pass_axe(browser, live_server, plan, lang):
    phone = signed_in_page(browser, live_server, "checker@example.org", lang=lang,
                           viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    for path in (f"/{lang}/action-plan/", f"/{lang}/activity-report", f"/{lang}/action-plan/updates/",
                 f"/{lang}/action-plan/indicators/{plan['manual']}"):
        phone.goto(path)
        assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
        assert broken_words(phone) == [], path
        assert serious_violations(phone) == [], path
    phone.context.close()
