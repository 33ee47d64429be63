"""Sanctions screening in French: an officer finds the organization that came near the list,
reads its hit and clears the flag with a reason; and the pages on a phone in every language."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.organizations_helpers import make_organization
from tests.test_sanctions import SAMPLE


@pytest.fixture
def near_hit(app, make_user):
    make_user(email="officer@example.org", name="Karim Bennani", role="officer", locale="fr")
    owner = make_user(email="owner@example.org", name="Fatima Bennani", locale="fr")
    assert app.test_cli_runner().invoke(args=["portal", "import-sanctions", str(SAMPLE)]).exit_code == 0
    return make_organization(app, owner, names={"ar": "جمعية السراج المنير", "fr": "Association As-Siraj Al-Mounir"},
                             registration_number="MA-ASSO-1998-231")


def test_an_officer_clears_a_sanctions_flag(browser, live_server, near_hit):
    officer = signed_in_page(browser, live_server, "officer@example.org")
    officer.goto("/fr/")
    officer.get_by_role("button", name="Partenariats").click()
    officer.get_by_role("link", name="Contrôle des sanctions").click()
    expect(officer.get_by_test_id("list-in-force")).to_contain_text("3 personnes et 3 entités")
    officer.get_by_role("link", name="Association As-Siraj Al-Mounir").click()
    expect(officer.get_by_test_id("flag")).to_contain_text("QDe.901")
    officer.get_by_label("Pourquoi").fill("Association de lecture à Fès depuis 1998, sans lien avec la fondation inscrite.")
    officer.get_by_role("button", name="Lever : ce n'est pas la partie inscrite").click()
    expect(officer.get_by_test_id("flag")).to_contain_text("Levé")
    expect(officer.get_by_test_id("flag")).to_contain_text("Décidé par Karim Bennani")


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_the_sanctions_pages_fit_a_phone(browser, live_server, near_hit, lang):
    phone = signed_in_page(browser, live_server, "officer@example.org", lang=lang, viewport={"width": 375, "height": 740})
    for path in ("/sanctions/", f"/sanctions/organizations/{near_hit}"):
        phone.goto(f"/{lang}{path}")
        assert serious_violations(phone) == [], path
        assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
