"""Needs as HXL, the Humanitarian Exchange Language (docs/exports.md): a CSV whose first row
holds the headers in the reader's language and whose second row holds the HXL hashtags, so
that humanitarian tools (HDX, the HXL Proxy, libhxl) find each column by its meaning.

Codes stay codes (`#country+code` is ISO 3166-1 alpha-2); names (sectors, states, urgencies)
are in the reader's language; the cost is the USD equivalent kept when the need was entered,
with a dot for decimals; dates are ISO 8601.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from flask_babel import gettext as _

from portal.core.i18n import in_current_language
from portal.exports.services import Names, NeedRow, Table, need_rows
from portal.needs.labels import NEED_STATE_LABELS, URGENCY_LABELS
from portal.needs.services import BoardFilters


def _columns(names: Names, today: date) -> list[tuple[str, str, Callable[[NeedRow], object]]]:
    """(header, hashtag, value of a need) of each column."""
    states, urgencies = in_current_language(NEED_STATE_LABELS), in_current_language(URGENCY_LABELS)
    return [
        (_("Need number"), "#meta+id", lambda need: need.id),
        (_("Title"), "#description+title", lambda need: names.text(need.title)),
        (_("Organization"), "#org", lambda need: names.text(need.organization_names)),
        (_("Country code"), "#country+code", lambda need: need.country_code),
        (_("Country"), "#country+name", lambda need: names.country(need.country_code)),
        (_("Area"), "#adm1+name", lambda need: need.area or ""),
        (_("Field"), "#sector", lambda need: names.listed(names.fields_of(need.subsector_codes), names.fields)),
        (_("Subsectors"), "#subsector", lambda need: names.listed(need.subsector_codes, names.subsectors)),
        (_("Number of beneficiaries"), "#affected", lambda need: need.beneficiary_count),
        (_("Urgency"), "#severity", lambda need: urgencies[need.urgency]),
        (_("Estimated cost (USD)"), "#value+cost", lambda need: need.cost_usd),
        (_("State"), "#status", lambda need: states[need.shown_state(today)]),
        (_("Start date"), "#date+start", lambda need: need.start_date.isoformat()),
        (_("End date"), "#date+end", lambda need: need.end_date.isoformat()),
    ]


def needs_hxl_table(filters: BoardFilters, lang: str, today: date | None = None) -> Table:
    """The HXL table: the hashtag row comes first among the rows, under the headers."""
    today = today or date.today()
    columns = _columns(Names(lang), today)
    rows = [[tag for _header, tag, _value in columns]]
    rows.extend([value(need) for _header, _tag, value in columns] for need in need_rows(filters, today))
    return Table("needs-hxl", _("Needs"), [header for header, _tag, _value in columns], rows)
