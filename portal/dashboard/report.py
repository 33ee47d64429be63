"""The dashboard's figures in the reader's language: charts for the dashboard, tables for the
activity report (its page and its PDF write the same tables)."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import format_date, format_decimal, format_percent, force_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.core.i18n import text_direction
from portal.core.money import USD, format_money
from portal.core.pdf import isolate
from portal.core.report import Section, sections_pdf
from portal.dashboard.charts import Chart, Row, bar_chart
from portal.dashboard.services import Figures
from portal.forum.labels import PARTICIPANT_TYPE_LABELS, REGISTRATION_STATE_LABELS
from portal.needs.labels import URGENCY_LABELS
from portal.projects.labels import PLEDGE_STATE_LABELS
from portal.reference.services import country_name_of, field_names


def number(value: int | float | Decimal) -> str:
    return format_decimal(value)


def usd(value: Decimal) -> str:
    return format_money(value, USD)


def days(value: float | None) -> str:
    return format_decimal(round(value, 1)) if value is not None else "—"


def field_name_of(lang: str) -> dict[str, str]:
    return {code: name for code, name, _subsectors in field_names(lang)}


def charts(figures: Figures, lang: str) -> list[Chart]:
    """The dashboard's charts, labelled in lang (the request's language)."""
    direction = text_direction(lang)
    countries, fields = country_name_of(lang), field_name_of(lang)
    needs = _("Needs")
    return [
        bar_chart("needs-by-country", _("Needs by country"), _("Country"), needs, [
            Row(countries.get(code, code), count, number(count), key=code) for code, count, _cost in figures.needs_by_country
        ], direction),
        bar_chart("needs-by-field", _("Needs by field"), _("Field"), needs, [
            Row(fields.get(code, code), count, number(count), key=code) for code, count in figures.needs_by_field
        ], direction),
        bar_chart("needs-by-urgency", _("Needs by urgency"), _("Urgency"), needs, [
            Row(str(URGENCY_LABELS[urgency]), count, number(count), f"chart-bar urgency-{urgency}", urgency)
            for urgency, count in figures.needs_by_urgency.items()
        ], direction),
        bar_chart("funding", _("Cost of the needs against pledges (USD)"), _("Amount"), _("USD"), [
            Row(_("Cost of the needs published"), float(figures.need_cost_usd), usd(figures.need_cost_usd),
                "chart-bar funding-cost", "cost"),
            Row(_("Only pledged"), float(figures.pledged_usd("pledged")), usd(figures.pledged_usd("pledged")),
                "chart-bar funding-pledged", "pledged"),
            Row(_("Committed"), float(figures.pledged_usd("committed")), usd(figures.pledged_usd("committed")),
                "chart-bar funding-committed", "committed"),
            Row(_("Paid"), float(figures.pledged_usd("paid")), usd(figures.pledged_usd("paid")),
                "chart-bar funding-paid", "paid"),
        ], direction),
        bar_chart("matched", _("Needs matched"), _("Needs"), _("Number"), [
            Row(_("Matched"), figures.needs_matched, number(figures.needs_matched), "chart-bar funding-paid", "matched"),
            Row(_("Not matched yet"), figures.needs_published - figures.needs_matched,
                number(figures.needs_published - figures.needs_matched), "chart-bar chart-muted", "unmatched"),
        ], direction),
        bar_chart("registrations-by-state", _("Forum registrations by state"), _("State"), _("Registrations"), [
            Row(str(REGISTRATION_STATE_LABELS[state]), count, number(count), key=state)
            for state, count in figures.registrations_by_state.items()
        ], direction),
        bar_chart("registrations-by-type", _("Forum registrations by participant type"), _("Participant type"),
                  _("Registrations"), [
            Row(str(PARTICIPANT_TYPE_LABELS[kind]), count, number(count), key=kind)
            for kind, count in figures.registrations_by_type.items()
        ], direction),
    ]


def period_text(figures: Figures) -> str:
    return _("From %(start)s to %(end)s", start=format_date(figures.filters.start, "long"),
             end=format_date(figures.filters.end, "long"))


def scope_text(figures: Figures, lang: str) -> str:
    """Which country and field the figures are limited to, in words."""
    parts = []
    if figures.filters.country:
        parts.append(_("Country: %(name)s", name=country_name_of(lang).get(figures.filters.country, figures.filters.country)))
    if figures.filters.field:
        parts.append(_("Field: %(name)s", name=field_name_of(lang).get(figures.filters.field, figures.filters.field)))
    return " · ".join(parts) or _("All countries and fields")


def report_sections(figures: Figures, lang: str) -> list[Section]:
    """The activity report's tables, in lang (the active locale)."""
    figure, value = _("Figure"), _("Value")
    totals = figures.project_totals
    return [
        Section("organizations", _("Organizations"), [figure, value], [
            [_("Organizations verified"), number(figures.organizations_verified)],
        ]),
        Section("needs", _("Needs"), [figure, value], [
            [_("Needs published"), number(figures.needs_published)],
            [_("Cost of the needs published"), usd(figures.need_cost_usd)],
            [_("Needs matched"), number(figures.needs_matched)],
            [_("Share of needs matched"), format_percent(figures.matched_share)],
            [_("Median days from publication to the first match"), days(figures.median_days_to_first_match)],
        ]),
        Section("pledges", _("Pledges by state"), [_("State"), _("Number"), _("Amount (USD)")], [
            [str(PLEDGE_STATE_LABELS[state]), number(count), usd(total)]
            for state, (count, total) in figures.pledges.items()
        ]),
        Section("projects", _("Projects and their funding"), [_("Project"), _("Budget"), _("Pledged"), _("Committed"), _("Paid")], [
            [f"{isolate(project.code)} {project.title.render(lang).text}", usd(funding.budget), usd(funding.pledged),
             usd(funding.committed), usd(funding.paid)]
            for project, funding in figures.projects
        ] + [[_("Total"), usd(totals.budget), usd(totals.pledged), usd(totals.committed), usd(totals.paid)]],
            note=ngettext("%(num)s project running in the period; funding as recorded today.",
                          "%(num)s projects running in the period; funding as recorded today.", len(figures.projects))),
        Section("forum", _("Forum registrations by state"), [_("State"), _("Registrations")], [
            [str(REGISTRATION_STATE_LABELS[state]), number(count)] for state, count in figures.registrations_by_state.items()
        ] + [[_("Total"), number(figures.registrations)]]),
        Section("commitments", _("Commitments"), [figure, value], [
            [_("Commitments fulfilled in the period"), number(figures.commitments_fulfilled)],
            [_("Commitments due in the period and overdue"), number(figures.commitments_overdue)],
        ]),
    ]


# --- PDF ----------------------------------------------------------------------------------------

def report_pdf(figures: Figures, lang: str) -> bytes:
    """The activity report on A4 in lang, Arabic shaped and laid out right to left."""
    with force_locale(lang):
        return sections_pdf(
            lang, _("Activity report of the Directorate of External Relations and Cooperation"), period_text(figures),
            [scope_text(figures, lang), _("Issued on %(date)s", date=format_date(figures.today, "long"))],
            report_sections(figures, lang),
            _("The figures are those of the officers' dashboard for the same period and filters."),
        )
