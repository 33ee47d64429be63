from datetime import date
from decimal import Decimal

import pytest

from portal.core.money import MissingExchangeRate, Money, usd_equivalent
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.reference.models import BeneficiaryGroup, Country, Currency, ExchangeRate, Field, Subsector
from portal.reference.services import load_reference_data


def test_every_country_has_three_names(app_ctx):
    countries = db.session.scalars(db.select(Country)).all()
    assert len(countries) == 249
    assert all(set(country.names.languages) == {"ar", "en", "fr"} for country in countries)
    assert db.session.get(Country, "PS").areas[0].names.get("ar") == "القدس الشريف"


def test_the_taxonomy_groups_and_currencies_are_loaded(app_ctx):
    assert db.session.scalar(db.select(db.func.count()).select_from(Field)) == 4
    assert db.session.scalar(db.select(db.func.count()).select_from(Subsector)) == 19
    assert db.session.scalar(db.select(db.func.count()).select_from(BeneficiaryGroup)) == 9
    assert db.session.get(Currency, "MAD").names.get("fr")


def test_reloading_adds_nothing_and_keeps_an_administrators_change(app_ctx):
    somalia = db.session.get(Country, "SO")
    original = somalia.names
    somalia.names = TranslatedText({"ar": "جمهورية الصومال الفيدرالية", "en": "Somalia", "fr": "Somalie"}, "en")
    db.session.commit()
    try:
        assert load_reference_data() == {}
        db.session.expire_all()
        assert db.session.get(Country, "SO").names.get("ar") == "جمهورية الصومال الفيدرالية"
    finally:
        db.session.get(Country, "SO").names = original
        db.session.commit()


def test_usd_equivalent_uses_the_rate_in_force_when_entered(app_ctx):
    db.session.add(ExchangeRate(currency_code="MAD", units_per_usd=Decimal("10"), valid_from=date(2030, 1, 1)))
    db.session.flush()
    try:
        assert usd_equivalent(Money(Decimal("100"), "MAD"), on=date(2030, 6, 1)) == Decimal("10.00")
        before = usd_equivalent(Money(Decimal("100"), "MAD"), on=date(2029, 6, 1))
        assert before != Decimal("10.00") and isinstance(before, Decimal)
        assert usd_equivalent(Money(Decimal("12.345"), "USD")) == Decimal("12.35")
    finally:
        db.session.rollback()


def test_money_refuses_floats_and_unknown_rates(app_ctx):
    with pytest.raises(TypeError):
        Money(12.5, "USD")
    with pytest.raises(MissingExchangeRate):
        usd_equivalent(Money(Decimal("1"), "XXX"))


def test_country_lists_are_sorted_by_name_in_the_readers_language(app_ctx):
    from portal.reference.services import country_names_by_name

    french = country_names_by_name("fr")
    assert french[0] == ("AF", "Afghanistan")
    assert ("PS", "Palestine") in french and len(french) == 249
    arabic = [name for _, name in country_names_by_name("ar")]
    assert arabic == sorted(arabic) and "فلسطين" in arabic
