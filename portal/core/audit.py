"""The audit log (SPEC section 8): who changed what, when, from what to what.

Every state change, verification decision and money change calls `record_audit` in the same
transaction as the change. Entries are append-only: the ORM refuses to update or delete them.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String, event
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
