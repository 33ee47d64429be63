import re
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from portal.core.i18n import calendar_date, format_number
from portal.core.money import format_money
from tests.conftest import sign_in
from tests.projects_helpers import make_project


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.get_data(as_text=True)).group(0)


def test_root_redirects_to_the_default_language_arabic(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ar/")


def test_root_follows_accept_language(client):
    response = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert response.headers["Location"].endswith("/fr/")


def test_root_prefers_the_saved_language_of_a_signed_in_user(client, make_user):
    make_user(email="saved@example.org", locale="en")
    sign_in(client, "saved@example.org")
    response = client.get("/", headers={"Accept-Language": "fr"})
    assert response.headers["Location"].endswith("/en/")


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("en", "ltr"), ("fr", "ltr")])
def test_pages_carry_lang_and_dir(client, lang, direction):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{lang}" dir="{direction}">'


def test_arabic_pages_use_the_rtl_stylesheet(client):
    assert "bootstrap.rtl.min.css" in client.get("/ar/").get_data(as_text=True)
    assert "bootstrap.rtl.min.css" not in client.get("/en/").get_data(as_text=True)


def test_pages_are_translated(client):
    assert "Sign in" in client.get("/en/login").get_data(as_text=True)
    assert "Se connecter" in client.get("/fr/login").get_data(as_text=True)
    assert "تسجيل الدخول" in client.get("/ar/login").get_data(as_text=True)


def test_an_unknown_language_is_not_found(client):
    assert client.get("/de/").status_code == 404
    assert client.get("/xx/login").status_code == 404


def test_the_language_switcher_keeps_the_page_and_its_arguments(client):
    html = client.get("/en/login?next=/en/account").get_data(as_text=True)
    assert 'href="/fr/login?next=/en/account"' in html
    assert 'href="/ar/login?next=/en/account"' in html


def test_numbers_money_and_dates_follow_the_locale(app):
    with app.test_request_context("/fr/"):
        with force_locale("fr"):
            assert format_number(Decimal("1234.5")) == "1\u202f234,5"
            assert format_money(Decimal("1500"), "USD") == "1\u202f500,00\xa0$US"
        with force_locale("en"):
            assert format_money(Decimal("1500"), "MAD") == "MAD1,500.00"
        with force_locale("ar"):
            assert format_number(Decimal("1234.5")) == "1,234.5"
            assert format_money(Decimal("1500"), "USD") == "\u200f1,500.00\xa0US$"


def test_arabic_pages_give_the_umm_al_qura_date_beside_the_gregorian_one(app, make_user):
    officer = make_user("officer@example.org", role="officer")
    project = make_project(app, officer, start_date=date(2026, 11, 23), end_date=date(2027, 3, 9))
    client = app.test_client()
    arabic = client.get(f"/ar/projects/{project}").get_data(as_text=True)
    # 23 November 2026 is 13 Jumada al-Akhirah 1448 and 9 March 2027 is 1 Shawwal 1448 (Eid al-Fitr).
    assert "23 نوفمبر 2026 (13 جمادى الآخرة 1448 هـ)" in arabic
    assert "9 مارس 2027 (1 شوال 1448 هـ)" in arabic
    assert "هـ" not in client.get(f"/en/projects/{project}").get_data(as_text=True)


def test_a_date_outside_the_umm_al_qura_tables_keeps_its_gregorian_form(app):
    with app.test_request_context("/ar/"), force_locale("ar"):
        assert calendar_date(date(2080, 1, 1), "long") == "1 يناير 2080"
        # Dense formats in tables stay Gregorian only.
        assert "هـ" not in calendar_date(date(2026, 11, 23), "medium")


def test_error_pages_outside_a_language_speak_the_readers_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Cette page n" in html


def test_commands_and_jobs_outside_a_request_format_in_the_default_language(app):
    from flask_babel import get_locale

    with app.app_context():
        assert str(get_locale()) == "ar"


def test_form_fields_carry_no_empty_attributes_and_addresses_read_left_to_right(client):
    html = client.get("/ar/register").get_data(as_text=True)
    assert '"None"' not in html
    assert re.search(r'<input[^>]*dir="ltr"[^>]*type="email"', html)
