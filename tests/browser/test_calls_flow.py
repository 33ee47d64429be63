"""A call for partners in French: an officer publishes it (criteria weighted 60 and 40), two
organizations apply, two reviewers score them, the officer selects the better one; the project
then shows its new implementing partner and a draft agreement is opened with it."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.organizations.models import Organization
from tests.browser.conftest import broken_words
from tests.browser.test_forum_flow import signed_in_page
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.calls_helpers import apply_to, make_call
from tests.calls_helpers import score as score_with
from tests.organizations_helpers import make_organization
from tests.projects_helpers import make_project

TITLE = "Partenaires pour les bibliothèques scolaires"


@pytest.fixture
def people(app, make_user):
    ids = {
        "officer": make_user(email="officer@example.org", name="Youssef Benali", role="officer", locale="fr"),
        "reviewer": make_user(email="reviewer@example.org", name="Rania Haddad", role="officer", locale="fr"),
        "second": make_user(email="second@example.org", name="Samir Toure", role="officer", locale="fr"),
        "first_owner": make_user(email="first@example.org", name="Aïssata Traoré", locale="fr"),
        "second_owner": make_user(email="other@example.org", name="Mamadou Diallo", locale="fr"),
    }
    make_organization(app, ids["first_owner"], state="verified", kind="ngo", registration_number="ML-1",
                      website="https://savoir.example.org", names={"fr": "Association Savoir pour tous"})
    make_organization(app, ids["second_owner"], state="verified", kind="charity", registration_number="SN-2",
                      website="https://lecture.example.org", names={"fr": "Fondation Lecture vivante"})
    ids["project"] = make_project(app, ids["officer"], code="EDU-2027-777")
    return ids


def publish_call(officer) -> str:
    officer.goto("/fr/")
    officer.get_by_role("link", name="Appels à partenaires").first.click()
    officer.get_by_role("link", name="Nouvel appel").click()
    officer.get_by_label("Projet extrabudgétaire").select_option(label="EDU-2027-777 · Reconstruire des écoles en Somalie")
    officer.get_by_label("Titre en français").fill(TITLE)
    officer.get_by_label("Description en français").fill("Équiper quarante bibliothèques scolaires.")
    officer.get_by_label("Date limite (à l'heure du fuseau ci-dessous)").fill(
        f"{(date.today() + timedelta(days=20)).isoformat()}T23:59")
    officer.get_by_label("Fuseau horaire de la date limite").select_option("Africa/Casablanca")
    officer.locator("#criteria-0-title").fill("Expérience")
    officer.locator("#criteria-0-weight").fill("60")
    officer.locator("#criteria-1-title").fill("Coût")
    officer.locator("#criteria-1-weight").fill("40")
    officer.get_by_label("Rania Haddad").check()
    officer.get_by_label("Samir Toure").check()
    officer.get_by_role("button", name="Enregistrer").click()
    expect(officer.get_by_test_id("call-state")).to_have_text("Brouillon")
    officer.get_by_role("button", name="Publier").click()
    expect(officer.get_by_test_id("call-state")).to_have_text("Ouvert aux candidatures")
    expect(officer.get_by_test_id("deadline")).to_contain_text("(heure : Maroc)")
    return officer.url


def apply(page, call_url, note):
    page.goto(call_url)
    page.get_by_role("link", name="Candidater").click()
    page.get_by_label("Note conceptuelle", exact=True).fill(note)
    page.get_by_label("Budget", exact=True).fill("50000")
    page.get_by_role("button", name="Soumettre la candidature").click()
    expect(page.get_by_test_id("own-applications")).to_contain_text("Soumise")


def score(page, organization, first, second):
    page.goto("/fr/calls/reviews")
    page.get_by_test_id("reviewed-calls").get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=organization).click()
    page.locator("#scores-0-score").fill(str(first))
    page.locator("#scores-1-score").fill(str(second))
    page.get_by_role("button", name="Enregistrer mes notes").click()
    expect(page.get_by_test_id("to-review")).to_contain_text("/ 100")


def test_a_call_from_publication_to_a_selected_partner_in_french(app, browser, live_server, people):
    officer = signed_in_page(browser, live_server, "officer@example.org")
    call_url = publish_call(officer)

    for email, note in (("first@example.org", "Nous gérons 30 bibliothèques."), ("other@example.org", "Nous offrons des livres.")):
        applicant = signed_in_page(browser, live_server, email)
        apply(applicant, call_url, note)
        applicant.context.close()

    for email, savoir, lecture in (("reviewer@example.org", (9, 8), (5, 6)), ("second@example.org", (8, 7), (6, 5))):
        reviewer = signed_in_page(browser, live_server, email)
        score(reviewer, "Association Savoir pour tous", *savoir)
        score(reviewer, "Fondation Lecture vivante", *lecture)
        reviewer.context.close()

    officer.goto(call_url)
    officer.once("dialog", lambda dialog: dialog.accept())  # closing is final: the officer is asked first
    officer.get_by_role("button", name="Clore les candidatures").click()
    expect(officer.get_by_test_id("call-state")).to_have_text("Clôturé")
    officer.get_by_role("link", name="Classement des candidatures").click()
    ranking = officer.get_by_test_id("ranking").locator("tbody tr")
    # Savoir: (9·60 + 8·40)/10 = 86 and (8·60 + 7·40)/10 = 76, on average 81; Lecture: 54 and 56, 55.
    expect(ranking.nth(0)).to_contain_text("Association Savoir pour tous")
    expect(ranking.nth(0).get_by_test_id("average")).to_have_text("81.00")
    expect(ranking.nth(1).get_by_test_id("average")).to_have_text("55.00")
    # The ranking in Arabic on a phone keeps every word whole and the page its width.
    phone = signed_in_page(browser, live_server, "officer@example.org", lang="ar",
                           viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    phone.goto(officer.url.replace("/fr/", "/ar/"))
    expect(phone.get_by_test_id("ranking")).to_be_visible()
    assert broken_words(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    phone.context.close()
    ranking.nth(0).get_by_role("combobox").select_option("implementing")
    ranking.nth(0).get_by_role("button", name="Retenir").click()
    expect(ranking.nth(0)).to_contain_text("Retenue")
    agreement = ranking.nth(0).get_by_role("link", name="AGR-")
    agreement.click()
    expect(officer.get_by_test_id("agreement-state")).to_have_text("Brouillon")
    expect(officer.get_by_test_id("partners")).to_contain_text("Association Savoir pour tous")
    expect(officer.locator("h1")).to_have_text(TITLE)

    officer.goto(f"/fr/projects/{people['project']}")
    expect(officer.get_by_test_id("project-partners")).to_contain_text(
        "Association Savoir pour tous · Partenaire de mise en œuvre")
    officer.context.close()


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_call_pages_fit_a_phone_in_every_language(app, browser, live_server, people, lang):
    call = make_call(app, people["officer"], people["project"], [people["officer"], people["reviewer"]])
    with app.app_context():
        organization = db.session.scalar(db.select(Organization.id).where(Organization.registration_number == "ML-1"))
    application = apply_to(app, call, organization, people["first_owner"])
    score_with(app, application, people["reviewer"], 7, 6)
    pages = {
        "officer@example.org": ["/calls/", f"/calls/{call}", "/calls/new", f"/calls/{call}/edit", f"/calls/{call}/ranking",
                                f"/calls/{call}/review", f"/calls/applications/{application}", "/calls/reviews"],
        "other@example.org": [f"/calls/{call}", f"/calls/{call}/apply"],
    }
    for email, paths in pages.items():
        phone = signed_in_page(browser, live_server, email, lang=lang, **PHONE)
        for path in paths:
            phone.goto(f"/{lang}{path}")
            assert phone.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
            assert serious_violations(phone) == [], path
            overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, path
        phone.context.close()
