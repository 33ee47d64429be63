"""Language prefixes, locale selection and locale-aware formatting (docs/languages.md)."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from functools import lru_cache
from typing import Any, Mapping
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import format_time as babel_format_time
from babel.dates import get_timezone_location
from babel.numbers import get_currency_name
from hijridate import Gregorian
from flask import Flask, g, has_request_context, request, url_for
from flask_babel import format_date, format_decimal, format_percent, get_locale
from flask_login import current_user
from werkzeug.routing import BaseConverter

from portal.config import LOCALES, RTL_LOCALES
from portal.core.settings import site_settings
from portal.extensions import babel

LANGUAGE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français"}


class LangConverter(BaseConverter):
    """Matches only the portal's languages, so /xx/ is a 404 and not a page in no language."""

    regex = "(?:" + "|".join(LOCALES) + ")"


def preferred_locale() -> str:
    """The language for a request without a prefix: saved, then Accept-Language, then default."""
    if not has_request_context():
        # Commands and queued jobs: mail and exports choose their reader's language themselves.
        return site_settings().default_locale
    if current_user and current_user.is_authenticated and current_user.preferred_locale in LOCALES:
        return current_user.preferred_locale
    return request.accept_languages.best_match(LOCALES) or site_settings().default_locale


def select_locale() -> str:
    return g.get("lang") or preferred_locale()


def text_direction(locale: str | None = None) -> str:
    return "rtl" if (locale or str(get_locale())) in RTL_LOCALES else "ltr"


def current_locale() -> str:
    return str(get_locale())


def in_current_language(labels: Mapping[str, Any]) -> dict[str, str]:
    """Lazily translated labels, translated now."""
    return {key: str(label) for key, label in labels.items()}


# Formats written out in prose, where a reader of Arabic expects the Hijri date beside the
# Gregorian one; short formats sit in tables, where it would crowd the columns.
HIJRI_BESIDE = ("long", "full")


def hijri_date(value: date) -> str | None:
    """The Umm al-Qura date in Arabic, like "13 جمادى الآخرة 1448 هـ"; None outside the
    calendar's tables (1924–2077)."""
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except OverflowError:
        return None
    return f"{format_decimal(hijri.day)} {hijri.month_name('ar')} {format_decimal(hijri.year, format='0')} {hijri.notation('ar')}"


def calendar_date(value: date | datetime, format: str = "medium") -> str:
    """A Gregorian date in the reader's language; on Arabic pages long dates carry the Hijri one too."""
    written = format_date(value, format)
    if format in HIJRI_BESIDE and current_locale() == "ar":
        hijri = hijri_date(value.date() if isinstance(value, datetime) else value)
        if hijri:
            return f"{written} ({hijri})"
    return written


def switch_language_url(lang: str) -> str:
    """The current page in another language, with its query string as it came. The path is
    built from the rule's own arguments alone: a query argument named like one of them (or
    like url_for's `_external`, `_scheme`...) must not reach url_for."""
    if request.endpoint and request.url_rule and "lang" in request.url_rule.arguments:
        path = url_for(request.endpoint, **{**(request.view_args or {}), "lang": lang})
        # Encoded as url_for encodes query strings (a `next=/en/account` stays readable).
        query = urlencode(list(request.args.items(multi=True)), safe="!$'()*,/:;?@")
        return f"{path}?{query}" if query else path
    return url_for("home.index", lang=lang)


def format_number(value: int | float | Decimal) -> str:
    return format_decimal(value)


def language_name(code: str, in_locale: str | None = None) -> str:
    """A language's name in the reader's language (for "available in …" notes)."""
    return _language_name(code, in_locale or current_locale())


@lru_cache(maxsize=None)
def _language_name(code: str, in_locale: str) -> str:
    # Pages name languages in every fallback note; CLDR's answer never changes.
    return Locale.parse(code).get_display_name(in_locale) or code


# Where the portal itself keeps time: notifications, messages, the audit trail. Things that happen
# at a venue (forum sessions, posts, check-in, meetings, a call's deadline) are shown on the
# venue's clock instead. Either way the zone is named beside the time.
PORTAL_ZONE = "UTC"


def zone_name(zone: str, in_locale: str | None = None) -> str:
    """How a reader names a time zone beside a time: "UTC", or the country's time ("توقيت المغرب")."""
    return _zone_name(zone, in_locale or current_locale())


@lru_cache(maxsize=None)
def _zone_name(zone: str, in_locale: str) -> str:
    if zone == "UTC":
        return "UTC"
    return get_timezone_location(zone, locale=in_locale)


def zoned_time(moment: datetime, zone: str = PORTAL_ZONE, format: str = "medium", lang: str | None = None,
               with_date: bool = True) -> str:
    """A stored naive-UTC moment on the clock of `zone`, formatted for the reader, the zone named.
    CLDR's "full" format names the zone itself."""
    lang = lang or current_locale()
    aware, tz = moment.replace(tzinfo=timezone.utc), ZoneInfo(zone)
    if not with_date:
        return f"{babel_format_time(aware, format, tzinfo=tz, locale=lang)} ({zone_name(zone, lang)})"
    written = babel_format_datetime(aware, format, tzinfo=tz, locale=lang)
    return written if format == "full" else f"{written} ({zone_name(zone, lang)})"


def portal_time(moment: datetime, format: str = "medium") -> str:
    """A moment the portal recorded (a notification, a message, an audit entry), on the portal's clock."""
    return zoned_time(moment, PORTAL_ZONE, format)


# The zones a venue or a deadline may be in: real places, not aliases such as "UTC" or "EST".
PLACE_ZONES = frozenset(zone for zone in available_timezones() if "/" in zone)


def zone_choices() -> list[tuple[str, str]]:
    """Every place zone as (IANA id, "city (country's time)") in the reader's language, grouped by country."""
    return _zone_choices(current_locale())


@lru_cache(maxsize=None)
def _zone_choices(in_locale: str) -> list[tuple[str, str]]:
    labelled = []
    for zone in PLACE_ZONES:
        city = get_timezone_location(zone, locale=in_locale, return_city=True)
        country = get_timezone_location(zone, locale=in_locale)
        labelled.append((country.casefold(), city.casefold(), zone, country if city in country else f"{city} ({country})"))
    return [(zone, label) for _country, _city, zone, label in sorted(labelled)]


def currency_label(code: str, in_locale: str | None = None) -> str:
    """A currency as "EUR — euro" in the reader's language: the code that amounts are written
    with, and the name a reader recognises."""
    return _currency_label(code, in_locale or current_locale())


@lru_cache(maxsize=None)
def _currency_label(code: str, in_locale: str) -> str:
    return f"{code} — {get_currency_name(code, locale=in_locale)}"


def init_app(app: Flask) -> None:
    app.url_map.converters["lang"] = LangConverter
    babel.init_app(app, locale_selector=select_locale)

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def add_lang(endpoint, values):
        if "lang" in values or not app.url_map.is_endpoint_expecting(endpoint, "lang"):
            return
        # Pages outside a language prefix (errors, /healthz) link in the reader's language.
        values["lang"] = g.get("lang") or preferred_locale()

    @app.context_processor
    def language_context():
        locale = current_locale()
        return {
            "current_lang": locale,
            "text_dir": text_direction(locale),
            "locales": LOCALES,
            "language_names": LANGUAGE_NAMES,
            "switch_language_url": switch_language_url,
        }

    app.jinja_env.filters.update(
        number=format_number,
        percent=format_percent,
        date=calendar_date,
        datetime=portal_time,
        zone_name=zone_name,
        language_name=language_name,
    )
