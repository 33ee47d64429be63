"""Matching names against the sanctions list (docs/sanctions.md), Arabic and Latin alike.

Every name becomes a key: a Latin consonant skeleton of its distinctive words, sorted. The
Arabic is normalized (core.text: tashkeel, alef and hamza forms, ta marbuta…), loses its article and
is transliterated with anyascii; the Latin then loses its vowels, the article (al-, el-, as-…)
and the variants transliterations disagree on (q/k, ch/sh, ou/u, doubled letters). Words that
name a kind of organization (foundation, مؤسسة, charity, islamic…) are dropped, so that
"Al-Haramein Islamic Fondation" and "مؤسسة الحرمين الإسلامية" both become "hrmn".

Two keys are compared with rapidfuzz's ratio (0-100). Keys of listed names are computed once,
at import (ListedParty.keys); a key changes only with this module, and the next import
recomputes them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from anyascii import anyascii
from rapidfuzz import fuzz, process

from portal.core.text import normalize_search

# A hit at or above this score raises a red `sanctions` flag for an officer to clear or confirm.
# At 85 a key of two words may differ by about one consonant ("srj mnr" against "srg mnr").
THRESHOLD = 85
# Hits from here up to the threshold are kept with the screening for an officer to see, without a flag.
NEAR = 75

_ARABIC = re.compile("[\u0600-\u06ff]")
# Words that say what kind of organization it is, not which one (normalized, without article).
_GENERIC_ARABIC = {
    "موسسه", "جمعيه", "هييه", "منظمه", "خيريه", "اسلاميه", "اسلامي", "شركه", "لجنه", "دوليه", "عالميه",
}
_GENERIC_LATIN = {
    "foundation", "fondation", "fundation", "association", "assoc", "society", "societe", "organization",
    "organisation", "charity", "charitable", "caritative", "islamic", "islamique", "islamiya", "islamiyya",
    "international", "company", "compagnie", "limited", "ltd", "llc", "sarl", "inc", "committee", "comite",
    "the", "of", "for", "and", "de", "du", "des", "la", "le", "les", "et", "d", "l", "al", "el", "ul",
}
# "Abdul", "Abdel", "Abd al-", "Abd el " all write عبد ال.
_ABD = re.compile(r"\babd[ -]?[aeu]l[- ]?")
# The article, assimilated or not, written with a hyphen: al-, el-, ul-, ar-, as-, ash-, ad-, an-…
_ARTICLE = re.compile(r"\b[aeu][lnrsdtz]h?-")
_FOLDS = (("ph", "f"), ("ch", "sh"), ("ck", "k"), ("q", "k"), ("c", "k"), ("dj", "j"), ("x", "ks"), ("v", "f"),
          ("p", "b"))
_VOWELS = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")
_ELISION = re.compile(r"\b[dl]'")
# anyascii writes ayn as ` and hamza as ': letters Latin spellings leave out.
_MARKS = re.compile(r"['`]")
_SEPARATORS = re.compile(r"[^a-z0-9-]+")


def _arabic_words(text: str) -> str:
    words = []
    for word in text.split():
        if _ARABIC.search(word):
            if word.startswith("ال") and len(word) > 3:
                word = word[2:]
            if word in _GENERIC_ARABIC:
                continue
        words.append(word)
    return " ".join(words)


def _skeleton(word: str) -> str:
    for variant, common in _FOLDS:
        word = word.replace(variant, common)
    word = _REPEATS.sub(r"\1", _VOWELS.sub("", word))
    # A final h is a ta marbuta, or an English spelling of a final vowel ("Jamiyah").
    return word[:-1] if len(word) > 1 and word.endswith("h") else word


def key(name: str) -> str:
    """The matching key of one name: its words' consonant skeletons, sorted; "" when nothing
    distinctive is left."""
    text = _arabic_words(normalize_search(name))
    text = _MARKS.sub("", _ELISION.sub("", anyascii(text).lower()))
    text = _ARTICLE.sub("", _ABD.sub("abd ", text))
    words = [word for word in _SEPARATORS.sub(" ", text).replace("-", " ").split() if word not in _GENERIC_LATIN]
    return " ".join(sorted(filter(None, (_skeleton(word) for word in words))))


@dataclass(frozen=True)
class Listed:
    """One listed party as the matcher needs it: its names and their keys, in the same order."""

    reference: str
    kind: str
    names: list[str]
    keys: list[str]


@dataclass(frozen=True)
class Hit:
    screened_name: str
    listed: Listed
    listed_name: str
    score: int


class ListIndex:
    """The keys of a whole list, flattened once, to screen many organizations against."""

    def __init__(self, parties: Iterable[Listed]):
        self._keys: list[str] = []
        self._owners: list[tuple[Listed, str]] = []
        for party in parties:
            for name, listed_key in zip(party.names, party.keys):
                # A key of one consonant or two would come near far too many names to mean anything.
                if len(listed_key.replace(" ", "")) >= 3:
                    self._keys.append(listed_key)
                    self._owners.append((party, name))

    def hits(self, names: Iterable[str], floor: int = NEAR) -> list[Hit]:
        """The best hit of each name on each listed party that scores at least `floor`, best first."""
        best: dict[tuple[str, str], Hit] = {}
        for name in names:
            name_key = key(name)
            if len(name_key.replace(" ", "")) < 3:
                continue
            for _choice, score, index in process.extract(name_key, self._keys, scorer=fuzz.ratio,
                                                         score_cutoff=floor, limit=None):
                party, listed_name = self._owners[index]
                hit = Hit(name, party, listed_name, round(score))
                kept = best.get((name, party.reference))
                if kept is None or hit.score > kept.score:
                    best[(name, party.reference)] = hit
        return sorted(best.values(), key=lambda hit: (-hit.score, hit.listed.reference, hit.screened_name))
