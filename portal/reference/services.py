"""Loading and reading reference data.

`load_reference_data` adds what the shipped files have and the database lacks; it never
changes a row that exists, so an administrator's edits survive every reload.
"""
from __future__ import annotations

import csv
import json
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

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


COUNTRY_NAMES_TTL_SECONDS = 300
_country_names_cache: dict[str, tuple[float, tuple[tuple[str, str], ...]]] = {}


def country_names_by_name(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every country in `lang`, sorted by name, for the many country lists.

    Kept per process for a few minutes: country names change rarely, and rebuilding the
    sorted list of 249 names on every page costs more than the rest of the page.
    """
    now = time.monotonic()
    cached = _country_names_cache.get(lang)
    if cached and now - cached[0] < COUNTRY_NAMES_TTL_SECONDS:
        return cached[1]
    rows = db.session.execute(db.select(Country.code, Country.names)).all()
    names = tuple(sorted(((code, names.render(lang).text) for code, names in rows), key=lambda item: item[1]))
    _country_names_cache[lang] = (now, names)
    return names


def sectors_with_subsectors() -> list[Field]:
    return db.session.scalars(
        db.select(Field).order_by(Field.position).options(db.selectinload(Field.subsectors))
    ).all()
