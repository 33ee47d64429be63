"""The agreements registry in Arabic: an officer registers an agreement with a partner and brings
it into force, and the public list then shows it; and its pages on a phone in every language."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.agreements import services
from portal.extensions import db
from tests.agreements_helpers import make_agreement
from tests.browser.conftest import broken_words
from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project

TITLE = "مذكرة تفاهم بشأن رعاية الأيتام وتعليمهم"


@pytest.fixture
def registry_people(app, make_user):
    officer = make_user(email="officer@example.org", name="كريم بناني", role="officer", locale="ar")
    owner = make_user(email="owner@example.org", name="عبد الله الحربي", locale="ar")
    partner = make_organization(app, owner, state="verified", kind="donor", country_code="SA",
                                names={"ar": "مؤسسة الملك خالد", "en": "King Khalid Foundation"},
                                registration_number="SA-KKF-1")
    return {"officer": officer, "owner": owner, "partner": partner}


def register_agreement(officer, live_server, partner: str, title: str = TITLE) -> str:
    """The officer's steps in Arabic, from the Partnerships menu to a draft agreement; its path."""
    officer.goto("/ar/")
    officer.get_by_role("button", name="الشراكات").click()
    officer.get_by_role("link", name="الاتفاقيات", exact=True).click()
    assert officer.locator("html").get_attribute("dir") == "rtl"
    officer.get_by_role("link", name="تسجيل اتفاقية").click()
    officer.get_by_label("المرجع (مثل AGR-2027-031)").fill("AGR-2027-031")
    officer.get_by_label("العنوان بالعربية").fill(title)
    officer.get_by_label("المنظمات الشريكة").select_option(label=partner)
    signed = (date.today() - timedelta(days=3)).isoformat()
    officer.get_by_label("وقّعتها الإيسيسكو في").fill(signed)
    officer.get_by_label("وقّعها الشريك في").fill(signed)
    officer.get_by_label("سارية اعتبارًا من").fill(signed)
    officer.locator("#end_date").fill((date.today() + timedelta(days=1095)).isoformat())
    officer.get_by_label("مهلة الإشعار بالأيام").fill("90")
    officer.get_by_role("button", name="حفظ").click()
    expect(officer.locator("h1")).to_have_text(title)
    expect(officer.get_by_test_id("agreement-state")).to_have_text("مسودة")
    return officer.url.removeprefix(live_server)


def bring_into_force(officer, in_force_on: date | None = None) -> None:
    """From the agreement's page, through negotiation and signature; the day it came into force
    is today's, which the form offers, or `in_force_on`."""
    for button, state in (("بدء المفاوضات", "قيد التفاوض"), ("إرسالها للتوقيع", "في انتظار التوقيع"),
                          ("إدخالها حيز النفاذ", "سارية")):
        if button == "إدخالها حيز النفاذ":
            day = officer.get_by_label("سارية منذ")
            expect(day).to_have_value(date.today().isoformat())
            if in_force_on:
                day.fill(in_force_on.isoformat())
        officer.get_by_role("button", name=button).click()
        expect(officer.get_by_test_id("agreement-state")).to_have_text(state)


def test_an_officer_registers_an_agreement_brings_it_into_force_and_visitors_see_it_in_arabic(
        app, browser, live_server, registry_people):
    officer = signed_in_page(browser, live_server, "officer@example.org", lang="ar")
    visitor = browser.new_context(base_url=live_server, locale="ar").new_page()
    agreement_path = register_agreement(officer, live_server, "مؤسسة الملك خالد")
    assert visitor.goto(agreement_path).status == 404
    in_force_on = date.today() - timedelta(days=2)
    bring_into_force(officer, in_force_on)
    expect(officer.get_by_test_id("in-force-since")).to_contain_text(format_date(in_force_on, "long", locale="ar"))

    visitor.goto("/ar/")
    visitor.get_by_role("link", name="اتفاقيات الإيسيسكو مع شركائها").click()
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    entry = visitor.get_by_test_id("agreements").locator("li", has_text=TITLE)
    expect(entry).to_contain_text("مؤسسة الملك خالد")
    expect(entry).to_contain_text("سارية")
    entry.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_test_id("partners")).to_contain_text("مؤسسة الملك خالد")
    for page in (officer, visitor):
        page.context.close()


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_agreement_pages_fit_a_phone_in_every_language(app, browser, live_server, registry_people, lang):
    people = registry_people
    parent = make_agreement(app, people["officer"], [people["partner"]], "in_force",
                            end_date=date.today() + timedelta(days=120), notice_days=60)
    make_agreement(app, people["officer"], [people["partner"]], "in_force", type="amendment", parent_id=parent)
    project = make_project(app, people["officer"], agreement_id=parent)
    with app.app_context():
        officer = db.session.get(User, people["officer"])
        obligation = services.add_obligation(parent, officer, services.ObligationData(
            people["partner"], "Transfer the first instalment", date.today() - timedelta(days=2), Decimal("1000"), "USD"))
        obligation_id = obligation.id
    paths = ["/agreements/", f"/agreements/{parent}", "/agreements/new", f"/agreements/{parent}/edit",
             f"/agreements/obligations/{obligation_id}/edit", f"/projects/{project}", "/countries/SA"]
    phone = signed_in_page(browser, live_server, "officer@example.org", lang=lang, **PHONE)
    for path in paths:
        phone.goto(f"/{lang}{path}")
        assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert serious_violations(phone) == [], path
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        assert broken_words(phone) == [], path
    phone.goto(f"/{lang}/agreements/{parent}")
    # The obligations are wider than a phone: they scroll in their box, which says so.
    hint = {"ar": "مرِّر أفقيًا لرؤية الجدول كاملًا.", "en": "Scroll sideways to see the whole table.",
            "fr": "Faites défiler horizontalement pour voir tout le tableau."}[lang]
    expect(phone.get_by_role("region", name=hint)).to_contain_text(phone.get_by_test_id("obligations").locator("th").first.inner_text())
    expect(phone.get_by_text(hint)).to_be_visible()
    expect(phone.get_by_test_id("expiring")).to_be_visible()
    expect(phone.get_by_test_id("obligations").get_by_test_id("overdue")).to_be_visible()
    phone.context.close()
