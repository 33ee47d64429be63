"""The audit trail as officers read it (SPEC sections 8 and 12): filtered, with each entry's
before and after as a difference. Reading only: entries are never changed (core.audit)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.audit import AuditEntry, readable_audit_entries
from portal.core.filters import QueryFilters, as_date, as_id
from portal.extensions import db

TRAIL_PAGE_SIZE = 50

OBJECT_TYPE_LABELS = {
    "user": _l("Account"),
    "api_token": _l("API token"),
    "organization": _l("Organization"),
    "membership": _l("Membership"),
    "need": _l("Need"),
    "priority": _l("Priority"),
    "project": _l("Project"),
    "match": _l("Match"),
    "pledge": _l("Pledge"),
    "edition": _l("Forum edition"),
    "session": _l("Forum session"),
    "registration": _l("Forum registration"),
    "discussion_theme": _l("Discussion theme"),
    "discussion_thread": _l("Discussion thread"),
    "discussion_post": _l("Discussion post"),
    "proposal": _l("Proposal"),
    "commitment": _l("Commitment"),
    "agreement": _l("Agreement"),
    "obligation": _l("Obligation"),
    "joint_committee": _l("Joint committee"),
    "meeting": _l("Meeting"),
    "minutes": _l("Minutes"),
    "action_item": _l("Action item"),
    "action_plan": _l("Action plan"),
    "programme": _l("Programme"),
    "expected_result": _l("Expected result"),
    "indicator": _l("Indicator"),
    "indicator_period": _l("Indicator period"),
    "indicator_update": _l("Indicator update"),
    "country": _l("Country"),
    "field": _l("Field"),
    "subsector": _l("Subsector"),
    "beneficiary_group": _l("Beneficiary group"),
    "currency": _l("Currency"),
    "settings": _l("Site settings"),
    "outbox_message": _l("Message"),
    "sanctions_import": _l("Sanctions list import"),
    "call": _l("Call for partners"),
    "call_application": _l("Application to a call"),
}

# Where an audited object is shown: (endpoint, name of its id argument, other arguments).
OBJECT_PAGES = {
    "user": ("admin.user", "user_id"),
    "organization": ("organizations.review", "organization_id"),
    "need": ("needs.detail", "need_id"),
    "project": ("projects.detail", "project_id"),
    "edition": ("forum.edition", "edition_id"),
    "registration": ("forum.registration", "registration_id"),
    "discussion_theme": ("discussion.theme", "theme_id"),
    "discussion_thread": ("discussion.thread", "thread_id"),
    "proposal": ("outcomes.proposal", "proposal_id"),
    "commitment": ("outcomes.commitment", "commitment_id"),
    "agreement": ("agreements.detail", "agreement_id"),
    "obligation": ("agreements.edit_obligation", "obligation_id"),
    "joint_committee": ("meetings.committee", "committee_id"),
    "meeting": ("meetings.meeting", "meeting_id"),
    "action_item": ("meetings.action_item", "item_id"),
    "action_plan": ("actionplan.plan", "plan_id"),
    "indicator": ("actionplan.indicator", "indicator_id"),
    "outbox_message": ("admin.outbox_message", "message_id"),
    "country": ("reference.edit", "code", {"kind": "countries"}),
    "field": ("reference.edit", "code", {"kind": "fields"}),
    "subsector": ("reference.edit", "code", {"kind": "subsectors"}),
    "beneficiary_group": ("reference.edit", "code", {"kind": "beneficiary-groups"}),
    "currency": ("reference.edit", "code", {"kind": "currencies"}),
    "settings": ("admin.settings", None),
    "sanctions_import": ("sanctions.index", None),
    "call": ("calls.detail", "call_id"),
    "call_application": ("calls.application", "application_id"),
}


@dataclass(frozen=True)
class TrailFilters(QueryFilters):
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    # ISO dates, both days included.
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def differences(entry: AuditEntry) -> list[Change]:
    """Every field the entry records, before and after, in a stable order."""
    before, after = entry.before or {}, entry.after or {}
    return [Change(field, _shown(before.get(field)), _shown(after.get(field))) for field in sorted(before.keys() | after.keys())]


def trail_page(filters: TrailFilters, page: int, reader: User):
    query = db.select(AuditEntry).where(readable_audit_entries(reader)).options(db.joinedload(AuditEntry.actor))
    if actor_id := as_id(filters.actor):
        query = query.where(AuditEntry.actor_id == actor_id)
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.object_id:
        query = query.where(AuditEntry.object_id == filters.object_id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if start := as_date(filters.start):
        query = query.where(AuditEntry.created_at >= datetime.combine(start, time.min))
    if end := as_date(filters.end):
        query = query.where(AuditEntry.created_at < datetime.combine(end + timedelta(days=1), time.min))
    query = query.order_by(AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=TRAIL_PAGE_SIZE, error_out=False)


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The actors, object types and actions that occur in the trail, for the filters."""
    actors = db.session.execute(
        db.select(User.id, User.name).where(User.id.in_(db.select(AuditEntry.actor_id).distinct())).order_by(User.name)
    ).all()
    types = db.session.scalars(db.select(AuditEntry.object_type).distinct()).all()
    actions = db.session.scalars(db.select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    return {
        "actors": [(str(actor_id), name) for actor_id, name in actors],
        "object_types": sorted(((kind, str(OBJECT_TYPE_LABELS.get(kind, kind))) for kind in types), key=lambda item: item[1]),
        "actions": [(action, action) for action in actions],
    }
