"""A joint committee session in Arabic, from its agenda to an action item the partner completes
and the officer verifies; and the meetings pages on a phone in every language."""
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from playwright.sync_api import expect

from portal.meetings.labels import (
    ACTION_ITEM_STATE_LABELS, ACTION_ITEM_STEP_LABELS, MEETING_ACTION_LABELS, MEETING_STATE_LABELS,
)
from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.meetings_helpers import make_action_item, make_committee, make_meeting
from tests.organizations_helpers import make_organization

PARTNER = "وزارة الأوقاف والشؤون الإسلامية"
ACTION = "إرسال قائمة المدارس المستفيدة قبل نهاية الشهر"


@pytest.fixture
def people(app, make_user):
    officer = make_user(email="officer@example.org", name="كريم بناني", role="officer", locale="ar")
    partner_owner = make_user(email="partner@example.org", name="عبد الله الحربي", locale="ar")
    partner = make_organization(app, partner_owner, state="verified", kind="endowment_ministry",
                                names={"ar": PARTNER}, registration_number="SA-1")
    return {"officer": officer, "partner_owner": partner_owner, "partner": partner,
            "committee": make_committee(app, officer, partner, names={"ar": "اللجنة المشتركة مع الوزارة"})}


def arabic(app, label) -> str:
    with app.test_request_context(), force_locale("ar"):
        return str(label)


def hold_session_up_to_a_verified_action_item(app, browser, live_server, committee: int, partner_name: str,
                                              starts: date) -> str:
    """In Arabic: the officer schedules a session of the committee with three agenda items, holds
    it, records a decision and an action for the partner; the partner's member marks the action
    completed and the officer verifies it. The action item's reference."""
    officer = signed_in_page(browser, live_server, "officer@example.org", lang="ar")
    officer.goto(f"/ar/committees/{committee}")
    assert officer.locator("html").get_attribute("dir") == "rtl"
    officer.get_by_role("link", name="دورة جديدة").click()
    expect(officer.locator("#session_number")).to_have_value("1")
    officer.get_by_label("العنوان بالعربية").fill("الدورة الأولى للجنة المشتركة")
    officer.locator("#starts_at").fill(f"{starts.isoformat()}T10:00")
    officer.locator("#ends_at").fill(f"{starts.isoformat()}T13:00")
    officer.locator("#timezone").select_option("Asia/Riyadh")
    officer.locator("#organization_ids").select_option(label=partner_name)
    officer.get_by_role("button", name="حفظ").click()
    expect(officer.locator("h1")).to_have_text("الدورة الأولى للجنة المشتركة")

    for title, minutes in (("اعتماد جدول الأعمال", "10"), ("متابعة التوصيات", "45"), ("برنامج العمل المشترك", "60")):
        details = officer.locator("#agenda details")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        details.get_by_label("العنوان بالعربية").fill(title)
        details.get_by_label("المدة بالدقائق").fill(minutes)
        details.get_by_role("button", name="إضافة إلى جدول الأعمال").click()
    expect(officer.get_by_test_id("agenda-item")).to_have_count(3)
    expect(officer.get_by_test_id("agenda-item").last).to_contain_text("برنامج العمل المشترك")

    officer.get_by_role("button", name=arabic(app, MEETING_ACTION_LABELS["scheduled"])).click()
    officer.get_by_role("button", name=arabic(app, MEETING_ACTION_LABELS["held"])).click()
    expect(officer.get_by_test_id("meeting-state")).to_have_text(arabic(app, MEETING_STATE_LABELS["held"]))

    outcomes = officer.locator("#outcomes")
    outcomes.locator("#kind").select_option("decision")
    outcomes.get_by_label("النتيجة بالعربية").fill("اعتماد برنامج العمل المشترك للسنة القادمة")
    outcomes.get_by_role("button", name="تسجيل النتيجة").click()
    outcomes.locator("details summary").click()
    outcomes.locator("#kind").select_option("action")
    outcomes.get_by_label("النتيجة بالعربية").fill("تتولى الوزارة إرسال قائمة المدارس")
    outcomes.get_by_label("الإجراء بالعربية").fill(ACTION)
    outcomes.locator("#organization_id").select_option(label=partner_name)
    outcomes.locator("#due_date").fill(starts.isoformat())
    outcomes.get_by_role("button", name="تسجيل النتيجة").click()
    expect(officer.get_by_test_id("outcomes").locator("li")).to_have_count(2)
    reference = officer.get_by_test_id("outcomes").get_by_role("link").inner_text()
    assert reference.startswith("ACT-")

    partner = signed_in_page(browser, live_server, "partner@example.org", lang="ar")
    partner.get_by_role("link", name="إجراءات المتابعة").first.click()
    expect(partner.locator("h1")).to_have_text("إجراءات منظمتي")
    item = partner.locator("[data-testid^=action-item-]", has_text=ACTION)
    expect(item).to_contain_text(partner_name)
    item.get_by_role("link", name=reference).click()
    partner.locator("#new_state").select_option(label=arabic(app, ACTION_ITEM_STEP_LABELS["completed"]))
    partner.get_by_label("تعليق على التقدم").fill("أُرسلت القائمة يوم الاثنين.")
    partner.get_by_role("button", name="إرسال التقرير").click()
    expect(partner.get_by_test_id("item-state")).to_have_text(arabic(app, ACTION_ITEM_STATE_LABELS["completed"]))

    officer.get_by_role("link", name=reference).click()
    officer.get_by_role("button", name=arabic(app, ACTION_ITEM_STEP_LABELS["verified"])).click()
    expect(officer.get_by_test_id("item-state")).to_have_text(arabic(app, ACTION_ITEM_STATE_LABELS["verified"]))
    for page in (officer, partner):
        page.context.close()
    return reference


def test_a_session_with_its_agenda_leads_to_an_action_item_the_partner_completes_in_arabic(app, browser, live_server,
                                                                                          people):
    hold_session_up_to_a_verified_action_item(app, browser, live_server, people["committee"], PARTNER,
                                              date.today() + timedelta(days=1))


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_meetings_pages_fit_a_phone_in_every_language(app, browser, live_server, people, lang):
    meeting = make_meeting(app, people["officer"], people["committee"], state="held", agenda=3,
                           organizations=(people["partner"],))
    late = make_action_item(app, people["officer"], people["partner"], due=date.today() - timedelta(days=3))
    paths = ["/committees/", f"/committees/{people['committee']}", "/committees/new", "/meetings/", "/meetings/new",
             f"/meetings/{meeting}", f"/meetings/{meeting}/minutes/{lang}", "/action-items/", "/action-items/new",
             f"/action-items/{late}"]
    phone = signed_in_page(browser, live_server, "officer@example.org", lang=lang, **PHONE)
    for path in paths:
        phone.goto(f"/{lang}{path}")
        assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert serious_violations(phone) == [], path
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    phone.goto(f"/{lang}/action-items/")
    expect(phone.get_by_test_id(f"action-item-{late}").get_by_test_id("overdue")).to_be_visible()
    phone.context.close()
