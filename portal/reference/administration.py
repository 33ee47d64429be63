"""Administrators' changes to reference data (docs/reference-data.md), each audited.

`load_reference_data` only adds rows the database lacks, so what is changed here survives
every reload of the shipped files."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.core.audit import record_audit
from portal.core.rules import Refused, add_once, locked
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.reference import services
from portal.reference.models import BeneficiaryGroup, Country, Currency, ExchangeRate, Field, Subsector


@dataclass(frozen=True)
class ReferenceList:
    model: type
    label: str
    # The audit trail's object type.
    object_type: str


REFERENCE_LISTS = {
    "countries": ReferenceList(Country, _l("Countries"), "country"),
    "fields": ReferenceList(Field, _l("Fields"), "field"),
    "subsectors": ReferenceList(Subsector, _l("Subsectors"), "subsector"),
    "beneficiary-groups": ReferenceList(BeneficiaryGroup, _l("Beneficiary groups"), "beneficiary_group"),
    "currencies": ReferenceList(Currency, _l("Currencies"), "currency"),
}


def rows_of(kind: str) -> list:
    model = REFERENCE_LISTS[kind].model
    order = (model.position, model.code) if hasattr(model, "position") else (model.code,)
    query = db.select(model).order_by(*order)
    if model is Subsector:
        query = query.order_by(None).join(Field).order_by(Field.position, Subsector.position)
    return db.session.scalars(query).all()


def _flags(country: Country) -> dict:
    return {"member_state": country.member_state, "special_circumstances": country.special_circumstances}


def update_names(kind: str, code: str, names: TranslatedText, admin, flags: dict | None = None) -> None:
    """New names (and, for a country, its member-state and special-circumstances flags)."""
    row = locked(REFERENCE_LISTS[kind].model, code, _l("This entry does not exist."))
    before = {"names": dict(row.names.texts)}
    after = {"names": dict(names.texts)}
    if flags is not None and isinstance(row, Country):
        before |= _flags(row)
        row.member_state, row.special_circumstances = flags["member_state"], flags["special_circumstances"]
        after |= _flags(row)
    if before == after:
        raise Refused(_l("Nothing was changed."))
    row.names = names
    record_audit(f"{REFERENCE_LISTS[kind].object_type}.updated", REFERENCE_LISTS[kind].object_type, code,
                 before=before, after=after, actor=admin)
    db.session.commit()
    services.forget_reference_lists()


def add_entry(kind: str, code: str, names: TranslatedText, admin, field_code: str | None = None) -> None:
    """A new subsector (under a field) or beneficiary group, placed last."""
    model = REFERENCE_LISTS[kind].model
    if model not in (Subsector, BeneficiaryGroup):
        raise Refused(_l("Entries of this list come with the portal's reference data only."))
    siblings = db.select(db.func.count()).select_from(model)
    if model is Subsector:
        if db.session.get(Field, field_code) is None:
            raise Refused(_l("Choose the field the subsector belongs to."))
        siblings = siblings.where(Subsector.field_code == field_code)
        row = Subsector(code=code, field_code=field_code, names=names, position=db.session.scalar(siblings))
    else:
        row = BeneficiaryGroup(code=code, names=names, position=db.session.scalar(siblings))
    add_once(row, _l("An entry with this code exists already."))
    record_audit(f"{REFERENCE_LISTS[kind].object_type}.added", REFERENCE_LISTS[kind].object_type, code,
                 after={"names": dict(names.texts), **({"field": field_code} if field_code else {})}, actor=admin)
    db.session.commit()
    services.forget_reference_lists()


def rates_of(currency: str) -> list[ExchangeRate]:
    return db.session.scalars(
        db.select(ExchangeRate).where(ExchangeRate.currency_code == currency).order_by(ExchangeRate.valid_from.desc())
    ).all()


def add_exchange_rate(currency: str, units_per_usd: Decimal, valid_from: date, admin) -> None:
    """A rate from a day on. Amounts already entered keep the USD equivalent they were stored
    with; only amounts entered from `valid_from` on use it."""
    if db.session.get(Currency, currency) is None:
        raise Refused(_l("This entry does not exist."))
    if units_per_usd <= 0:
        raise Refused(_l("A rate is a number of units for one US dollar, above zero."))
    add_once(ExchangeRate(currency_code=currency, units_per_usd=units_per_usd, valid_from=valid_from),
             _l("This currency already has a rate from that day."))
    record_audit("exchange_rate.added", "currency", currency,
                 after={"units_per_usd": str(units_per_usd), "valid_from": valid_from.isoformat()}, actor=admin)
    db.session.commit()
