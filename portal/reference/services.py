"""Loading and reading reference data.

`load_reference_data` adds what the shipped files have and the database lacks; it never
changes a row that exists, so an administrator's edits survive every reload.
"""
from __future__ import annotations

import csv
import json
import time
from collections import Counter
from collections.abc import Collection
from datetime import date
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import Any, Callable, TypeVar

from portal.config import LOCALES
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.reference.models import Area, BeneficiaryGroup, Country, Currency, ExchangeRate, Field, Subsector

DATA_DIR = Path(__file__).resolve().parent / "data"


def _names(row: dict) -> TranslatedText:
    """Reference names are written in English first; the others are translations of it."""
    return TranslatedText({lang: row[f"name_{lang}"] for lang in LOCALES}, "en")


def _names_from_json(names: dict) -> TranslatedText:
    return TranslatedText(names, "en")


def _read_csv(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_json(name: str) -> list[dict]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _add_missing(added: Counter, model, key_columns, rows, key_of, build) -> None:
    existing = {tuple(row) for row in db.session.execute(db.select(*key_columns))}
    for row in rows:
        key = key_of(row)
        if key not in existing:
            db.session.add(build(row))
            existing.add(key)
            added[model.__tablename__] += 1
    db.session.flush()


def load_reference_data() -> Counter:
    """Add every shipped row the database lacks; returns how many were added per table."""
    added: Counter = Counter()
    sectors = _read_json("sectors.json")
    _add_missing(
        added, Country, [Country.code], _read_csv("countries.csv"),
        lambda row: (row["code"],),
        lambda row: Country(
            code=row["code"],
            names=_names(row),
            member_state=row["member_state"] == "1",
            special_circumstances=row["special_circumstances"] == "1",
        ),
    )
    _add_missing(
        added, Area, [Area.country_code, Area.code], _read_csv("areas.csv"),
        lambda row: (row["country_code"], row["code"]),
        lambda row: Area(country_code=row["country_code"], code=row["code"], names=_names(row)),
    )
    _add_missing(
        added, Field, [Field.code], list(enumerate(sectors)),
        lambda item: (item[1]["code"],),
        lambda item: Field(code=item[1]["code"], names=_names_from_json(item[1]["names"]), position=item[0]),
    )
    _add_missing(
        added, Subsector, [Subsector.code],
        [(field["code"], index, sub) for field in sectors for index, sub in enumerate(field["subsectors"])],
        lambda item: (item[2]["code"],),
        lambda item: Subsector(
            code=item[2]["code"], field_code=item[0], names=_names_from_json(item[2]["names"]), position=item[1]
        ),
    )
    _add_missing(
        added, BeneficiaryGroup, [BeneficiaryGroup.code], list(enumerate(_read_json("beneficiary_groups.json"))),
        lambda item: (item[1]["code"],),
        lambda item: BeneficiaryGroup(
            code=item[1]["code"], names=_names_from_json(item[1]["names"]), position=item[0]
        ),
    )
    _add_missing(
        added, Currency, [Currency.code], _read_csv("currencies.csv"),
        lambda row: (row["code"],),
        lambda row: Currency(code=row["code"], names=_names(row), decimals=int(row["decimals"])),
    )
    _add_missing(
        added, ExchangeRate, [ExchangeRate.currency_code, ExchangeRate.valid_from], _read_csv("exchange_rates.csv"),
        lambda row: (row["currency"], date.fromisoformat(row["valid_from"])),
        lambda row: ExchangeRate(
            currency_code=row["currency"],
            units_per_usd=Decimal(row["units_per_usd"]),
            valid_from=date.fromisoformat(row["valid_from"]),
        ),
    )
    db.session.commit()
    return added


T = TypeVar("T")
REFERENCE_LISTS_TTL_SECONDS = 300
_per_locale_lists: dict[tuple[str, str], tuple[float, Any]] = {}


def forget_reference_lists() -> None:
    """After an administrator's change: this process rebuilds the lists at once, the other
    workers within REFERENCE_LISTS_TTL_SECONDS."""
    _per_locale_lists.clear()


def _kept_per_locale(build: Callable[[str], T]) -> Callable[[str], T]:
    """Keep what `build(lang)` returns per process for a few minutes: reference names change
    rarely, and rebuilding these lists on every page costs more than the rest of the page."""

    @wraps(build)
    def kept(lang: str) -> T:
        now, key = time.monotonic(), (build.__name__, lang)
        cached = _per_locale_lists.get(key)
        if cached and now - cached[0] < REFERENCE_LISTS_TTL_SECONDS:
            return cached[1]
        value = build(lang)
        _per_locale_lists[key] = (now, value)
        return value

    return kept


@_kept_per_locale
def country_names_by_name(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country in `lang`, sorted by name, for the many country lists."""
    rows = db.session.execute(db.select(Country.code, Country.names)).all()
    return tuple(sorted(((code, names.render(lang).text) for code, names in rows), key=lambda item: item[1]))


@_kept_per_locale
def field_names(lang: str) -> tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]:
    """(code, name, ((subsector code, name), …)) of every field, in the catalogue's order."""
    return tuple(
        (field.code, field.names.render(lang).text, tuple((sub.code, sub.names.render(lang).text) for sub in field.subsectors))
        for field in sectors_with_subsectors()
    )


@_kept_per_locale
def beneficiary_group_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every beneficiary group, in the catalogue's order."""
    groups = db.session.scalars(db.select(BeneficiaryGroup).order_by(BeneficiaryGroup.position))
    return tuple((group.code, group.names.render(lang).text) for group in groups)


@_kept_per_locale
def country_name_of(lang: str) -> dict[str, str]:
    return dict(country_names_by_name(lang))


@_kept_per_locale
def subsector_name_of(lang: str) -> dict[str, str]:
    """Subsector names by code, in the catalogue's order."""
    return {code: name for _code, _name, subsectors in field_names(lang) for code, name in subsectors}


def subsector_names(codes: Collection[str], lang: str) -> list[str]:
    return [name for code, name in subsector_name_of(lang).items() if code in codes]


def sectors_with_subsectors() -> list[Field]:
    return db.session.scalars(
        db.select(Field).order_by(Field.position).options(db.selectinload(Field.subsectors))
    ).all()
