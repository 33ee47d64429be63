"""The forum in French: registration, approval, the badge, check-in at the desk; and the forum's
pages on a phone in every language."""
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.extensions import db
from portal.forum.models import Edition, Registration
from tests.browser.test_layout_and_accessibility import serious_violations
from tests.conftest import PASSWORD
from tests.forum_helpers import make_edition, make_session


def signed_in_page(browser, live_server, email, lang="fr", **options):
    page = browser.new_context(base_url=live_server, locale=lang, accept_downloads=True, **options).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"/{lang}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    return page


def test_a_participant_registers_is_approved_downloads_the_badge_and_is_checked_in(app, browser, live_server, make_user):
    officer_id = make_user(email="officer@example.org", name="Karim Bennani", role="officer", locale="fr")
    make_user(email="aissata@example.org", name="Aïssata Traoré", locale="fr")
    edition = make_edition(app, officer_id)

    aissata = signed_in_page(browser, live_server, "aissata@example.org")
    aissata.get_by_role("link", name="Forum", exact=True).click()
    aissata.get_by_role("link", name="À propos de cette édition").click()
    aissata.get_by_role("link", name="S'inscrire au forum").click()
    aissata.get_by_label("Je participe en tant que").select_option("expert")
    aissata.get_by_label("Langue d'interprétation").select_option("fr")
    aissata.get_by_label("Besoins alimentaires (facultatif)").fill("Végétarien")
    aissata.get_by_role("button", name="S'inscrire").click()
    expect(aissata.get_by_test_id("registration-state")).to_have_text("En attente de la décision d'un agent")

    officer = signed_in_page(browser, live_server, "officer@example.org")
    officer.goto(f"/fr/forum/{edition}")
    officer.get_by_role("link", name="Inscriptions").click()
    row = officer.locator("tr", has_text="Aïssata Traoré")
    expect(row).to_contain_text("Expert")
    row.get_by_role("button", name="Approuver").click()
    expect(officer.locator("tr", has_text="Aïssata Traoré")).to_contain_text("Approuvée")

    aissata.reload()
    expect(aissata.get_by_test_id("registration-state")).to_have_text("Approuvée")
    with aissata.expect_download() as download:
        aissata.get_by_role("link", name="Télécharger le badge (PDF)").click()
    badge = PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages[0].extract_text()
    with app.app_context():
        code = db.session.scalar(db.select(Registration.code))
    assert "Aïssata Traoré" in badge and code in badge

    officer.goto(f"/fr/forum/{edition}")
    officer.get_by_role("link", name="Accueil des participants").click()
    officer.get_by_label("Code du badge").fill(code)
    officer.get_by_role("button", name="Enregistrer l'arrivée").click()
    result = officer.get_by_test_id("check-in-result")
    expect(result).to_contain_text("Aïssata Traoré")
    expect(result).to_contain_text("Arrivée enregistrée. Bienvenue !")
    officer.get_by_label("Code du badge").fill(code)
    officer.get_by_role("button", name="Enregistrer l'arrivée").click()
    expect(officer.get_by_test_id("check-in-result")).to_contain_text("Arrivée déjà enregistrée.")
    aissata.reload()
    expect(aissata.get_by_test_id("registration-state")).to_have_text("Arrivée enregistrée")


@pytest.mark.parametrize("lang", ["ar", "en", "fr"])
def test_forum_pages_read_well_on_a_phone_and_right_to_left_in_arabic(app, browser, live_server, make_user, lang):
    officer_id = make_user(email="officer@example.org", role="officer")
    make_user(email="participant@example.org", name="Amina Diallo")
    edition = make_edition(app, officer_id, approve_automatically=True)
    with app.app_context():
        day = db.session.get(Edition, edition).start_date
    make_session(app, officer_id, edition, day, 10)
    make_session(app, officer_id, edition, day, 15, capacity=20, kind="workshop", title_en="Workshop")
    participant = signed_in_page(browser, live_server, "participant@example.org", lang=lang,
                                 viewport={"width": 375, "height": 740})
    participant.goto(f"/{lang}/forum/{edition}/register")
    participant.locator("main button[type=submit]").click()
    registration_path = participant.url.split(live_server)[-1]
    officer = signed_in_page(browser, live_server, "officer@example.org", lang=lang, viewport={"width": 375, "height": 740})
    pages = {
        participant: ["/forum/", f"/forum/{edition}", f"/forum/{edition}/programme", f"/forum/{edition}/participants"],
        officer: [f"/forum/{edition}/registrations", f"/forum/{edition}/check-in", "/forum/new",
                  f"/forum/{edition}/sessions/new"],
    }
    for page, paths in pages.items():
        for path in paths:
            page.goto(f"/{lang}{path}")
            assert serious_violations(page) == [], path
            assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0, path
            assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    participant.goto(registration_path)
    assert serious_violations(participant) == []
    assert participant.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
