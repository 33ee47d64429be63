"""The forum's outcomes in Arabic, from a thread to a commitment on the public tracker; and the
outcomes pages on a phone in every language."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.discussion_helpers import make_theme
from tests.forum_helpers import make_edition, register
from tests.organizations_helpers import make_organization
from tests.outcomes_helpers import endorse, make_commitment, make_proposal
from tests.projects_helpers import make_project

PROPOSAL_TITLE = "مدارس متنقلة للأطفال النازحين في الصومال"
COMMITMENT = "تدريب عشرين معلمًا للمدارس المتنقلة قبل نهاية العام"


@pytest.fixture
def forum_people(app, make_user):
    officer = make_user(email="officer@example.org", name="كريم بناني", role="officer", locale="ar")
    people = {
        "hodan": make_user(email="hodan@example.org", name="هودن عبدي ورسمه", locale="ar"),
        "youssef": make_user(email="youssef@example.org", name="يوسف المقطري", locale="ar"),
        "claire": make_user(email="claire@example.org", name="Claire Martin", locale="ar"),
    }
    organizations = {
        "hodan": make_organization(app, people["hodan"], state="verified", names={"ar": "جمعية الإحسان الخيرية"},
                                   registration_number="SO-1"),
        "youssef": make_organization(app, people["youssef"], state="verified", names={"ar": "جمعية الأمل"},
                                     registration_number="YE-2", website="https://amal.example.org"),
        "claire": make_organization(app, people["claire"], state="verified", names={"ar": "صندوق الخير للتنمية"},
                                    registration_number="AE-3", website="https://khair.example.org"),
    }
    edition = make_edition(app, officer, approve_automatically=True)
    for person in people.values():
        register(app, person, edition)
    return {"officer": officer, "people": people, "organizations": organizations, "edition": edition,
            "theme": make_theme(app, officer, edition, title_en="Schools in emergencies"),
            "project": make_project(app, officer, code="EDU-2027-140")}


def test_from_a_thread_to_an_adopted_proposal_and_a_commitment_on_the_tracker_in_arabic(app, browser, live_server,
                                                                                       forum_people):
    edition = forum_people["edition"]
    hodan = signed_in_page(browser, live_server, "hodan@example.org", lang="ar")
    hodan.goto(f"/ar/forum/{edition}")
    assert hodan.locator("html").get_attribute("dir") == "rtl"
    hodan.get_by_role("link", name="النقاش", exact=True).click()
    hodan.get_by_role("link", name="Schools in emergencies").click()
    hodan.get_by_role("link", name="ابدأ موضوعًا").click()
    hodan.get_by_label("عنوان الموضوع").fill("تقاسم الوجبات المدرسية")
    hodan.get_by_label("رسالتك").fill("هل يمكن لمطابخنا أن تطبخ لثلاث مدارس في وقت واحد؟")
    hodan.get_by_role("button", name="انشر الموضوع").click()
    expect(hodan.locator("h1")).to_have_text("تقاسم الوجبات المدرسية")
    thread_path = hodan.url.removeprefix(live_server)

    youssef = signed_in_page(browser, live_server, "youssef@example.org", lang="ar")
    youssef.goto(f"/ar/forum/{edition}/discussion")
    youssef.get_by_role("link", name="Schools in emergencies").click()
    youssef.get_by_role("link", name="تقاسم الوجبات المدرسية").click()
    assert youssef.url.endswith(thread_path)
    youssef.get_by_label("رسالتك").fill("نعم، فعلنا ذلك في مقديشو العام الماضي.")
    youssef.get_by_role("button", name="انشر الرد").click()
    hodan.reload()
    expect(hodan.get_by_text("نعم، فعلنا ذلك في مقديشو العام الماضي.")).to_be_visible()

    hodan.goto(f"/ar/forum/{edition}")
    hodan.get_by_role("link", name="قدّم مقترحًا").click()
    hodan.get_by_label("العنوان بالعربية").fill(PROPOSAL_TITLE)
    hodan.get_by_label("الوصف بالعربية").fill("خيام تعليمية ومعلمون متنقلون في مخيمات النازحين.")
    hodan.get_by_label("المباني والتجهيزات المدرسية").check()
    hodan.locator("#country_codes").select_option("SO")
    hodan.get_by_role("button", name="قدّم المقترح").click()
    expect(hodan.locator("h1")).to_have_text(PROPOSAL_TITLE)
    proposal_path = hodan.url.removeprefix(live_server)

    for person, organization in (("youssef", "جمعية الأمل"), ("claire", "صندوق الخير للتنمية")):
        endorser = youssef if person == "youssef" else signed_in_page(browser, live_server, "claire@example.org",
                                                                      lang="ar")
        endorser.goto(proposal_path)
        endorser.get_by_role("button", name=f"أيّد باسم {organization}").click()
        expect(endorser.get_by_test_id("endorsements")).to_contain_text(organization)
    youssef.reload()
    expect(youssef.get_by_test_id("endorsements").locator("li")).to_have_count(2)

    officer = signed_in_page(browser, live_server, "officer@example.org", lang="ar")
    officer.goto(proposal_path)
    officer.get_by_role("button", name="إحالة إلى الدراسة").click()
    officer.get_by_label("المشروع الذي يصير إليه").select_option(label="EDU-2027-140 · إعادة بناء المدارس في الصومال")
    officer.get_by_role("button", name="اعتماد", exact=True).click()
    expect(officer.get_by_test_id("proposal-state")).to_have_text("معتمد")
    expect(officer.get_by_test_id("adopted-project")).to_contain_text("EDU-2027-140")

    hodan.goto(proposal_path)
    hodan.get_by_role("link", name="سجّل التزامًا بشأنه").click()
    hodan.get_by_label("ما تلتزم به مؤسستك، بالعربية").fill(COMMITMENT)
    hodan.get_by_label("تاريخ الاستحقاق").fill((date.today() + timedelta(days=120)).isoformat())
    hodan.get_by_role("button", name="حفظ").click()

    visitor = browser.new_context(base_url=live_server, locale="ar").new_page()
    visitor.goto("/ar/forum/")
    visitor.get_by_role("link", name="متابعة الالتزامات").first.click()
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    entry = visitor.locator("[data-testid^=commitment-]", has_text=COMMITMENT)
    expect(entry).to_contain_text("جمعية الإحسان الخيرية")
    entry.get_by_role("link", name=COMMITMENT).click()
    expect(visitor.get_by_role("link", name=PROPOSAL_TITLE)).to_be_visible()
    for page in (hodan, youssef, officer, visitor):
        page.context.close()


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_outcomes_pages_fit_a_phone_in_every_language(app, browser, live_server, forum_people, lang):
    people, organizations, edition = forum_people["people"], forum_people["organizations"], forum_people["edition"]
    proposal = make_proposal(app, people["hodan"], edition, organizations["hodan"])
    endorse(app, people["claire"], proposal, organizations["claire"])
    late = make_commitment(app, people["hodan"], edition, organizations["hodan"], proposal_id=proposal,
                           project_id=forum_people["project"], due_date=date.today() - timedelta(days=5))
    paths = ["/forum/proposals/", f"/forum/proposals/{proposal}", f"/forum/{edition}/proposals/new",
             f"/forum/proposals/{proposal}/edit", "/forum/commitments/", f"/forum/commitments/{late}",
             f"/forum/{edition}/commitments/new", f"/forum/commitments/{late}/edit"]
    phone = signed_in_page(browser, live_server, "hodan@example.org", lang=lang, **PHONE)
    for path in paths:
        phone.goto(f"/{lang}{path}")
        assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        assert serious_violations(phone) == [], path
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    phone.goto(f"/{lang}/forum/commitments/")
    expect(phone.get_by_test_id(f"commitment-{late}").get_by_test_id("overdue")).to_be_visible()
    phone.context.close()
