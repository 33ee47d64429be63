"""The Directorate activity report (docs/action-plan.md): for a chosen period, per division, what the
partnerships did. The report is a list of sections (core.report.Section), computed once per request
and written as the page (with charts), the PDF and the spreadsheet, which therefore agree.

Each section is one function in SECTIONS, taking the period and the reader's language; adding one
(the meetings' decisions, once minutes record them) is a function and a line in that tuple. Counts
per division have a column for each division and the total.

What the period selects:
- agreements concluded (first day in force) and ended (expired or terminated) in it; in force: in
  force today and concluded by the period's end; expiring: in force with a review date at the latest
  90 days after the period's end;
- meetings that took place (held or closed) and started in it, by kind;
- action items due in it, by their state today; overdue ones are named, whatever their due date
  before the period's end;
- indicators: each indicator of the current plan in its period running at the period's end;
- partners: project partners of the projects running in it (funding and implementing), and the
  pledges made in it (not withdrawn), by organization;
- the forum: editions held whose opening day falls in it, with their seated registrations.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import format_date, force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import selectinload

from portal.actionplan import services
from portal.actionplan.labels import MEETING_KIND_LABELS, OUTCOME_COUNT_LABELS
from portal.agreements.models import Agreement, AgreementState
from portal.core.filters import as_date
from portal.core.i18n import text_direction
from portal.core.report import Cell, Percent, Section, Usd, cell_number, cell_text, sections_pdf, sections_xlsx
from portal.dashboard.charts import Chart, Row, bar_chart
from portal.extensions import db
from portal.forum.models import Edition, EditionState, Registration, RegistrationState
from portal.meetings.labels import ACTION_ITEM_STATE_LABELS
from portal.meetings.models import (
    ActionItem, ActionItemState, Meeting, MeetingKind, MeetingOutcome, MeetingState, OutcomeKind,
)
from portal.organizations.labels import DIVISION_LABELS
from portal.organizations.models import Division, Organization
from portal.projects.labels import DIRECTORATE_LABELS
from portal.projects.models import PartnerRole, Pledge, PledgeState, Project, ProjectPartner

EXPIRING_DAYS = 90


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date

    @classmethod
    def from_args(cls, args, today: date) -> "ReportPeriod":
        """`from` and `to` (ISO dates); the current month by default; a reversed period is turned round."""
        default = month_of(today)
        start = as_date(args.get("from")) or default.start
        end = as_date(args.get("to")) or (default.end if start <= default.end else start)
        return cls(*sorted((start, end)))

    def as_args(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def until(self) -> datetime:
        """The first moment after the period (stored datetimes are naive UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time.min)


def month_of(day: date) -> ReportPeriod:
    return ReportPeriod(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))


def quarter_of(day: date) -> ReportPeriod:
    first_month = 3 * ((day.month - 1) // 3) + 1
    return ReportPeriod(date(day.year, first_month, 1), month_of(date(day.year, first_month + 2, 1)).end)


def presets(today: date) -> list[tuple[str, ReportPeriod]]:
    last_month = month_of(today.replace(day=1) - timedelta(days=1))
    this_quarter = quarter_of(today)
    return [
        ("this_month", month_of(today)),
        ("last_month", last_month),
        ("this_quarter", this_quarter),
        ("last_quarter", quarter_of(this_quarter.start - timedelta(days=1))),
        ("this_year", ReportPeriod(date(today.year, 1, 1), date(today.year, 12, 31))),
    ]


def period_text(period: ReportPeriod) -> str:
    return _("From %(start)s to %(end)s", start=format_date(period.start, "long"), end=format_date(period.end, "long"))


def _by_division(label: str, counts: dict[str, int]) -> list:
    values = [int(counts.get(division, 0)) for division in Division.ALL]
    return [label, *values, sum(values)]


def _division_header(first: str) -> list[str]:
    return [first, *(str(DIVISION_LABELS[division]) for division in Division.ALL), _("Total")]


# --- Sections ------------------------------------------------------------------------------------

def agreements_section(period: ReportPeriod, today: date, lang: str) -> Section:
    in_force = Agreement.state == AgreementState.IN_FORCE
    figures = {
        "concluded": and_(Agreement.concluded_on >= period.start, Agreement.concluded_on <= period.end),
        "in_force": and_(in_force, Agreement.concluded_on <= period.end),
        "expiring": and_(in_force, Agreement.review_date <= period.end + timedelta(days=EXPIRING_DAYS)),
        "ended": and_(Agreement.state.in_(AgreementState.ENDED), Agreement.ended_on >= period.start,
                      Agreement.ended_on <= period.end),
    }
    counts: dict[str, dict[str, int]] = {key: {} for key in figures}
    for division, *values in db.session.execute(
        select(Agreement.division, *(func.sum(case((condition, 1), else_=0)) for condition in figures.values()))
        .group_by(Agreement.division)
    ):
        for key, value in zip(figures, values):
            counts[key][division] = value or 0
    labels = {
        "concluded": _("Agreements concluded"), "in_force": _("Agreements in force"),
        "expiring": _("Agreements expiring (review within 90 days)"),
        "ended": _("Agreements ended"),
    }
    return Section("agreements", _("Agreements"), _division_header(_("Figure")),
                   [_by_division(labels[key], counts[key]) for key in figures])


def meetings_section(period: ReportPeriod, today: date, lang: str) -> Section:
    counts: dict[str, dict[str, int]] = {kind: {} for kind in MeetingKind.ALL}
    for kind, division, count in db.session.execute(
        select(Meeting.kind, Meeting.division, func.count(Meeting.id))
        .where(Meeting.state.in_(MeetingState.TOOK_PLACE), Meeting.starts_at >= period.since,
               Meeting.starts_at < period.until)
        .group_by(Meeting.kind, Meeting.division)
    ):
        counts[kind][division] = count
    rows = [_by_division(str(MEETING_KIND_LABELS[kind]), counts[kind]) for kind in MeetingKind.ALL]
    return Section("meetings", _("Committee sessions and meetings held"), _division_header(_("Kind")),
                   rows + [_by_division(_("Total"), {division: sum(row[1 + index] for row in rows)
                                                     for index, division in enumerate(Division.ALL)})])


def outcomes_section(period: ReportPeriod, today: date, lang: str) -> Section:
    """What the minutes of the meetings held in the period record: decisions, actions, information."""
    counts: dict[str, dict[str, int]] = {kind: {} for kind in OutcomeKind.ALL}
    for kind, division, count in db.session.execute(
        select(MeetingOutcome.kind, Meeting.division, func.count(MeetingOutcome.id)).join(Meeting)
        .where(Meeting.state.in_(MeetingState.TOOK_PLACE), Meeting.starts_at >= period.since,
               Meeting.starts_at < period.until)
        .group_by(MeetingOutcome.kind, Meeting.division)
    ):
        counts[kind][division] = count
    return Section("outcomes", _("Decisions and other outcomes of the meetings held"), _division_header(_("Outcome")),
                   [_by_division(str(OUTCOME_COUNT_LABELS[kind]), counts[kind]) for kind in OutcomeKind.ALL])


def action_items_section(period: ReportPeriod, today: date, lang: str) -> Section:
    counts: dict[str, dict[str, int]] = {state: {} for state in ActionItemState.ALL}
    for state, division, count in db.session.execute(
        select(ActionItem.state, ActionItem.division, func.count(ActionItem.id))
        .where(ActionItem.due_date >= period.start, ActionItem.due_date <= period.end)
        .group_by(ActionItem.state, ActionItem.division)
    ):
        counts[state][division] = count
    return Section("action-items", _("Action items due in the period, by state"), _division_header(_("State")),
                   [_by_division(str(ACTION_ITEM_STATE_LABELS[state]), counts[state]) for state in ActionItemState.ALL])


def overdue_section(period: ReportPeriod, today: date, lang: str) -> Section:
    overdue = db.session.scalars(
        select(ActionItem).where(ActionItem.state.in_(ActionItemState.PENDING),
                                 ActionItem.due_date < min(period.end + timedelta(days=1), today))
        .options(selectinload(ActionItem.organization)).order_by(ActionItem.due_date, ActionItem.reference)
    ).all()
    return Section("overdue", _("Overdue action items"),
                   [_("Reference"), _("Action"), _("Responsible"), _("Due date"), _("Division")], [
        [item.reference, item.description.render(lang).text,
         item.organization.names.render(lang).text if item.organization else str(DIRECTORATE_LABELS[item.directorate]),
         item.due_date, str(DIVISION_LABELS[item.division])]
        for item in overdue
    ], note=_("Open or in progress after their due date; the list names every one due before the period's end."))


def _indicator_value(indicator, value: Decimal | None) -> Cell:
    if value is None:
        return "—"
    if indicator.in_usd:
        return Usd(value)
    return Percent(value) if indicator.measure == "percent" else value


def indicators_section(period: ReportPeriod, today: date, lang: str) -> Section:
    plan = services.current_plan()
    rows = []
    if plan is not None:
        plan = services.load_plan(plan.id)
        figures = services.plan_figures(plan, period.end)
        for programme in plan.programmes:
            for result in programme.results:
                for indicator in result.indicators:
                    current = figures[indicator.id].current
                    if current is None or indicator.is_qualitative:
                        continue
                    rows.append([indicator.title.render(lang).text, _indicator_value(indicator, current.period.target),
                                 _indicator_value(indicator, current.measured),
                                 "—" if current.percent is None else Percent(current.percent)])
    return Section("indicators", _("Indicators against targets"), [_("Indicator"), _("Target"), _("Actual"), _("Progress")],
                   rows, note=_("The period of each indicator running at the report's end; cumulative indicators count their running total."))


def partners_section(period: ReportPeriod, today: date, lang: str) -> Section:
    running = and_(Project.start_date <= period.end, Project.end_date >= period.start)
    mobilized: dict[int, dict[str, Decimal | int]] = {}

    def entry(organization_id: int) -> dict:
        return mobilized.setdefault(organization_id, {"funding": Decimal(0), "implementing": 0, "pledged": Decimal(0)})

    for organization_id, role, count, amount in db.session.execute(
        select(ProjectPartner.organization_id, ProjectPartner.role, func.count(), func.sum(ProjectPartner.amount_usd))
        .join(Project, Project.id == ProjectPartner.project_id).where(running)
        .group_by(ProjectPartner.organization_id, ProjectPartner.role)
    ):
        if role == PartnerRole.FUNDING:
            entry(organization_id)["funding"] += Decimal(amount or 0)
        else:
            entry(organization_id)["implementing"] += count
    for organization_id, amount in db.session.execute(
        select(Pledge.organization_id, func.sum(Pledge.amount_usd))
        .where(Pledge.state != PledgeState.WITHDRAWN, Pledge.created_at >= period.since, Pledge.created_at < period.until)
        .group_by(Pledge.organization_id)
    ):
        entry(organization_id)["pledged"] += Decimal(amount or 0)
    organizations = {organization.id: organization for organization in db.session.scalars(
        select(Organization).where(Organization.id.in_(list(mobilized))))} if mobilized else {}
    order = sorted(mobilized, key=lambda key: (-(mobilized[key]["funding"] + mobilized[key]["pledged"]),
                                               organizations[key].names.render(lang).text))
    rows = [[organizations[key].names.render(lang).text, str(DIVISION_LABELS[organizations[key].division]),
             mobilized[key]["implementing"], Usd(mobilized[key]["funding"]), Usd(mobilized[key]["pledged"])]
            for key in order]
    totals = [_("Total"), "", sum(row[2] for row in rows), Usd(sum((row[3].amount for row in rows), Decimal(0))),
              Usd(sum((row[4].amount for row in rows), Decimal(0)))]
    return Section("partners", _("Projects and amounts mobilized by partner"),
                   [_("Partner"), _("Division"), _("Projects implemented"), _("Funding of projects (USD)"),
                    _("Pledged in the period (USD)")], rows + [totals],
                   note=_("Partners of the projects running in the period, with their role, and pledges made in it."))


def forum_section(period: ReportPeriod, today: date, lang: str) -> Section:
    editions = db.session.execute(
        select(Edition, func.count(Registration.id))
        .outerjoin(Registration, and_(Registration.edition_id == Edition.id,
                                      Registration.state.in_(RegistrationState.SEATED)))
        .where(Edition.state.in_((EditionState.HELD, EditionState.ARCHIVED)), Edition.start_date >= period.start,
               Edition.start_date <= period.end)
        .group_by(Edition.id).order_by(Edition.start_date)
    ).all()
    return Section("forum", _("The forum"), [_("Edition"), _("Start date"), _("End date"), _("Participants registered")], [
        [edition.title.render(lang).text, edition.start_date, edition.end_date, count]
        for edition, count in editions
    ], note=_("Editions held that opened in the period, with their approved and checked-in participants."))


SECTIONS = (agreements_section, meetings_section, outcomes_section, action_items_section, overdue_section, indicators_section,
            partners_section, forum_section)


def report_sections(period: ReportPeriod, today: date, lang: str) -> list[Section]:
    return [section(period, today, lang) for section in SECTIONS]


# Charted sections: (section key, column whose figures the bars show, rows left out: a total).
CHARTS = (("agreements", -1, 0), ("meetings", -1, 1), ("action-items", -1, 0), ("partners", 4, 1))


def charts(sections: list[Section], lang: str) -> list[Chart]:
    """Bar charts of some sections' figures, drawn for the reader's direction from the same cells."""
    by_key = {section.key: section for section in sections}
    drawn = []
    for key, column, totals in CHARTS:
        section = by_key[key]
        rows = section.rows[:len(section.rows) - totals]
        drawn.append(bar_chart(f"chart-{key}", section.title, section.header[0], section.header[column], [
            Row(str(row[0]), cell_number(row[column]) or 0, cell_text(row[column]), key=str(index))
            for index, row in enumerate(rows)
        ], text_direction(lang)))
    return drawn


def title() -> str:
    return _("Directorate activity report by division")


def summary(sections: list[Section]) -> list[tuple[str, Cell]]:
    """The report's key figures, read from its sections' totals."""
    by_key = {section.key: section for section in sections}
    agreements, partners = by_key["agreements"].rows, by_key["partners"].rows
    return [
        (_("Agreements concluded"), agreements[0][-1]),
        (_("Agreements in force"), agreements[1][-1]),
        (_("Meetings held"), by_key["meetings"].rows[-1][-1]),
        (_("Decisions"), by_key["outcomes"].rows[0][-1]),
        (_("Overdue action items"), len(by_key["overdue"].rows)),
        (_("Participants registered"), sum(row[-1] for row in by_key["forum"].rows)),
        (_("Funding of projects (USD)"), partners[-1][3]),
        (_("Pledged in the period (USD)"), partners[-1][4]),
    ]


def report_pdf(period: ReportPeriod, sections: list[Section], today: date, lang: str) -> bytes:
    with force_locale(lang):
        return sections_pdf(lang, title(), period_text(period),
                            [_("Issued on %(date)s", date=format_date(today, "long"))], sections,
                            _("The figures are those of the activity report's page for the same period."),
                            summary=summary(sections), charts=charts(sections, lang))


def report_xlsx(period: ReportPeriod, sections: list[Section], lang: str):
    return sections_xlsx(f"activity-report-{period.start.isoformat()}-{period.end.isoformat()}.xlsx", title(),
                         period_text(period), sections, lang)
