"""Template filters shared by every domain."""
from __future__ import annotations

from functools import lru_cache

from flask import Flask
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.core.filters import url_keeping_filters
from portal.core.i18n import current_locale, language_name
from portal.core.money import format_money
from portal.core.settings import site_settings, upload_limit_bytes
from portal.core.translated import TranslatedText, isolated, render_translated


def _available_in(languages: tuple[str, ...]) -> str:
    return _available_in_reader_language(languages, current_locale())


@lru_cache(maxsize=64)
def _available_in_reader_language(languages: tuple[str, ...], reader_language: str) -> str:
    # Keyed by the reader's language, which gettext below also translates into.
    names = ", ".join(language_name(lang, reader_language) for lang in languages)
    return _("(available in %(languages)s)", languages=names)


def translated(value: TranslatedText | None):
    return render_translated(value, current_locale(), _available_in)


@lru_cache(maxsize=64)
def _option_tags(options: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((value, f'<option value="{escape(value)}">{escape(label)}</option>') for value, label in options)


def option_tags(options, current: str) -> Markup:
    """The <option> tags of a select from (value, label) pairs, `current` selected. Long
    lists (the 249 countries) are escaped once per process rather than on every page."""
    return Markup("".join(
        tag.replace("<option ", "<option selected ", 1) if value == current else tag
        # str(): a lazily translated label becomes this request's language before caching.
        for value, tag in _option_tags(tuple((value, str(label)) for value, label in options))
    ))


def site_context() -> dict:
    settings = site_settings()
    return {
        "site_name": settings.site_name.get(current_locale()) or _("ISESCO cooperation portal"),
        "contact_email": settings.contact_email,
        "upload_max_mb": upload_limit_bytes() // (1024 * 1024),
    }


def init_app(app: Flask) -> None:
    app.context_processor(site_context)
    app.jinja_env.filters.update(
        translated=translated, isolated=isolated, money=format_money, option_tags=option_tags
    )
    app.jinja_env.globals.update(url_keeping_filters=url_keeping_filters)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
