"""Reference data (docs/reference-data.md): countries, taxonomy, beneficiary groups, currencies, rates."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db


class Country(db.Model):
    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    names: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    member_state: Mapped[bool] = mapped_column(default=False)
    special_circumstances: Mapped[bool] = mapped_column(default=False, index=True)

    areas: Mapped[list["Area"]] = relationship(back_populates="country", order_by="Area.code")


class Area(db.Model):
    """A named area inside a country that ISESCO singles out, such as Al-Quds in Palestine."""

    __tablename__ = "areas"
    __table_args__ = (UniqueConstraint("country_code", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    code: Mapped[str] = mapped_column(String(64))
    names: Mapped[TranslatedText] = mapped_column(TranslatedTextType)

    country: Mapped[Country] = relationship(back_populates="areas")


class Field(db.Model):
    """A field of competence: education, science, culture, communication."""

    __tablename__ = "fields"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    names: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    position: Mapped[int] = mapped_column(default=0)

    subsectors: Mapped[list["Subsector"]] = relationship(
        back_populates="field", order_by="Subsector.position"
    )


class Subsector(db.Model):
    __tablename__ = "subsectors"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    field_code: Mapped[str] = mapped_column(ForeignKey("fields.code"), index=True)
    names: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    position: Mapped[int] = mapped_column(default=0)

    field: Mapped[Field] = relationship(back_populates="subsectors")


class BeneficiaryGroup(db.Model):
    __tablename__ = "beneficiary_groups"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    names: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    position: Mapped[int] = mapped_column(default=0)


class Currency(db.Model):
    __tablename__ = "currencies"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    names: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    decimals: Mapped[int] = mapped_column(default=2)


class ExchangeRate(db.Model):
    """How many units of a currency one US dollar buys, from a date on.

    Amounts keep the USD equivalent computed when they were entered, so a new rate changes
    only amounts entered after it.
    """

    __tablename__ = "exchange_rates"
    __table_args__ = (UniqueConstraint("currency_code", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    currency_code: Mapped[str] = mapped_column(ForeignKey("currencies.code"))
    units_per_usd: Mapped[Decimal] = mapped_column(Numeric(20, 6))
    valid_from: Mapped[date]
