import pytest

from portal.core.text import normalize_search, search_conditions, search_document, stem, without_bidi_controls


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


def test_hamza_carriers_normalize_to_their_letter():
    assert normalize_search("مسؤول") == normalize_search("مسوول")
    assert normalize_search("هيئة") == normalize_search("هييه")
    assert normalize_search("النساء") == normalize_search("النسا")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("المدرسة", "مدرسه"),
        ("بالمدرسة", "مدرسه"),
        ("للمدرسة", "مدرسه"),
        ("والمدرسة", "مدرسه"),
        ("فالمدرسة", "مدرسه"),
        ("كالمدرسة", "مدرسه"),
        ("وبالمدرسة", "مدرسه"),
        ("لأيتام", "ايتام"),
        ("الأيتام", "ايتام"),
        ("اللغة", "لغه"),
        # Nothing is cut that would leave fewer than three letters.
        ("وقف", "وقف"),
        ("بحث", "بحث"),
        ("الله", "الله"),
        ("الحي", "الحي"),
        ("محو", "محو"),
        ("école", "ecole"),
    ],
)
def test_the_stem_drops_the_article_and_attached_prefixes(word, expected):
    assert stem(normalize_search(word)) == expected


def test_a_search_document_holds_the_words_then_the_stems_each_after_a_space():
    assert search_document("محو أمية النساء", "ترميم المدرسة", None) == " محو اميه النسا ترميم المدرسه نسا مدرسه"
    assert search_document(None) == " "


def test_a_query_word_matches_itself_anywhere_or_its_stem_at_a_word_start(app_ctx):
    from portal.extensions import db

    def found(query: str, stored: str) -> bool:
        column = db.literal(search_document(stored)).label("doc")
        return db.session.scalar(db.select(column).where(*search_conditions(column, query))) is not None

    assert found("بالبحث", "فريق البحث") and found("الفريق", "فريق البحث") and found("لفريق", "فريق البحث")
    assert found("وزارة", "الوزارة") and found("مدرس", "المدرسة")
    # «فريق» stands for «ريق» only at a word's start: «طريق» does not answer it.
    assert found("طريق", "طريق") and not found("فريق", "طريق")
