"""Template filters shared by every domain."""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _

from portal.core.i18n import current_locale, language_name
from portal.core.money import format_money
from portal.core.translated import TranslatedText, render_translated


def _available_in(languages: tuple[str, ...]) -> str:
    names = ", ".join(language_name(lang) for lang in languages)
    return _("(available in %(languages)s)", languages=names)


def translated(value: TranslatedText | None):
    return render_translated(value, current_locale(), _available_in)


def without_key(mapping: dict, key: str) -> dict:
    return {name: value for name, value in mapping.items() if name != key}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(translated=translated, money=format_money, without_key=without_key)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
