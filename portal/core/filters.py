"""Filters of a list page, read from the query string, and the ids, dates and page numbers
typed into it: anything out of what the database and the calendar hold counts as not given."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask import current_app, request, url_for
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

# The largest id a row can have: keys are PostgreSQL integers, which refuse to be compared with more.
MAX_ID = 2**31 - 1
# The dates a filter takes. Periods are widened by a day or a year on either side, and nothing the
# portal records lies outside these; a further date is a typing error or an attack.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


class IdConverter(IntegerConverter):
    """`<int:…>` in the portal's rules: an id no row can have is a 404, not a database error.
    Not a ValidationError, which would let another method's rule for the same path answer 405."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number


def as_id(text: str | None) -> int | None:
    """A row's id typed in a query string (ASCII digits, in the database's range), else None."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def as_date(text: str | None) -> date | None:
    """An ISO date typed in a query string, between EARLIEST_DATE and LATEST_DATE, else None."""
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


@dataclass(frozen=True)
class QueryFilters:
    """Subclasses declare their filters as `str` fields with "" (or a default) as the default."""

    @classmethod
    def from_args(cls, args):
        return cls(**{item.name: (args.get(item.name) or "").strip() or item.default for item in fields(cls)})

    def args(self) -> dict[str, str]:
        """The filters that are set, as query-string arguments: a link to an export of the list."""
        return {item.name: getattr(self, item.name) for item in fields(self) if getattr(self, item.name) != item.default}


def url_keeping_filters(endpoint: str, **values) -> str:
    """A link to a list with the current query string's filters, for another page of it, another
    state or an export: `values` replace those of the same name, the page number is dropped. The
    target rule's own arguments and url_for's (`_external`, `_scheme`…) are never read from the
    query string, where anyone may have put them."""
    reserved = {argument for rule in current_app.url_map.iter_rules(endpoint) for argument in rule.arguments}
    kept = {name: value for name, value in request.args.items()
            if name != "page" and not name.startswith("_") and name not in reserved}
    return url_for(endpoint, **{**kept, **values})
