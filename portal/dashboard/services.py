"""The figures of the officers' dashboard and of the Directorate's activity report (docs/dashboard.md).

`figures` is the one place that computes them: the dashboard's charts, the report page and its PDF
all read the same `Figures`, so they agree by construction. It runs a fixed number of aggregate
queries (GROUP BY), whatever the number of rows.

What the filters mean:
- the period (from, to, both included) selects needs by their publication date, matches up to the
  period's end, pledges by the day they were made, organizations by the day they were verified,
  projects that run during the period, forum registrations by the day they were made, commitments
  fulfilled in the period and those due in it that are overdue;
- the country and field select needs (their country, a subsector in the field), the pledges made
  for those needs, organizations (their country, their fields) and projects (a target country, a
  subsector in the field). They do not apply to forum registrations and commitments.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, select

from portal.core.filters import as_date
from portal.extensions import db
from portal.forum.models import ParticipantType, Registration, RegistrationState
from portal.needs.models import Need, Urgency, need_subsectors
from portal.organizations.models import Organization, organization_fields
from portal.outcomes.models import Commitment, CommitmentState
from portal.projects.models import Match, MatchState, Pledge, PledgeState, Project, project_countries, project_subsectors
from portal.projects.services import Funding, funding_of
from portal.reference.models import Subsector

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class DashboardFilters:
    start: date
    end: date
    country: str = ""
    field: str = ""

    @classmethod
    def from_args(cls, args, today: date) -> "DashboardFilters":
        """From the query string (`from`, `to` as ISO dates, `country`, `field`); the last 12
        months by default; a reversed period is put the right way round."""
        end = as_date(args.get("to")) or today
        start = as_date(args.get("from")) or end - timedelta(days=DEFAULT_DAYS)
        if start > end:
            start, end = end, start
        return cls(start, end, (args.get("country") or "").strip().upper(), (args.get("field") or "").strip())

    def as_args(self, **changes) -> dict[str, str]:
        values = {"from": self.start.isoformat(), "to": self.end.isoformat(), "country": self.country, "field": self.field}
        values.update(changes)
        return {key: value for key, value in values.items() if value}

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def until(self) -> datetime:
        """The first moment after the period (stored datetimes are naive UTC)."""
        return datetime.combine(self.end + timedelta(days=1), time.min)


def presets(today: date) -> list[tuple[str, date, date]]:
    """Handy periods: (key, from, to)."""
    return [
        ("last_12_months", today - timedelta(days=DEFAULT_DAYS), today),
        ("this_year", date(today.year, 1, 1), today),
        ("last_year", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


@dataclass(frozen=True)
class Figures:
    filters: DashboardFilters
    # Needs published in the period: (country code, count, cost in USD), most needs first.
    needs_by_country: list[tuple[str, int, Decimal]]
    # (field code, count): a need with subsectors in two fields counts in both.
    needs_by_field: list[tuple[str, int]]
    needs_by_urgency: dict[str, int]
    needs_published: int
    need_cost_usd: Decimal
    needs_matched: int
    median_days_to_first_match: float | None
    # state → (count, USD) of the pledges made in the period.
    pledges: dict[str, tuple[int, Decimal]]
    organizations_verified: int
    projects: list[tuple[Project, Funding]]
    registrations_by_state: dict[str, int]
    registrations_by_type: dict[str, int]
    commitments_fulfilled: int
    commitments_overdue: int
    today: date = field(default_factory=date.today)

    @property
    def matched_share(self) -> float:
        return self.needs_matched / self.needs_published if self.needs_published else 0.0

    def pledged_usd(self, state: str) -> Decimal:
        return self.pledges.get(state, (0, Decimal(0)))[1]

    @property
    def checked_in(self) -> int:
        return self.registrations_by_state.get(RegistrationState.CHECKED_IN, 0)

    @property
    def registrations(self) -> int:
        return sum(self.registrations_by_state.values())

    @property
    def project_totals(self) -> Funding:
        return Funding(
            budget=sum((funding.budget for _, funding in self.projects), Decimal(0)),
            paid=sum((funding.paid for _, funding in self.projects), Decimal(0)),
            committed=sum((funding.committed for _, funding in self.projects), Decimal(0)),
            pledged=sum((funding.pledged for _, funding in self.projects), Decimal(0)),
        )


def _need_place_conditions(filters: DashboardFilters) -> list:
    """The country and field filters on needs."""
    conditions = []
    if filters.country:
        conditions.append(Need.country_code == filters.country)
    if filters.field:
        conditions.append(Need.id.in_(
            select(need_subsectors.c.need_id)
            .join(Subsector, Subsector.code == need_subsectors.c.subsector_code)
            .where(Subsector.field_code == filters.field)
        ))
    return conditions


def _need_conditions(filters: DashboardFilters) -> list:
    """Needs published in the period, in the country and field."""
    return [Need.published_at >= filters.since, Need.published_at < filters.until, *_need_place_conditions(filters)]


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def figures(filters: DashboardFilters, today: date | None = None) -> Figures:
    """Every figure of the dashboard and the report for these filters."""
    today = today or date.today()
    needs = _need_conditions(filters)

    by_country = [
        (code, count, Decimal(cost or 0))
        for code, count, cost in db.session.execute(
            select(Need.country_code, func.count(Need.id), func.sum(Need.cost_usd))
            .where(*needs).group_by(Need.country_code)
        )
    ]
    by_country.sort(key=lambda row: (-row[1], row[0]))

    by_field = db.session.execute(
        select(Subsector.field_code, func.count(func.distinct(Need.id)))
        .join(need_subsectors, need_subsectors.c.need_id == Need.id)
        .join(Subsector, Subsector.code == need_subsectors.c.subsector_code)
        .where(*needs).group_by(Subsector.field_code)
    ).all()

    urgency_counts = dict(db.session.execute(
        select(Need.urgency, func.count(Need.id)).where(*needs).group_by(Need.urgency)
    ).all())

    # Needs of the period with a match proposed by the period's end (declined ones aside).
    first_matches = db.session.execute(
        select(Need.published_at, func.min(Match.proposed_at))
        .join(Match, Match.need_id == Need.id)
        .where(*needs, Match.state != MatchState.DECLINED, Match.proposed_at < filters.until)
        .group_by(Need.id, Need.published_at)
    ).all()

    pledge_conditions = [Pledge.created_at >= filters.since, Pledge.created_at < filters.until]
    if filters.country or filters.field:
        pledge_conditions.append(Pledge.need_id.in_(select(Need.id).where(*_need_place_conditions(filters))))
    pledges = {
        state: (count, Decimal(total or 0))
        for state, count, total in db.session.execute(
            select(Pledge.state, func.count(Pledge.id), func.sum(Pledge.amount_usd))
            .where(*pledge_conditions).group_by(Pledge.state)
        )
    }

    organization_conditions = [
        Organization.verified_at >= filters.since, Organization.verified_at < filters.until,
    ]
    if filters.country:
        organization_conditions.append(Organization.country_code == filters.country)
    if filters.field:
        organization_conditions.append(Organization.id.in_(
            select(organization_fields.c.organization_id).where(organization_fields.c.field_code == filters.field)
        ))
    organizations_verified = db.session.scalar(select(func.count(Organization.id)).where(*organization_conditions))

    project_conditions = [Project.start_date <= filters.end, Project.end_date >= filters.start]
    if filters.country:
        project_conditions.append(Project.id.in_(
            select(project_countries.c.project_id).where(project_countries.c.country_code == filters.country)
        ))
    if filters.field:
        project_conditions.append(Project.id.in_(
            select(project_subsectors.c.project_id)
            .join(Subsector, Subsector.code == project_subsectors.c.subsector_code)
            .where(Subsector.field_code == filters.field)
        ))
    projects = db.session.scalars(select(Project).where(*project_conditions).order_by(Project.code)).all()
    funding = funding_of(list(projects))

    by_state: dict[str, int] = {}
    by_type: dict[str, int] = {}
    for state, participant_type, count in db.session.execute(
        select(Registration.state, Registration.participant_type, func.count(Registration.id))
        .where(Registration.created_at >= filters.since, Registration.created_at < filters.until)
        .group_by(Registration.state, Registration.participant_type)
    ):
        by_state[state] = by_state.get(state, 0) + count
        by_type[participant_type] = by_type.get(participant_type, 0) + count

    overdue_until = min(filters.end, today - timedelta(days=1))
    fulfilled, overdue = db.session.execute(
        select(
            func.sum(case((and_(Commitment.state == CommitmentState.FULFILLED, Commitment.closed_at >= filters.since,
                                Commitment.closed_at < filters.until), 1), else_=0)),
            func.sum(case((and_(Commitment.state.in_(CommitmentState.PENDING), Commitment.due_date >= filters.start,
                                Commitment.due_date <= overdue_until), 1), else_=0)),
        )
    ).one()

    return Figures(
        filters=filters,
        needs_by_country=by_country,
        needs_by_field=sorted(((code, count) for code, count in by_field), key=lambda row: (-row[1], row[0])),
        needs_by_urgency={urgency: urgency_counts.get(urgency, 0) for urgency in Urgency.ALL},
        needs_published=sum(count for _, count, _ in by_country),
        need_cost_usd=sum((cost for _, _, cost in by_country), Decimal(0)),
        needs_matched=len(first_matches),
        median_days_to_first_match=(
            statistics.median(max(_days(published, first), 0.0) for published, first in first_matches)
            if first_matches else None
        ),
        pledges={state: pledges.get(state, (0, Decimal(0))) for state in PledgeState.ALL},
        organizations_verified=organizations_verified or 0,
        projects=[(project, funding[project.id]) for project in projects],
        registrations_by_state={state: by_state.get(state, 0) for state in RegistrationState.ALL},
        registrations_by_type={kind: by_type.get(kind, 0) for kind in ParticipantType.ALL},
        commitments_fulfilled=int(fulfilled or 0),
        commitments_overdue=int(overdue or 0),
        today=today,
    )
