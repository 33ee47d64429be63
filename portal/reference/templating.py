"""Reference names for templates, in the reader's language, from the per-process lists."""
from __future__ import annotations

from flask import Flask

from portal.core.i18n import current_locale
from portal.reference.services import country_name_of, subsector_names


def country_label(code: str) -> str:
    return country_name_of(current_locale()).get(code, code)


def subsector_labels(code_list: str | None) -> list[str]:
    """Names of the subsectors in a space-separated list of codes, in the catalogue's order."""
    return subsector_names(frozenset((code_list or "").split()), current_locale())


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(country_label=country_label, subsector_labels=subsector_labels)
