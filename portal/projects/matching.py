"""The matching engine (docs/projects.md): how well a project answers a need, from 0 to 100,
with the reasons that make up the score.

Scoring works on plain facts, so that it is the same for suggestions on a need's page, on a
project's page, in the API and in `flask portal rematch`. Each reason is a structured item
(factor, points, parameters); pages word it in the reader's language.
"""
from __future__ import annotations

import heapq
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert

from portal.core.jobs import enqueue
from portal.extensions import db
from portal.needs.models import Need, NeedState, Priority, PriorityState, need_beneficiary_groups, need_subsectors
from portal.needs.signals import need_changed, priorities_changed
from portal.projects.models import (
    Pledge, PledgeState, Project, ProjectState, Suggestion, project_beneficiary_groups, project_countries, project_subsectors,
)
from portal.reference.models import Subsector

# The weights, in one place (the README explains them). Their maxima add up to 100.
WEIGHTS = {
    "same_country": 25,       # the need's country is one of the project's target countries
    "same_subsector": 25,     # they share a subsector ...
    "same_field": 10,         # ... or, failing that, a field
    "ministry_priority": 15,  # the country's ministry ranks one of the project's subsectors
    "beneficiary_groups": 10,  # they serve a common beneficiary group
    "funding_gap": 10,        # the project's funding gap covers the need's cost (half if it covers half)
    "urgency": 5,             # critical 5, high 3, medium 1
    "timeframe": 5,           # the need's period overlaps the project's
    "open_for_partners": 5,   # the project seeks partners now
}
URGENCY_POINTS = {"critical": 5, "high": 3, "medium": 1, "low": 0}


@dataclass(frozen=True)
class NeedFacts:
    country_code: str
    subsector_codes: frozenset[str]
    field_codes: frozenset[str]
    group_codes: frozenset[str]
    urgency: str
    start_date: date
    end_date: date
    cost_usd: Decimal


@dataclass(frozen=True)
class ProjectFacts:
    country_codes: frozenset[str]
    subsector_codes: frozenset[str]
    field_codes: frozenset[str]
    group_codes: frozenset[str]
    start_date: date
    end_date: date
    open_for_partners: bool
    funding_gap_usd: Decimal


@dataclass(frozen=True)
class Reason:
    factor: str
    points: int
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"factor": self.factor, "points": self.points, "params": self.params}


@dataclass(frozen=True)
class Score:
    value: int
    reasons: tuple[Reason, ...]


def score(need: NeedFacts, project: ProjectFacts, priority_subsectors: frozenset[str] = frozenset(),
          explain: bool = True) -> Score:
    """`priority_subsectors`: subsectors of the active ministry priorities of the need's country.

    With `explain=False` the reasons are left out and only the value is computed, several
    times faster: ranking scores every candidate that way and explains only those it keeps.
    """
    value = 0
    reasons: list[Reason] = []
    if need.country_code in project.country_codes:
        value += WEIGHTS["same_country"]
        if explain:
            reasons.append(Reason("same_country", WEIGHTS["same_country"], {"country": need.country_code}))
    shared_subsectors = need.subsector_codes & project.subsector_codes
    if shared_subsectors:
        value += WEIGHTS["same_subsector"]
        if explain:
            reasons.append(Reason("same_subsector", WEIGHTS["same_subsector"], {"subsectors": sorted(shared_subsectors)}))
    elif shared_fields := need.field_codes & project.field_codes:
        value += WEIGHTS["same_field"]
        if explain:
            reasons.append(Reason("same_field", WEIGHTS["same_field"], {"fields": sorted(shared_fields)}))
    if prioritised := priority_subsectors & project.subsector_codes:
        value += WEIGHTS["ministry_priority"]
        if explain:
            reasons.append(Reason("ministry_priority", WEIGHTS["ministry_priority"],
                                  {"country": need.country_code, "subsectors": sorted(prioritised)}))
    if need.group_codes & project.group_codes:
        value += WEIGHTS["beneficiary_groups"]
        if explain:
            reasons.append(Reason("beneficiary_groups", WEIGHTS["beneficiary_groups"],
                                  {"groups": sorted(need.group_codes & project.group_codes)}))
    if project.funding_gap_usd >= need.cost_usd > 0:
        value += WEIGHTS["funding_gap"]
        if explain:
            reasons.append(Reason("funding_gap", WEIGHTS["funding_gap"], {"covers": "all"}))
    elif need.cost_usd > 0 and project.funding_gap_usd * 2 >= need.cost_usd:
        value += WEIGHTS["funding_gap"] // 2
        if explain:
            reasons.append(Reason("funding_gap", WEIGHTS["funding_gap"] // 2, {"covers": "half"}))
    if points := URGENCY_POINTS.get(need.urgency, 0):
        value += points
        if explain:
            reasons.append(Reason("urgency", points, {"urgency": need.urgency}))
    if need.start_date <= project.end_date and project.start_date <= need.end_date:
        value += WEIGHTS["timeframe"]
        if explain:
            reasons.append(Reason("timeframe", WEIGHTS["timeframe"]))
    if project.open_for_partners:
        value += WEIGHTS["open_for_partners"]
        if explain:
            reasons.append(Reason("open_for_partners", WEIGHTS["open_for_partners"]))
    return Score(value, tuple(reasons))


# --- Candidates, facts read from the database, stored suggestions ---------------------------

# How many suggestions are kept per need: pages show a few, the workbench three.
KEPT_PER_NEED = 10


class CandidateIndex:
    """Matchable projects by (target country, field): a need is scored against the projects
    that work in its country and share one of its fields, never against every project."""

    def __init__(self, projects: Iterable[tuple[int, ProjectFacts]]):
        self._by_place_and_field: dict[tuple[str, str], list[tuple[int, ProjectFacts]]] = defaultdict(list)
        for project_id, facts in projects:
            for country in facts.country_codes:
                for field_code in facts.field_codes:
                    self._by_place_and_field[(country, field_code)].append((project_id, facts))

    def candidates(self, need: NeedFacts) -> dict[int, ProjectFacts]:
        found: dict[int, ProjectFacts] = {}
        for field_code in need.field_codes:
            found.update(self._by_place_and_field.get((need.country_code, field_code), ()))
        return found


def ranked(need: NeedFacts, index: CandidateIndex, priority_subsectors: frozenset[str], limit: int = KEPT_PER_NEED):
    """The best `limit` (project id, Score) pairs for the need, best first (ties: older project)."""
    candidates = index.candidates(need)
    best = heapq.nsmallest(limit, (
        (-score(need, facts, priority_subsectors, explain=False).value, project_id) for project_id, facts in candidates.items()
    ))
    return [(project_id, score(need, candidates[project_id], priority_subsectors)) for _value, project_id in best]


def _grouped(rows) -> dict[int, set[str]]:
    grouped: dict[int, set[str]] = defaultdict(set)
    for owner_id, code in rows:
        grouped[owner_id].add(code)
    return grouped


def _subsectors_and_fields(owner_column, subsector_column, chosen) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """The subsector codes and the field codes of each chosen need or project, from its link table."""
    rows = db.session.execute(
        db.select(owner_column, subsector_column, Subsector.field_code)
        .join(Subsector, Subsector.code == subsector_column)
        .where(owner_column.in_(chosen))
    ).all()
    return (_grouped((owner_id, code) for owner_id, code, _field in rows),
            _grouped((owner_id, field_code) for owner_id, _code, field_code in rows))


def project_facts(only_countries: Collection[str] | None = None) -> list[tuple[int, ProjectFacts]]:
    """Facts of every matchable project (or of those working in `only_countries`), read in a
    fixed number of queries."""
    condition = Project.state.in_(ProjectState.MATCHABLE)
    if only_countries is not None:
        condition &= Project.id.in_(
            db.select(project_countries.c.project_id).where(project_countries.c.country_code.in_(list(only_countries)))
        )
    chosen = db.select(Project.id).where(condition)
    projects = db.session.execute(
        db.select(Project.id, Project.start_date, Project.end_date, Project.state, Project.budget_usd).where(condition)
    ).all()
    countries = _grouped(db.session.execute(
        db.select(project_countries.c.project_id, project_countries.c.country_code)
        .where(project_countries.c.project_id.in_(chosen))
    ))
    subsectors, fields = _subsectors_and_fields(project_subsectors.c.project_id, project_subsectors.c.subsector_code, chosen)
    groups = _grouped(db.session.execute(
        db.select(project_beneficiary_groups.c.project_id, project_beneficiary_groups.c.group_code)
        .where(project_beneficiary_groups.c.project_id.in_(chosen))
    ))
    secured = dict(db.session.execute(
        db.select(Pledge.project_id, func.sum(Pledge.amount_usd))
        .where(Pledge.state.in_(PledgeState.SECURED), Pledge.project_id.in_(chosen))
        .group_by(Pledge.project_id)
    ).all())
    return [
        (project_id, ProjectFacts(
            country_codes=frozenset(countries[project_id]),
            subsector_codes=frozenset(subsectors[project_id]),
            field_codes=frozenset(fields[project_id]),
            group_codes=frozenset(groups[project_id]),
            start_date=start_date,
            end_date=end_date,
            open_for_partners=state == ProjectState.OPEN_FOR_PARTNERS,
            funding_gap_usd=max(budget - (secured.get(project_id) or Decimal(0)), Decimal(0)),
        ))
        for project_id, start_date, end_date, state, budget in projects
    ]


def _suggestible(today: date):
    """Only published needs still within their dates are ever suggested."""
    return (Need.state == NeedState.PUBLISHED) & (Need.end_date >= today)


def need_facts(need_ids: Collection[int] | None, today: date) -> list[tuple[int, NeedFacts]]:
    """Facts of the suggestible needs among `need_ids` (None: all of them)."""
    condition = _suggestible(today)
    if need_ids is not None:
        condition &= Need.id.in_(list(need_ids))
    chosen = db.select(Need.id).where(condition)
    needs = db.session.execute(
        db.select(Need.id, Need.country_code, Need.urgency, Need.start_date, Need.end_date, Need.cost_usd).where(condition)
    ).all()
    subsectors, fields = _subsectors_and_fields(need_subsectors.c.need_id, need_subsectors.c.subsector_code, chosen)
    groups = _grouped(db.session.execute(
        db.select(need_beneficiary_groups.c.need_id, need_beneficiary_groups.c.group_code)
        .where(need_beneficiary_groups.c.need_id.in_(chosen))
    ))
    return [
        (need_id, NeedFacts(
            country_code=country_code,
            subsector_codes=frozenset(subsectors[need_id]),
            field_codes=frozenset(fields[need_id]),
            group_codes=frozenset(groups[need_id]),
            urgency=urgency,
            start_date=start_date,
            end_date=end_date,
            cost_usd=cost_usd,
        ))
        for need_id, country_code, urgency, start_date, end_date, cost_usd in needs
    ]


def priority_subsectors_by_country(today: date) -> dict[str, frozenset[str]]:
    """Subsectors of each country's active ministry priorities for this year."""
    rows = db.session.execute(
        db.select(Priority.country_code, Priority.subsector_code).where(
            Priority.state == PriorityState.ACTIVE,
            Priority.period_start <= today.year,
            Priority.period_end >= today.year,
        )
    )
    return {country: frozenset(codes) for country, codes in _grouped(rows).items()}


def _store(need_ids: Collection[int], facts: list[tuple[int, NeedFacts]], index: CandidateIndex,
           priorities: dict[str, frozenset[str]]) -> None:
    """Replace the stored suggestions of `need_ids`; needs without facts (no longer
    published) are left with none."""
    ids = list(need_ids)
    for start in range(0, len(ids), 1000):
        db.session.execute(db.delete(Suggestion).where(Suggestion.need_id.in_(ids[start:start + 1000])))
    rows = [
        (need_id, project_id, result.value, [reason.to_json() for reason in result.reasons])
        for need_id, need in facts
        for project_id, result in ranked(need, index, priorities.get(need.country_code, frozenset()))
    ]
    if not rows:
        return
    if db.session.get_bind().dialect.name == "postgresql":
        # COPY writes the 200,000 rows of a full rematch several times faster than INSERT.
        driver_connection = db.session.connection().connection.driver_connection
        with driver_connection.cursor().copy("COPY suggestions (need_id, project_id, score, reasons) FROM STDIN") as copy:
            for need_id, project_id, value, reasons in rows:
                copy.write_row((need_id, project_id, value, json.dumps(reasons)))
    else:
        db.session.execute(insert(Suggestion), [
            {"need_id": need_id, "project_id": project_id, "score": value, "reasons": reasons}
            for need_id, project_id, value, reasons in rows
        ])


def refresh_needs(need_ids: Collection[int], today: date | None = None) -> None:
    """Recompute the stored suggestions of these needs (run as a job after a change)."""
    today = today or date.today()
    facts = need_facts(need_ids, today)
    index = CandidateIndex(project_facts(only_countries={need.country_code for _id, need in facts}))
    _store(need_ids, facts, index, priority_subsectors_by_country(today))


def refresh_project(project_id: int, today: date | None = None) -> None:
    """After a project (or its funding) changed: recompute the needs that may suggest it now
    and those that suggested it before."""
    today = today or date.today()
    project_fields = (
        db.select(Subsector.field_code)
        .join(project_subsectors, project_subsectors.c.subsector_code == Subsector.code)
        .where(project_subsectors.c.project_id == project_id)
    )
    reachable = (
        db.select(Need.id)
        .join(need_subsectors, need_subsectors.c.need_id == Need.id)
        .join(Subsector, Subsector.code == need_subsectors.c.subsector_code)
        .where(
            _suggestible(today),
            Need.country_code.in_(db.select(project_countries.c.country_code).where(project_countries.c.project_id == project_id)),
            Subsector.field_code.in_(project_fields),
        )
    )
    before = db.select(Suggestion.need_id).where(Suggestion.project_id == project_id)
    need_ids = set(db.session.scalars(reachable)) | set(db.session.scalars(before))
    refresh_needs(need_ids, today)


def suggestible_need_ids(today: date | None = None) -> list[int]:
    return db.session.scalars(db.select(Need.id).where(_suggestible(today or date.today())).order_by(Need.id)).all()


def rematch_all(need_ids: list[int], today: date | None = None, chunk: int = 2000,
                progress: Callable[[int], None] = lambda done: None) -> None:
    """Replace every stored suggestion by those of `need_ids` (suggestible_need_ids()),
    committing chunk by chunk; `progress` hears how many needs each chunk did."""
    today = today or date.today()
    index = CandidateIndex(project_facts())
    priorities = priority_subsectors_by_country(today)
    db.session.execute(db.delete(Suggestion))
    for start in range(0, len(need_ids), chunk):
        part = need_ids[start:start + chunk]
        _store([], need_facts(part, today), index, priorities)
        db.session.commit()
        progress(len(part))
    db.session.commit()


def refresh_country(country_code: str) -> None:
    """After the country's ministry priorities changed."""
    refresh_needs(db.session.scalars(
        db.select(Need.id).where(_suggestible(date.today()), Need.country_code == country_code)
    ).all())


@need_changed.connect
def _refresh_changed_need(need_id: int) -> None:
    enqueue(refresh_needs, [need_id])


@priorities_changed.connect
def _refresh_country_of_priorities(country_code: str) -> None:
    enqueue(refresh_country, country_code)
