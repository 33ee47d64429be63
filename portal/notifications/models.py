"""What the portal tells a user on its own pages, and which mail they chose not to receive."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.time import utcnow
from portal.extensions import db


class Notification(db.Model):
    """One per message the portal writes to a user: its subject, in the user's language, and a
    link to what it is about."""

    __tablename__ = "notifications"
    __table_args__ = (db.Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    locale: Mapped[str] = mapped_column(String(2))
    # A path on the portal (the message's first link), or None when the message has none.
    link: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class MailOptOut(db.Model):
    """A category of mail (services.MAIL_CATEGORIES) a user does not want by mail: they still
    see it among their notifications."""

    __tablename__ = "mail_opt_outs"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
