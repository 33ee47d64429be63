"""User-entered text stored per language (docs/languages.md).

A value holds up to one text per portal language and the language its author wrote first.
A reader sees their own language when it exists, else the original, marked with its own
`lang` and `dir` and a visible "available in …" note.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from markupsafe import Markup
from sqlalchemy import JSON
from sqlalchemy.types import TypeDecorator

from portal.config import LOCALES, RTL_LOCALES
from portal.core.text import normalize_search


@dataclass(frozen=True)
class Rendering:
    text: str
    lang: str
    is_fallback: bool

    @property
    def dir(self) -> str:
        return "rtl" if self.lang in RTL_LOCALES else "ltr"


@dataclass(frozen=True)
class TranslatedText:
    texts: Mapping[str, str]
    original: str
    _ordered: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cleaned = {lang: value.strip() for lang, value in self.texts.items() if value and value.strip()}
        unknown = set(cleaned) - set(LOCALES)
        if unknown:
            raise ValueError(f"unknown languages: {sorted(unknown)}")
        if not cleaned:
            raise ValueError("a translated text needs at least one language")
        if self.original not in cleaned:
            raise ValueError("the original language must have a text")
        object.__setattr__(self, "texts", cleaned)
        object.__setattr__(self, "_ordered", tuple(lang for lang in LOCALES if lang in cleaned))

    @classmethod
    def build(cls, texts: Mapping[str, str | None], original: str | None = None) -> "TranslatedText":
        """From form fields: the original defaults to the first language filled in."""
        filled = [lang for lang in LOCALES if (texts.get(lang) or "").strip()]
        if not filled:
            raise ValueError("a translated text needs at least one language")
        chosen = original if original in filled else filled[0]
        return cls({lang: texts[lang] or "" for lang in filled}, chosen)

    @property
    def languages(self) -> tuple[str, ...]:
        return self._ordered

    def get(self, lang: str) -> str | None:
        return self.texts.get(lang)

    def render(self, lang: str) -> Rendering:
        if lang in self.texts:
            return Rendering(self.texts[lang], lang, is_fallback=False)
        return Rendering(self.texts[self.original], self.original, is_fallback=True)

    def search_text(self) -> str:
        """All languages, normalized, for a search column."""
        return " ".join(normalize_search(self.texts[lang]) for lang in self.languages)

    def to_json(self) -> dict[str, Any]:
        return {"texts": dict(self.texts), "original": self.original}

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> "TranslatedText":
        """A stored value, checked when it was written: lists load many of them per page,
        so the checks are not run again."""
        text = object.__new__(cls)
        texts = value["texts"]
        object.__setattr__(text, "texts", texts)
        object.__setattr__(text, "original", value["original"])
        object.__setattr__(text, "_ordered", tuple(lang for lang in LOCALES if lang in texts))
        return text

    def __str__(self) -> str:
        return self.texts[self.original]


class TranslatedTextType(TypeDecorator):
    """Stores a TranslatedText as JSON: {"texts": {"ar": …}, "original": "ar"}."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.to_json() if value is not None else None

    def process_result_value(self, value, dialect):
        return TranslatedText.from_json(value) if value is not None else None


def isolated(text) -> Markup:
    """Text a person typed (a name, a file name, a title), shown inline: isolated from the
    sentence around it, so that its own direction (Arabic in an English line, or stray
    bidirectional controls) cannot reorder what follows it."""
    return Markup("<bdi>{}</bdi>").format(text)


def render_translated(value: TranslatedText | None, lang: str, available_label) -> Markup:
    """HTML for a translated value; `available_label(languages)` words the fallback note."""
    if value is None:
        return Markup("")
    shown = value.render(lang)
    if not shown.is_fallback:
        # The fallback's span below is isolated by its `dir`.
        return isolated(shown.text)
    return Markup('<span lang="{lang}" dir="{dir}">{text}</span> <small class="available-in">{note}</small>').format(
        lang=shown.lang, dir=shown.dir, text=shown.text, note=available_label(value.languages)
    )
