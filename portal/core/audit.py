"""The audit log (docs/audit.md): who changed what, when, from what to what.

Every state change, verification decision and money change calls `record_audit` in the same
transaction as the change. Entries are append-only: the ORM refuses to update or delete them,
and so does the database itself, whoever connects to it (a trigger, made with the table).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Mapping

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import DDL, JSON, ColumnElement, ForeignKey, String, and_, event, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.time import utcnow
from portal.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    actor = relationship("User")

    __table_args__ = (db.Index("ix_audit_entries_object", "object_type", "object_id"),)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    raise AuditLogIsAppendOnly("audit entries are never updated or deleted")


# The same refusal in the database, for a plain UPDATE or DELETE (psql, a bulk statement): made
# with the table by `create_all`, and by the migration that added it to existing databases.
# PostgreSQL's row triggers leave TRUNCATE alone, a privilege of its own that the portal never uses.
APPEND_ONLY_TRIGGERS = {
    "postgresql": (
        """CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are never updated or deleted';
END
$$""",
        "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
        "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
    ),
    "sqlite": tuple(
        f"CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are never updated or deleted'); END"
        for verb in ("UPDATE", "DELETE")
    ),
}


def _created_with_the_table(table) -> None:
    for dialect, statements in APPEND_ONLY_TRIGGERS.items():
        for statement in statements:
            event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))
    event.listen(table, "after_drop",
                 DDL("DROP FUNCTION IF EXISTS audit_entries_append_only()").execute_if(dialect="postgresql"))


_created_with_the_table(AuditEntry.__table__)


def record_audit(
    action: str,
    object_type: str,
    object_id: Any,
    before: dict | None = None,
    after: dict | None = None,
    actor=None,
) -> AuditEntry:
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditEntry(
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        actor_id=actor.id if actor is not None else None,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


# Entries only some readers of the trail may see, declared by the domain that records them:
# action -> the condition an entry with that action meets for a given reader. Every other entry is
# for every officer. Applied in the query, so counts and pages are right.
_READERS_OF: dict[str, Callable[[Any], ColumnElement[bool]]] = {}


def restrict_audit_entries(action: str, readable_by: Callable[[Any], ColumnElement[bool]]) -> None:
    _READERS_OF[action] = readable_by


def readable_audit_entries(reader) -> ColumnElement[bool]:
    """The condition on AuditEntry for the entries `reader` may read, wherever entries are listed
    (the trail, an object's history)."""
    return or_(AuditEntry.action.not_in(list(_READERS_OF)),
               *(and_(AuditEntry.action == action, readable_by(reader)) for action, readable_by in _READERS_OF.items()))


# How the trail names what entries record, declared by each domain next to its labels: action
# codes, snapshot keys and stored values (states, kinds, ids of people and organizations) read as
# words in the reader's language. Anything undeclared falls back to a humanised key.
@dataclass(frozen=True)
class NamedBy:
    """A snapshot key holding the primary key of `model` rows (one, or a list), shown by `name`."""
    model: type
    name: Callable[[Any], str]


ACTION_LABELS: dict[str, Any] = {}
# (object type, key) -> label; the object type None for keys that read the same everywhere.
FIELD_LABELS: dict[tuple[str | None, str], Any] = {}
VALUE_LABELS: dict[tuple[str | None, str], Mapping[str, Any] | NamedBy] = {}


def describe_audit(object_type: str | None, *, actions: Mapping[str, Any] | None = None,
                   fields: Mapping[str, Any] | None = None,
                   values: Mapping[str, Mapping[str, Any] | NamedBy] | None = None) -> None:
    ACTION_LABELS.update(actions or {})
    FIELD_LABELS.update({(object_type, key): label for key, label in (fields or {}).items()})
    VALUE_LABELS.update({(object_type, key): labels for key, labels in (values or {}).items()})


def describe_states(object_type: str, labels: Mapping[str, Any]) -> None:
    """For an object whose state changes are recorded as "<object type>.<state reached>": its
    states, and each such action read as the state it reached."""
    describe_audit(object_type, actions={f"{object_type}.{state}": label for state, label in labels.items()},
                   values={"state": labels})
