"""The audit trail as officers read it (docs/audit.md): filtered, with each entry's
before and after as a difference. Reading only: entries are never changed (core.audit)."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect

from portal.accounts.models import User
from portal.core.audit import (
    ACTION_LABELS, FIELD_LABELS, VALUE_LABELS, AuditEntry, NamedBy, describe_audit, readable_audit_entries,
)
from portal.core.filters import QueryFilters, as_date, as_id
from portal.core.i18n import calendar_date, currency_label, current_locale
from portal.extensions import db
from portal.organizations.labels import organization_name
from portal.organizations.models import Organization
from portal.reference.models import Country

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


# Keys that read the same whatever recorded them; domains declare their own beside their labels.
describe_audit(None, fields={
    "state": _l("State"), "title": _l("Title"), "name": _l("Name"), "reason": _l("Reason"),
    "reference": _l("Reference"), "type": _l("Type"), "division": _l("Division"),
    "due_date": _l("Due date"), "start_date": _l("Start date"), "end_date": _l("End date"),
    "review_date": _l("Review date"), "amount": _l("Amount"), "currency": _l("Currency"),
    "organization_id": _l("Organization"), "country_code": _l("Country"),
}, values={
    "organization_id": NamedBy(Organization, organization_name),
    "country_code": NamedBy(Country, lambda country: country.names.render(current_locale()).text),
    "currency": lambda code: currency_label(str(code)),
})


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
    """One field an entry changed, named and valued as the reader reads them."""
    field: str
    before: str
    after: str


def humanised(key: str) -> str:
    """An undeclared key as words: "focal_point_id" -> "Focal point"."""
    words = key.removesuffix("_id").removesuffix("_code").replace("_", " ").replace(".", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def action_label(action: str) -> str:
    return str(ACTION_LABELS[action]) if action in ACTION_LABELS else humanised(action)


def field_label(object_type: str, key: str) -> str:
    label = FIELD_LABELS.get((object_type, key), FIELD_LABELS.get((None, key)))
    return str(label) if label is not None else humanised(key)


def _rule(object_type: str, key: str):
    return VALUE_LABELS.get((object_type, key), VALUE_LABELS.get((None, key)))


def _keys(value) -> list:
    return list(value) if isinstance(value, list) else [value]


class EntryReader:
    """Turns a page of entries into what changed, in words: the rows their ids point at are
    read once per referenced model for the whole page, whatever its length."""

    def __init__(self, entries) -> None:
        wanted: dict[type, set] = defaultdict(set)
        for entry in entries:
            for side in (entry.before or {}, entry.after or {}):
                for key, value in side.items():
                    rule = _rule(entry.object_type, key)
                    if isinstance(rule, NamedBy) and value not in (None, "", []):
                        wanted[rule.model].update(str(item) for item in _keys(value) if item not in (None, ""))
        self.rows: dict[type, dict[str, object]] = {}
        for model, keys in wanted.items():
            column = inspect(model).primary_key[0]
            typed = [as_id(key) for key in keys] if column.type.python_type is int else list(keys)
            self.rows[model] = {str(getattr(row, column.key)): row for row in db.session.scalars(
                db.select(model).where(column.in_([key for key in typed if key is not None])))}

    def differences(self, entry: AuditEntry) -> list[Change]:
        """The fields the entry changed, in a stable order; fields that kept their value are left out."""
        before, after = entry.before or {}, entry.after or {}
        return [Change(field_label(entry.object_type, key), self.shown(entry.object_type, key, before.get(key)),
                       self.shown(entry.object_type, key, after.get(key)))
                for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)]

    def shown(self, object_type: str, key: str, value) -> str:
        if value is None or value == "" or value == []:
            return ""
        rule = _rule(object_type, key)
        if isinstance(rule, NamedBy):
            rows = self.rows.get(rule.model, {})
            return ", ".join(rule.name(rows[str(item)]) if str(item) in rows else f"#{item}" for item in _keys(value))
        if isinstance(rule, Mapping) and not isinstance(value, (dict, list)):
            return str(rule.get(value, value))
        if callable(rule):
            return rule(value)
        return _plain(value)


def _plain(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict) and "texts" in value and "original" in value:
        # A text kept in several languages (core.translated): the reader's, else the original.
        texts = value["texts"]
        return texts.get(current_locale()) or texts.get(value["original"], "")
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        return calendar_date(date.fromisoformat(value))
    return str(value)


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


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
        "actions": sorted(((action, action_label(action)) for action in actions), key=lambda item: item[1]),
    }
