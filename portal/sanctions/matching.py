"""Matching names against the sanctions list (docs/sanctions.md), Arabic and Latin alike.

Every name becomes a key: a Latin consonant skeleton of its distinctive words, sorted. The
Arabic is normalized (core.text: tashkeel, alef and hamza forms, ta marbuta…), loses its article
(and «وال») and is transliterated with anyascii; the Latin then loses its vowels, the article
(al-, el-, as-…) and the variants transliterations disagree on (q/k, ch/sh, ou/u, doubled letters).
Words that say what kind of organization it is (foundation, مؤسسة, trust, charity, islamic, their
abbreviations Fdn., Intl, «م.»…) are left out of the key; those naming a form of organization are
kept aside as its kinds, so that "Al-Haramein Islamic Fondation" and "مؤسسة الحرمين الإسلامية" both
become "hrmn", of the kind foundation.

Two keys are compared with rapidfuzz's ratio (0-100). A score says how alike two names are, not
that they name the same party: a red flag suspends an organization's money, so it needs
whole-name evidence besides a score at or above THRESHOLD (COUNTRY_THRESHOLD when the
organization's country is one of the listed party's):
- two distinctive words of the listed name agree (of two consonants or more, and not common on the
  list: COMMON_WORD_PARTIES), or
- the listed name has one distinctive word, it agrees, and the kinds agree ("Fondation" and
  «مؤسسة») or the listed name is the list's original script (NAME_ORIGINAL_SCRIPT).
An alias the list marks of low quality, and a listed name reduced to three consonants or fewer,
never raise one. Whatever scores NEAR or more without that evidence is a near hit: kept with the
screening for an officer to look at, without a flag.

Keys of listed names are computed once, at import (ListedParty.keys), with the names' qualities
and the parties' countries; a key changes only with this module, and the next import recomputes
them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from anyascii import anyascii
from rapidfuzz import fuzz, process

from portal.core.text import normalize_search

# From this score up a hit with whole-name evidence raises a red `sanctions` flag for an officer
# to clear or confirm. At 85 a key of two words may differ by about one consonant ("srj mnr"
# against "srg mnr").
THRESHOLD = 85
# The same when the organization's country is one of the listed party's (nationality, address).
COUNTRY_THRESHOLD = 80
# Hits from here up that do not raise a flag are kept with the screening for an officer to see.
NEAR = 75
# A word in the names of this many listed parties or more (Muhammad, Abd, Hassan, Ahmad… on the
# real list) says little about who is meant: it is not distinctive.
COMMON_WORD_PARTIES = 25


class Quality:
    """Where a listed name comes from: the list's name, its original script, or an alias of the
    quality the list gives it (Good, Low, a.k.a., f.k.a.; stored in lower case)."""

    PRIMARY = "primary"
    ORIGINAL_SCRIPT = "original_script"
    LOW = "low"


_ARABIC = re.compile("[\u0600-\u06ff]")
# Words that say what kind of organization it is, not which one, by the form they name
# (normalized Arabic without its article, Latin in lower case, abbreviations included).
_FORMS = {
    "foundation": {"موسسه", "وقف", "ترست", "foundation", "fondation", "fundation", "fdn", "fdtn", "trust", "waqf",
                   "yayasan", "stichting"},
    "association": {"جمعيه", "association", "assoc", "assn", "asso", "society", "societe", "soc", "jamiat", "jamiyat",
                    "jamiyah", "jamiya", "jamiyya", "jamiyyat", "jamiyyah", "jamyah"},
    "charity": {"خيريه", "charity", "charitable", "caritative", "bienfaisance"},
    "organization": {"منظمه", "هييه", "organization", "organisation", "org", "orgn"},
    "committee": {"لجنه", "committee", "comite", "cttee"},
    "company": {"شركه", "company", "compagnie", "co", "corp", "limited", "ltd", "llc", "sarl", "inc"},
}
_KIND_OF = {word: form for form, words in _FORMS.items() for word in words}
# Words that qualify a name without naming a form, or only link its words.
_FILLERS = {
    "اسلاميه", "اسلامي", "دوليه", "عالميه", "islamic", "islamique", "islami", "islamia", "islamiya", "islamiyya",
    "islamiyah", "international", "internationale", "intl", "the", "of", "for", "and", "de", "du", "des", "la",
    "le", "les", "et", "d", "l", "al", "el", "ul",
}
# «م.» and «ج.»: مؤسسة and جمعية as Arabic abbreviates them.
_ARABIC_ABBREVIATIONS = {"م.": "موسسه", "ج.": "جمعيه"}
# "Abdul", "Abdel", "Abd al-", "Abd el " all write عبد ال.
_ABD = re.compile(r"\babd[ -]?[aeu]l[- ]?")
# The article, assimilated or not, written with a hyphen: al-, el-, ul-, ar-, as-, ash-, ad-, an-…,
# and after "and": wal-.
_ARTICLE = re.compile(r"\b(?:w(?=a[lnrsdtz]))?[aeu][lnrsdtz]h?-")
_FOLDS = (("ph", "f"), ("ch", "sh"), ("ck", "k"), ("q", "k"), ("c", "k"), ("dj", "j"), ("x", "ks"), ("v", "f"),
          ("p", "b"))
_VOWELS = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")
_ELISION = re.compile(r"\b[dl]'")
# anyascii writes ayn as ` and hamza as ': letters Latin spellings leave out.
_MARKS = re.compile(r"['`]")
_SEPARATORS = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True)
class NameKey:
    """A name as the matcher sees it: the skeletons of its distinctive words, sorted, and the
    forms of organization its other words name."""

    words: tuple[str, ...]
    kinds: frozenset[str]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def consonants(self) -> int:
        return sum(len(word) for word in self.words)


def _arabic_words(text: str, kinds: set[str]) -> str:
    words = []
    for word in text.split():
        if _ARABIC.search(word):
            word = _ARABIC_ABBREVIATIONS.get(word, word)
            if word.startswith("وال") and len(word) > 4:
                word = word[3:]
            elif word.startswith("ال") and len(word) > 3:
                word = word[2:]
            if word in _KIND_OF:
                kinds.add(_KIND_OF[word])
                continue
            if word in _FILLERS:
                continue
        words.append(word)
    return " ".join(words)


def _skeleton(word: str) -> str:
    for variant, common in _FOLDS:
        word = word.replace(variant, common)
    word = _REPEATS.sub(r"\1", _VOWELS.sub("", word))
    # A final h is a ta marbuta, or an English spelling of a final vowel ("Jamiyah").
    return word[:-1] if len(word) > 1 and word.endswith("h") else word


@lru_cache(maxsize=8192)
def analyse(name: str) -> NameKey:
    kinds: set[str] = set()
    text = _arabic_words(normalize_search(name), kinds)
    text = _MARKS.sub("", _ELISION.sub("", anyascii(text).lower()))
    text = _ARTICLE.sub("", _ABD.sub("abd ", text))
    words = []
    for word in _SEPARATORS.sub(" ", text).replace("-", " ").split():
        if word in _KIND_OF:
            kinds.add(_KIND_OF[word])
        elif word not in _FILLERS:
            words.append(_skeleton(word))
    return NameKey(tuple(sorted(filter(None, words))), frozenset(kinds))


def key(name: str) -> str:
    """The matching key of one name: its words' consonant skeletons, sorted; "" when nothing
    distinctive is left."""
    return analyse(name).text


def _whole_name_evidence(screened: NameKey, listed: NameKey, quality: str, common: frozenset[str]) -> bool:
    distinctive = [word for word in listed.words if len(word) >= 2 and word not in common]
    agreeing = sum(1 for word in distinctive if any(fuzz.ratio(word, other) >= THRESHOLD for other in screened.words))
    if agreeing >= 2:
        return True
    return (agreeing == 1 and len(distinctive) == 1
            and (quality == Quality.ORIGINAL_SCRIPT or bool(listed.kinds & screened.kinds)))


def raises_flag(screened: NameKey, listed: NameKey, quality: str, score: float, country_agrees: bool,
                common: frozenset[str] = frozenset()) -> bool:
    """Whether a hit is evidence enough to suspend an organization's money (the module's rule)."""
    if quality == Quality.LOW or listed.consonants <= 3:
        return False
    if score < (COUNTRY_THRESHOLD if country_agrees else THRESHOLD):
        return False
    return _whole_name_evidence(screened, listed, quality, common)


@dataclass(frozen=True)
class Listed:
    """One listed party as the matcher needs it: its names, their keys and qualities (in the same
    order; without qualities, the first name is the list's and the others good aliases), and the
    countries of its nationalities and addresses."""

    reference: str
    kind: str
    names: list[str]
    keys: list[str]
    qualities: list[str] | None = None
    country_codes: list[str] | None = None

    def quality(self, position: int) -> str:
        if self.qualities:
            return self.qualities[position]
        return Quality.PRIMARY if position == 0 else "good"


@dataclass(frozen=True)
class Hit:
    screened_name: str
    listed: Listed
    listed_name: str
    score: int
    # Whole-name evidence: the hit raises a red flag; otherwise it is a near hit.
    red: bool


class ListIndex:
    """The keys of a whole list, flattened once, to screen many organizations against."""

    def __init__(self, parties: Iterable[Listed]):
        self._keys: list[str] = []
        self._owners: list[tuple[Listed, int]] = []
        parties_with: Counter[str] = Counter()
        for party in parties:
            parties_with.update({word for listed_key in party.keys for word in listed_key.split()})
            for position, listed_key in enumerate(party.keys):
                # A key of one consonant or two would come near far too many names to mean anything.
                if len(listed_key.replace(" ", "")) >= 3:
                    self._keys.append(listed_key)
                    self._owners.append((party, position))
        self._common = frozenset(word for word, count in parties_with.items() if count >= COMMON_WORD_PARTIES)

    def hits(self, names: Iterable[str], country_code: str | None = None, floor: int = NEAR) -> list[Hit]:
        """The best hit of each name on each listed party that scores at least `floor` (a red one
        before a near one), best first."""
        best: dict[tuple[str, str], Hit] = {}
        for name in names:
            screened = analyse(name)
            if screened.consonants < 3:
                continue
            for _choice, score, index in process.extract(screened.text, self._keys, scorer=fuzz.ratio,
                                                         score_cutoff=floor, limit=None):
                party, position = self._owners[index]
                listed_name = party.names[position]
                # Below COUNTRY_THRESHOLD no evidence makes a hit red: the listed name is not analysed.
                red = score >= COUNTRY_THRESHOLD and raises_flag(
                    screened, analyse(listed_name), party.quality(position), score,
                    country_code is not None and country_code in (party.country_codes or ()), self._common)
                hit = Hit(name, party, listed_name, round(score), red)
                kept = best.get((name, party.reference))
                if kept is None or (hit.red, hit.score) > (kept.red, kept.score):
                    best[(name, party.reference)] = hit
        return sorted(best.values(), key=lambda hit: (not hit.red, -hit.score, hit.listed.reference, hit.screened_name))
