import pytest
from flask import g, render_template_string
from markupsafe import Markup

from portal.core.translated import TranslatedText, render_translated


def note(languages):
    return f"(available in {', '.join(languages)})"


def test_the_active_language_is_shown_when_present_isolated_from_the_text_around_it():
    text = TranslatedText.build({"ar": "مدرسة", "fr": "École"}, original="ar")
    assert render_translated(text, "fr", note) == Markup("<bdi>École</bdi>")


def test_otherwise_the_original_is_shown_with_its_own_lang_and_dir_and_a_note():
    text = TranslatedText.build({"ar": "مدرسة", "fr": "École"}, original="ar")
    html = render_translated(text, "en", note)
    assert '<span lang="ar" dir="rtl">مدرسة</span>' in html
    assert "(available in ar, fr)" in html


def test_user_text_is_escaped():
    text = TranslatedText.build({"en": "<script>alert(1)</script>"})
    assert "<script>" not in render_translated(text, "en", note)
    assert "<script>" not in render_translated(text, "ar", note)


def test_at_least_one_language_is_required():
    with pytest.raises(ValueError):
        TranslatedText.build({"ar": " ", "en": "", "fr": None})


def test_the_original_defaults_to_the_first_language_filled_in():
    text = TranslatedText.build({"en": "", "fr": "Bibliothèque", "ar": ""})
    assert text.original == "fr"
    assert text.languages == ("fr",)


def test_unknown_languages_are_refused():
    with pytest.raises(ValueError):
        TranslatedText({"de": "Schule"}, "de")


def test_json_round_trip_and_search_text():
    text = TranslatedText.build({"ar": "مدرسة", "fr": "École"}, original="fr")
    assert TranslatedText.from_json(text.to_json()) == text
    assert text.search_text() == "مدرسه ecole"


def test_the_template_filter_words_the_note_in_the_readers_language(app):
    text = TranslatedText.build({"ar": "مدرسة"})
    with app.test_request_context("/fr/"):
        g.lang = "fr"
        html = render_template_string("{{ value|translated }}", value=text)
    assert html == '<span lang="ar" dir="rtl">مدرسة</span> <small class="available-in">(disponible en arabe)</small>'
