"""Matching and funding in English: workbench, proposal, acceptance, pledge, payment."""
import pytest
from playwright.sync_api import expect

from portal.extensions import db
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.conftest import PASSWORD
from tests.needs_helpers import make_need
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project


def signed_in_page(browser, live_server, email):
    page = browser.new_context(base_url=live_server, locale="en").new_page()
    page.set_default_timeout(10_000)
    page.goto("/en/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def test_officer_matches_a_critical_somali_need_and_a_donor_funds_the_project(app, browser, live_server, make_user):
    officer_id = make_user(email="officer@example.org", name="Youssef", role="officer")
    charity = make_user(email="hodan@example.org", name="Hodan")
    donor = make_user(email="claire@example.org", name="Claire")
    charity_org = make_organization(app, charity, state="verified")
    make_organization(app, donor, state="verified", names={"en": "Khair Fund"}, registration_number="AE-9", country_code="AE")
    make_project(app, officer_id, title_en="Schools in Mali", country_codes=["ML"])
    project = make_project(app, officer_id)
    # Same country, another education subsector: suggested too, ranked below.
    make_project(app, officer_id, title_en="Teacher training in Somalia", subsector_codes=["teacher_training"])
    need = make_need(app, charity_org, charity, state="submitted", urgency="critical")
    with app.app_context():
        from portal.accounts.models import User
        from portal.needs.services import publish

        publish(need, db.session.get(User, officer_id))

    officer = signed_in_page(browser, live_server, "officer@example.org")
    officer.get_by_role("link", name="Matching").click()
    card = officer.get_by_test_id(f"workbench-need-{need}")
    expect(card.get_by_text("Critical", exact=True)).to_be_visible()
    top = card.locator("ol.suggestions > li").first
    expect(top.get_by_role("link", name="Rebuilding schools in Somalia")).to_be_visible()
    expect(top.get_by_text("Same country: Somalia")).to_be_visible()
    expect(card.locator("ol.suggestions > li").nth(1).get_by_role("link", name="Teacher training in Somalia")).to_be_visible()
    expect(card.get_by_text("Schools in Mali")).to_have_count(0)
    top.get_by_label("Note to the organization").fill("This project rebuilds classrooms in Baidoa this year.")
    top.get_by_role("button", name="Propose this match").click()
    expect(officer.get_by_text("The match is proposed")).to_be_visible()

    hodan = signed_in_page(browser, live_server, "hodan@example.org")
    hodan.goto(f"/en/needs/{need}")
    expect(hodan.get_by_text("This project rebuilds classrooms in Baidoa this year.")).to_be_visible()
    hodan.get_by_role("button", name="Accept").click()
    expect(hodan.get_by_text("Matched with a project").first).to_be_visible()

    claire = signed_in_page(browser, live_server, "claire@example.org")
    claire.goto(f"/en/projects/{project}")
    gap = claire.locator('[data-figure="gap"]')
    expect(gap).to_have_text("$200,000.00")
    claire.get_by_label("Amount").fill("50000")
    claire.get_by_role("button", name="Pledge", exact=True).click()
    expect(claire.get_by_text("Thank you: your pledge is recorded.")).to_be_visible()
    expect(claire.locator('[data-figure="pledged"]')).to_have_text("$50,000.00")
    paid_bar_before = claire.locator("rect.funding-paid").get_attribute("width")

    officer.goto(f"/en/projects/{project}")
    officer.get_by_role("button", name="Record as committed").click()
    expect(officer.locator('[data-figure="gap"]')).to_have_text("$150,000.00")
    officer.once("dialog", lambda dialog: dialog.accept())  # recording a payment is final: asked first
    officer.get_by_role("button", name="Record as paid").click()
    expect(officer.get_by_text("Done: the pledge is now “Paid (received)”.")).to_be_visible()

    claire.reload()
    expect(claire.locator('[data-figure="paid"]')).to_have_text("$50,000.00")
    expect(claire.locator('[data-figure="gap"]')).to_have_text("$150,000.00")
    assert paid_bar_before == "0.0%"
    assert claire.locator("rect.funding-paid").get_attribute("width") == "25.0%"


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_matching_pages_read_well_on_a_phone_and_right_to_left_in_arabic(app, browser, live_server, make_user, lang):
    officer_id = make_user(email="officer@example.org", role="officer")
    charity = make_user(email="hodan@example.org")
    need = make_need(app, make_organization(app, charity, state="verified"), charity, state="submitted", urgency="critical")
    project = make_project(app, officer_id)
    with app.app_context():
        from portal.accounts.models import User
        from portal.needs.services import publish

        publish(need, db.session.get(User, officer_id))
    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740})
    phone = context.new_page()
    phone.goto(f"/{lang}/login")
    phone.locator("#email").fill("officer@example.org")
    phone.locator("#password").fill(PASSWORD)
    phone.locator("main button[type=submit]").click()
    for path in ("/officer/matching", f"/projects/{project}", f"/needs/{need}", "/projects/new", f"/projects/{project}/edit"):
        phone.goto(f"/{lang}{path}")
        assert serious_violations(phone) == [], path
        assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
        assert phone.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    context.close()
