"""Priorities: what an endowment ministry or national commission asks for its own country."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.rules import Refused, locked
from portal.core.translated import TranslatedText
from portal.extensions import db
from portal.needs.models import Priority, PriorityState
from portal.needs.services import posting_organizations
from portal.needs.signals import priorities_changed
from portal.organizations.models import Organization

PRIORITY_KINDS = ("endowment_ministry", "national_commission")


def priority_organizations(user: User) -> list[Organization]:
    """Verified ministries and national commissions in which the user may post."""
    return [org for org in posting_organizations(user) if org.kind in PRIORITY_KINDS]


@dataclass
class PriorityData:
    title: TranslatedText
    description: TranslatedText | None
    subsector_code: str
    rank: int
    period_start: int
    period_end: int


def create_priority(organization: Organization, author: User, data: PriorityData) -> Priority:
    if organization not in priority_organizations(author):
        raise Refused(_l("Only editors and owners of a verified endowment ministry or national commission post priorities."))
    if data.period_end < data.period_start:
        raise Refused(_l("The period ends before it starts."))
    priority = Priority(
        organization_id=organization.id,
        country_code=organization.country_code,
        title=data.title,
        description=data.description,
        subsector_code=data.subsector_code,
        rank=data.rank,
        period_start=data.period_start,
        period_end=data.period_end,
    )
    db.session.add(priority)
    db.session.flush()
    record_audit("priority.created", "priority", priority.id, after={"title": data.title.to_json(), "rank": data.rank}, actor=author)
    priorities_changed.send(priority.country_code)
    db.session.commit()
    return priority


NOT_YOURS = _l("Only editors and owners of the ministry or commission may change its priorities.")
ALREADY = {
    PriorityState.ARCHIVED: _l("This priority is already archived."),
    PriorityState.ACTIVE: _l("This priority is already active."),
}


def may_change(user: User, priority: Priority) -> bool:
    return priority.organization in priority_organizations(user)


def _editable(priority_id: int, user: User) -> Priority:
    priority = locked(Priority, priority_id, NOT_YOURS)
    if not may_change(user, priority):
        raise Refused(NOT_YOURS)
    return priority


def set_rank(priority_id: int, user: User, rank: int) -> Priority:
    priority = _editable(priority_id, user)
    before = {"rank": priority.rank}
    priority.rank = rank
    record_audit("priority.ranked", "priority", priority.id, before=before, after={"rank": rank}, actor=user)
    db.session.commit()
    return priority


def set_state(priority_id: int, user: User, state: str) -> Priority:
    priority = _editable(priority_id, user)
    # Two people archiving it at once: the second, after the first's lock, finds it archived.
    if priority.state == state:
        raise Refused(ALREADY[state])
    before = {"state": priority.state}
    priority.state = state
    record_audit(f"priority.{'archived' if state == PriorityState.ARCHIVED else 'reactivated'}", "priority", priority.id,
                 before=before, after={"state": state}, actor=user)
    priorities_changed.send(priority.country_code)
    db.session.commit()
    return priority


def active_priorities(country_code: str) -> list[Priority]:
    return db.session.scalars(
        db.select(Priority)
        .where(Priority.country_code == country_code, Priority.state == PriorityState.ACTIVE)
        .order_by(Priority.rank, Priority.id)
        .options(db.joinedload(Priority.subsector), db.joinedload(Priority.organization))
    ).all()


def priorities_of(organizations: list[Organization]) -> list[Priority]:
    return db.session.scalars(
        db.select(Priority)
        .where(Priority.organization_id.in_([org.id for org in organizations]))
        .order_by(Priority.state, Priority.rank, Priority.id)
        .options(db.joinedload(Priority.subsector), db.joinedload(Priority.organization))
    ).all()
