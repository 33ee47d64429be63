"""Money: Decimal amounts with their currency and a USD equivalent (docs/reference-data.md)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_currency

from portal.extensions import db

USD = "USD"
CENT = Decimal("0.01")


class MissingExchangeRate(LookupError):
    pass


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("money amounts are Decimal, never float")


def format_money(amount: Decimal, currency: str) -> str:
    return format_currency(amount, currency)


def usd_equivalent(money: Money, on: date | None = None) -> Decimal:
    """The amount in USD at the rate in force on `on` (today by default), to the cent."""
    from portal.reference.models import ExchangeRate

    if money.currency == USD:
        return money.amount.quantize(CENT, ROUND_HALF_UP)
    rate = db.session.scalar(
        db.select(ExchangeRate.units_per_usd)
        .where(ExchangeRate.currency_code == money.currency, ExchangeRate.valid_from <= (on or date.today()))
        .order_by(ExchangeRate.valid_from.desc())
        .limit(1)
    )
    if rate is None:
        raise MissingExchangeRate(money.currency)
    return (money.amount / rate).quantize(CENT, ROUND_HALF_UP)
