"""Search normalization shared by every search in the portal (SPEC section 2).

Arabic: tashkeel, Quranic marks and tatweel are removed; alef forms unify to bare alef,
alef maqsura to ya, ta marbuta to ha. Latin: accents are removed and case folded. So
"مدرسة" finds "مدرسه", "إسلام" finds "اسلام", and "ecole" finds "École".
"""
from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_SPACES = re.compile(r"\s+")


def normalize_search(text: str | None) -> str:
    if not text:
        return ""
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    # NFKD splits "É" into "E" + a combining accent; Arabic letters decompose too
    # (آ into ا + madda), so unify Arabic before decomposing and drop only the marks here.
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()
