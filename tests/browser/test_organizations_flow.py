"""Registering an organization in French, its verification, and its place in the directory."""
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.organizations_helpers import FILES


def sign_in(page, lang, email, button):
    page.goto(f"/{lang}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name=button).click()


def test_register_verify_and_find_an_organization(app, browser, live_server, make_user):
    make_user(email="fatou@example.org", name="Fatou Diallo", locale="fr")
    make_user(email="officer@example.org", name="Youssef Benali", role="officer", locale="fr")

    founder = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
    sign_in(founder, "fr", "fatou@example.org", "Se connecter")
    founder.get_by_role("link", name="Organisations").click()
    founder.get_by_role("link", name="Inscrire une organisation").click()
    founder.get_by_label("Nom en français").fill("Association Lumière du Sahel")
    founder.get_by_label("Nom en arabe").fill("جمعية نور الساحل")
    founder.get_by_label("Type d'organisation").select_option("charity")
    founder.get_by_label("Pays du siège").select_option("ML")
    founder.get_by_label("Ville").fill("Tombouctou")
    founder.get_by_label("Numéro d'enregistrement").fill("ML-2015-778")
    founder.get_by_label("Adresse électronique de contact").fill("contact@lumiere-sahel.example.org")
    founder.get_by_label("Téléphone de contact").fill("+223 20 00 00 00")
    founder.get_by_label("Éducation").check()
    founder.get_by_label("Document d'enregistrement").set_input_files(str(FILES / "registration.pdf"))
    founder.get_by_role("button", name="Inscrire l'organisation").click()
    expect(founder.get_by_text("Votre organisation est inscrite.")).to_be_visible()
    expect(founder.get_by_text("En attente de vérification")).to_be_visible()
    organization_url = founder.url

    officer = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
    sign_in(officer, "fr", "officer@example.org", "Se connecter")
    officer.get_by_role("link", name="Vérification", exact=True).click()
    officer.get_by_role("link", name="Association Lumière du Sahel").click()
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Télécharger le document d'enregistrement").click()
    assert download.value.suggested_filename == "registration.pdf"
    # The checklist: each item ticked and commented, the audited accounts not applicable (no pledges yet).
    for item in ("registration_document", "mission", "contact", "safeguarding"):
        officer.get_by_test_id(f"check-{item}").get_by_label("Satisfait", exact=True).check()
    officer.get_by_test_id("check-audited_accounts").get_by_label("Sans objet").check()
    officer.get_by_label("Commentaire sur « Contact confirmé »").fill("Appel au siège le 3 mars.")
    officer.get_by_role("button", name="Vérifier").click()
    expect(officer.get_by_text("Décision enregistrée.")).to_be_visible()
    officer.goto(organization_url.replace("/organizations/", "/officer/organizations/"))
    expect(officer.get_by_test_id("verification-form")).to_have_count(0)
    expect(officer.locator("#checklists")).to_contain_text("Youssef Benali")
    expect(officer.locator("#checklists")).to_contain_text("Appel au siège le 3 mars.")

    visitor = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
    visitor.goto("/fr/organizations/?q=lumiere")
    visitor.get_by_role("link", name="Association Lumière du Sahel").click()
    expect(visitor.get_by_role("heading", name="Association Lumière du Sahel")).to_be_visible()
    path = organization_url.removeprefix(live_server)
    visitor.goto(path.replace("/fr/", "/ar/"))
    expect(visitor.get_by_role("heading", name="جمعية نور الساحل")).to_be_visible()
    assert visitor.locator("html").get_attribute("dir") == "rtl"
    visitor.goto(path.replace("/fr/", "/en/"))
    # No English name: the French original, marked as French, with the languages it exists in.
    heading = visitor.get_by_role("heading", level=1)
    expect(heading.locator("span[lang=fr]")).to_have_text("Association Lumière du Sahel")
    expect(heading).to_contain_text("(available in Arabic, French)")
