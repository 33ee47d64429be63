"""Reference names for templates, in the reader's language, from the per-process lists."""
from __future__ import annotations

from collections.abc import Collection

from flask import Flask

from portal.core.i18n import current_locale
from portal.reference.services import country_name_of, subsector_names


def country_label(code: str) -> str:
    return country_name_of(current_locale()).get(code, code)


def subsector_labels(codes: Collection[str]) -> list[str]:
    return subsector_names(codes, current_locale())


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(country_label=country_label, subsector_labels=subsector_labels)
