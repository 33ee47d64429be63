import pytest

from portal.core.text import normalize_search, without_bidi_controls


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("مدرسة", "مدرسه"),
        ("إسلام", "اسلام"),
        ("أحمد", "احمد"),
        ("آمنة", "امنه"),
        ("مستشفى", "مستشفي"),
        ("ecole", "École"),
        ("ECOLE", "école"),
        ("Sénégal", "senegal"),
        ("Côte d'Ivoire", "cote d'ivoire"),
    ],
)
def test_spelling_variants_normalize_alike(query, stored):
    assert normalize_search(query) == normalize_search(stored)


def test_tashkeel_and_tatweel_are_removed():
    assert normalize_search("مَدْرَسَةٌ") == normalize_search("مدرسة")
    assert normalize_search("مـــدرسة") == normalize_search("مدرسة")


def test_distinct_words_stay_distinct():
    assert normalize_search("مدرسة") != normalize_search("مدرس")
    assert normalize_search("école") != normalize_search("écoles")


def test_whitespace_is_folded_and_empty_input_is_empty():
    assert normalize_search("  Al   Quds \n") == "al quds"
    assert normalize_search(None) == ""
    assert normalize_search("") == ""


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize("control", list(BIDI_CONTROLS))
def test_names_lose_their_bidirectional_controls_and_nothing_else(control):
    assert without_bidi_controls(f"invoice{control}fdp.exe") == "invoicefdp.exe"
    assert without_bidi_controls(f"{control}جمعية الإحسان {control}(AIC)") == "جمعية الإحسان (AIC)"
    assert without_bidi_controls(None) is None and without_bidi_controls("") == ""
