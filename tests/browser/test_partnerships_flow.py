"""The Directorate's follow-up in Arabic, end to end: an agreement comes into force, a joint
committee session under it decides an action the partner completes and the officer verifies, and
the month's activity report counts the agreement, the session, the decision and the item."""
from datetime import date

import pytest
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.actionplan.labels import MEETING_KIND_LABELS, OUTCOME_COUNT_LABELS
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.meetings import services as meetings
from portal.meetings.labels import ACTION_ITEM_STATE_LABELS
from tests.browser.test_agreements_flow import bring_into_force, register_agreement
from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_meetings_flow import arabic, hold_session_up_to_a_verified_action_item
from tests.organizations_helpers import make_organization

PARTNER = "وزارة الأوقاف والشؤون الإسلامية"


@pytest.fixture
def partners(app, make_user):
    officer = make_user(email="officer@example.org", name="كريم بناني", role="officer", locale="ar")
    owner = make_user(email="partner@example.org", name="عبد الله الحربي", locale="ar")
    partner = make_organization(app, owner, state="verified", kind="endowment_ministry", country_code="SA",
                                names={"ar": PARTNER}, registration_number="SA-1")
    return {"officer": officer, "partner": partner}


def total(page, section: str, row_label: str) -> str:
    """The last cell (the total over both divisions) of a row of one of the report's tables."""
    row = page.locator(f'table[data-section="{section}"] tbody tr', has_text=row_label)
    return row.locator("td, th").last.inner_text().strip()


def test_an_agreement_its_committee_session_and_a_verified_action_item_are_counted_in_the_months_report(
        app, browser, live_server, partners):
    officer = signed_in_page(browser, live_server, "officer@example.org", lang="ar")
    agreement_path = register_agreement(officer, live_server, PARTNER)
    bring_into_force(officer)
    agreement = int(agreement_path.rstrip("/").rsplit("/", 1)[-1])
    with app.app_context():
        committee = meetings.create_committee(db.session.get(User, partners["officer"]), meetings.CommitteeData(
            name=TranslatedText.build({"ar": "اللجنة المشتركة مع الوزارة"}), agreement_id=agreement,
            partner_id=partners["partner"])).id

    reference = hold_session_up_to_a_verified_action_item(app, browser, live_server, committee, PARTNER, date.today())

    officer.goto("/ar/")
    officer.get_by_role("button", name="الشراكات").click()
    officer.get_by_role("link", name="تقرير النشاط").click()
    assert officer.locator("html").get_attribute("dir") == "rtl"
    expect(officer.locator('table[data-section="agreements"]')).to_be_visible()
    assert total(officer, "agreements", "الاتفاقيات المبرمة") == "1"
    assert total(officer, "meetings", arabic(app, MEETING_KIND_LABELS["joint_committee"])) == "1"
    assert total(officer, "outcomes", arabic(app, OUTCOME_COUNT_LABELS["decision"])) == "1"
    assert total(officer, "action-items", arabic(app, ACTION_ITEM_STATE_LABELS["verified"])) == "1"
    # The item was done on time: it is not among the overdue ones.
    expect(officer.locator('table[data-section="overdue"]')).not_to_contain_text(reference)
    officer.context.close()
