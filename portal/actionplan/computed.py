"""Actuals of the computed indicators, counted from the portal's own data when a page is read (never
stored, so they are always current).

Each kind reads, in one query, the dated events of the whole span its periods cover, and the
events are then counted into each period (both dates included):
- agreements concluded: agreements by the day they first came into force (`concluded_on`);
- joint committee sessions held, coordination meetings held: meetings of that kind that took place
  (held or closed), by the day they started (UTC);
- forum held: editions held or archived, by their opening day;
- needs matched: needs by the day their first match was accepted (a match accepted, active or
  completed; a need matched twice counts once, in the period of its first match);
- amounts pledged: pledges not withdrawn, in USD, by the day they were made;
- amounts paid: pledges paid, in USD, by the day they were last changed (the day they were marked
  paid: a paid pledge changes no more);
- off-budget projects funded: off-budget projects by the day their first committed or paid pledge
  was made.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Callable, Iterable

from sqlalchemy import func, select

from portal.actionplan.models import Computed, IndicatorPeriod
from portal.agreements.models import Agreement
from portal.extensions import db
from portal.forum.models import Edition, EditionState
from portal.meetings.models import Meeting, MeetingKind, MeetingState
from portal.projects.models import BudgetType, Match, MatchState, Pledge, PledgeState, Project

# (day or moment, amount): one event and what it adds to its period.
Events = Iterable[tuple[date | datetime, Decimal | int]]
ONE = 1


def _since(start: date) -> datetime:
    return datetime.combine(start, time.min)


def _until(end: date) -> datetime:
    return datetime.combine(end + timedelta(days=1), time.min)


def _agreements(start: date, end: date) -> Events:
    return ((day, ONE) for day in db.session.scalars(
        select(Agreement.concluded_on).where(Agreement.concluded_on >= start, Agreement.concluded_on <= end)))


def _meetings(kind: str) -> Callable[[date, date], Events]:
    def events(start: date, end: date) -> Events:
        return ((moment, ONE) for moment in db.session.scalars(
            select(Meeting.starts_at).where(Meeting.kind == kind, Meeting.state.in_(MeetingState.TOOK_PLACE),
                                            Meeting.starts_at >= _since(start), Meeting.starts_at < _until(end))))
    return events


def _forum(start: date, end: date) -> Events:
    return ((day, ONE) for day in db.session.scalars(
        select(Edition.start_date).where(Edition.state.in_((EditionState.HELD, EditionState.ARCHIVED)),
                                         Edition.start_date >= start, Edition.start_date <= end)))


def _needs_matched(start: date, end: date) -> Events:
    first = func.min(Match.decided_at)
    return ((moment, ONE) for moment in db.session.scalars(
        select(first).where(Match.state.in_((MatchState.ACCEPTED, MatchState.ACTIVE, MatchState.COMPLETED)))
        .group_by(Match.need_id).having(first >= _since(start), first < _until(end))))


def _pledged(start: date, end: date) -> Events:
    return db.session.execute(
        select(Pledge.created_at, Pledge.amount_usd).where(
            Pledge.state != PledgeState.WITHDRAWN, Pledge.created_at >= _since(start), Pledge.created_at < _until(end))
    ).all()


def _paid(start: date, end: date) -> Events:
    return db.session.execute(
        select(Pledge.updated_at, Pledge.amount_usd).where(
            Pledge.state == PledgeState.PAID, Pledge.updated_at >= _since(start), Pledge.updated_at < _until(end))
    ).all()


def _offbudget_funded(start: date, end: date) -> Events:
    first = func.min(Pledge.created_at)
    return ((moment, ONE) for moment in db.session.scalars(
        select(first).join(Project, Project.id == Pledge.project_id)
        .where(Project.budget_type == BudgetType.OFF_BUDGET, Pledge.state.in_(PledgeState.SECURED))
        .group_by(Pledge.project_id).having(first >= _since(start), first < _until(end))))


EVENTS: dict[str, Callable[[date, date], Events]] = {
    Computed.AGREEMENTS_CONCLUDED: _agreements,
    Computed.COMMITTEE_SESSIONS_HELD: _meetings(MeetingKind.JOINT_COMMITTEE),
    Computed.COORDINATION_MEETINGS_HELD: _meetings(MeetingKind.COORDINATION),
    Computed.FORUM_HELD: _forum,
    Computed.NEEDS_MATCHED: _needs_matched,
    Computed.AMOUNTS_PLEDGED: _pledged,
    Computed.AMOUNTS_PAID: _paid,
    Computed.OFFBUDGET_PROJECTS_FUNDED: _offbudget_funded,
}


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def count_between(kind: str, start: date, end: date) -> Decimal:
    """One computed figure for one span of days (the activity report's)."""
    return sum((Decimal(amount) for _moment, amount in EVENTS[kind](start, end)), Decimal(0))


def computed_actuals(periods: list[IndicatorPeriod]) -> dict[int, Decimal]:
    """period id → actual, for the periods of computed indicators: one query per kind present."""
    by_kind: dict[str, list[IndicatorPeriod]] = {}
    for period in periods:
        if period.indicator.computed:
            by_kind.setdefault(period.indicator.computed, []).append(period)
    actuals: dict[int, Decimal] = {}
    for kind, kind_periods in by_kind.items():
        events = [(_day(moment), Decimal(amount or 0)) for moment, amount in EVENTS[kind](
            min(period.start_date for period in kind_periods), max(period.end_date for period in kind_periods))]
        for period in kind_periods:
            actuals[period.id] = sum((amount for day, amount in events if period.contains(day)), Decimal(0))
    return actuals
