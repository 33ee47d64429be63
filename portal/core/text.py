"""Text as the portal keeps it: names and file names without invisible direction controls, and
the search normalization shared by every search in the portal.

Search: Arabic: tashkeel, Quranic marks and tatweel are removed; alef forms unify to bare alef,
hamza carriers to their letter (ؤ to و, ئ to ي, a lone ء is dropped), alef maqsura to ya,
ta marbuta to ha. Latin: accents are removed and case folded. So "مدرسة" finds "مدرسه",
"إسلام" finds "اسلام", and "ecole" finds "École".

Arabic writes the article and the one-letter conjunctions and prepositions as part of the
word: «المدرسة», «بالمدرسة», «للأيتام», «لأيتام». A search column therefore stores each word
and, after the words, the stem of every word that starts with such a prefix; a query word
matches where the column contains it, or where a word of the column starts with its stem.
A stem keeps at least three letters, so «وقف» or «بحث» are never cut, and since the whole
word is matched as well, a word that only looks prefixed («وزارة») is still found as written.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, or_

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ء": None, "ى": "ي", "ة": "ه",
})
_SPACES = re.compile(r"\s+")
# Embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), the left-to-right, right-to-
# left and Arabic letter marks: invisible, they make a name or a file name read backwards, or the
# text after it ("invoice\u202efdp.exe" shows as "invoiceexe.pdf").
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# A conjunction (و، ف), a preposition (ب، ك) and the article; ل with the article is written لل;
# or one of these letters alone. Only before a stem of three Arabic letters or more.
_PREFIX = re.compile("^(?:[وف]?[بك]?ال|[وف]?لل|[وفبكل])(?=[\u0621-\u064a]{3})")


def without_bidi_controls(text: str | None) -> str | None:
    """A name or a file name as typed, less its bidirectional control characters (a WTForms filter
    too: None stays None)."""
    return _BIDI_CONTROLS.sub("", text) if text else text


def normalize_search(text: str | None) -> str:
    if not text:
        return ""
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    # NFKD splits "É" into "E" + a combining accent; Arabic letters decompose too
    # (آ into ا + madda), so unify Arabic before decomposing and drop only the marks here.
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def stem(word: str) -> str:
    """A normalized word without its Arabic article and attached prefixes: «بالمدرسه» -> «مدرسه»."""
    return _PREFIX.sub("", word, count=1)


def search_document(*texts: str | None) -> str:
    """What a search column stores for these texts: a space, the normalized words, then the
    stems of the prefixed ones, so that every word and every stem follows a space."""
    words = normalize_search(" ".join(filter(None, texts))).split()
    stems = [stemmed for word in words if (stemmed := stem(word)) != word]
    return " " + " ".join(words + stems)


def search_conditions(column: ColumnElement, query: str | None) -> list[ColumnElement]:
    """One condition per word of the query, on a column written by search_document."""
    conditions = []
    for word in normalize_search(query).split():
        condition = column.contains(word, autoescape=True)
        stemmed = stem(word)
        if stemmed != word:
            condition = or_(condition, column.contains(f" {stemmed}", autoescape=True))
        conditions.append(condition)
    return conditions
