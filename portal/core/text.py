"""Text as the portal keeps it: names and file names without invisible direction controls, and
the search normalization shared by every search in the portal.

Search: Arabic: tashkeel, Quranic marks and tatweel are removed; alef forms unify to bare alef,
alef maqsura to ya, ta marbuta to ha. Latin: accents are removed and case folded. So
"مدرسة" finds "مدرسه", "إسلام" finds "اسلام", and "ecole" finds "École".
"""
from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_SPACES = re.compile(r"\s+")
# Embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069), the left-to-right, right-to-
# left and Arabic letter marks: invisible, they make a name or a file name read backwards, or the
# text after it ("invoice\u202efdp.exe" shows as "invoiceexe.pdf").
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


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
