"""The forum's discussion on a phone, in every language: long words, code and links stay inside
the screen, and each post reads in its own direction."""
import pytest

from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.discussion_helpers import hide, make_theme, make_thread, opening_post_of, reply, report
from tests.forum_helpers import make_edition, register

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
ENGLISH_BODY = (
    "Our report: https://example.org/reports/2030/school-meals-in-emergencies-and-the-kitchens-that-cooked-them\n\n"
    "```\nkitchens = share(meals_per_day=1200, schools=['Mopti', 'Gao', 'Tombouctou', 'Kidal', 'Menaka'])\n```\n\n"
    "**Cooperation**NeverSeemedSoLongAWordBeforeThisForumOfCharityInstitutions."
)
ARABIC_BODY = "نعم، فعلنا ذلك في موبتي العام الماضي مع ثلاث مدارس."


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_the_discussion_pages_fit_a_phone_and_posts_read_in_their_own_direction(app, browser, live_server, make_user,
                                                                                 lang):
    officer = make_user(email="officer@example.org", role="officer", name="Karim Bennani")
    amina = make_user(email="amina@example.org", name="Amina Diallo")
    omar = make_user(email="omar@example.org", name="عمر حداد")
    edition = make_edition(app, officer, approve_automatically=True)
    for person in (amina, omar):
        register(app, person, edition)
    theme = make_theme(app, officer, edition)
    thread = make_thread(app, amina, theme, title="Sharing school meals between " + "neighbouring " * 6 + "schools",
                         body=ENGLISH_BODY)
    answer = reply(app, omar, thread, ARABIC_BODY)
    hide(app, officer, reply(app, omar, thread, "Off topic"))
    report(app, omar, opening_post_of(app, thread))

    pages = {
        "officer@example.org": [f"/forum/{edition}/discussion", f"/forum/{edition}/themes/new",
                                f"/forum/themes/{theme}/edit", f"/forum/threads/{thread}", f"/forum/{edition}/reports"],
        "amina@example.org": [f"/forum/{edition}/discussion", f"/forum/themes/{theme}",
                              f"/forum/themes/{theme}/threads/new", f"/forum/threads/{thread}",
                              f"/forum/posts/{opening_post_of(app, thread)}/edit"],
    }
    for email, paths in pages.items():
        phone = signed_in_page(browser, live_server, email, lang=lang, **PHONE)
        for path in paths:
            phone.goto(f"/{lang}{path}")
            assert serious_violations(phone) == [], path
            overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, path
        phone.context.close()

    reader = signed_in_page(browser, live_server, "amina@example.org", lang=lang, **PHONE)
    reader.goto(f"/{lang}/forum/threads/{thread}")
    direction = "el => getComputedStyle(el).direction"
    assert reader.locator("h1").evaluate(direction) == "ltr"
    assert reader.locator(f"#post-{opening_post_of(app, thread)} [data-testid=post-body]").evaluate(direction) == "ltr"
    assert reader.locator(f"#post-{answer} [data-testid=post-body]").evaluate(direction) == "rtl"
    reader.context.close()
