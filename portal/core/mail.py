"""Mail through one service (docs/notifications.md).

Every message is written to the outbox table in the recipient's language (and, for a user,
to their notifications: portal/notifications), then handed to
the job interface for delivery: over SMTP when MAIL_SERVER is set, otherwise it stays in the
outbox, where administrators read it, so the portal runs without a mail server.
"""
from __future__ import annotations

import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.audit import record_audit
from portal.core.jobs import enqueue
from portal.core.rules import Refused
from portal.core.settings import site_settings
from portal.core.time import utcnow
from portal.extensions import db
from portal.notifications.services import record_message


class MessageState:
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


MESSAGE_STATE_LABELS = {
    MessageState.QUEUED: _l("Queued"),
    MessageState.SENT: _l("Sent"),
    MessageState.FAILED: lazy_pgettext("mail state", "Failed"),
}


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    locale: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=MessageState.QUEUED)
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]


def send_mail(kind: str, recipient: str, locale: str, subject, template: str, **context) -> OutboxMessage | None:
    """Render `template` (plain text) and `subject` (a lazy string) in `locale`; a user it is for
    sees it among their notifications, and it is queued for mail unless they turned its
    category off (then None)."""
    with force_locale(locale):
        subject_text = str(subject)
        body = render_template(template, mail_locale=locale, **context)
    if not record_message(kind, recipient, locale, subject_text, body):
        return None
    message = OutboxMessage(recipient=recipient, locale=locale, kind=kind, subject=subject_text, body=body)
    db.session.add(message)
    db.session.flush()
    enqueue(deliver_message, message.id)
    return message


def retry(message_id: int, admin) -> OutboxMessage:
    """A failed message goes back to the queue; the job interface delivers it like a new one."""
    message = db.session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.state != MessageState.FAILED:
        raise Refused(_l("Only a message that failed can be sent again."))
    record_audit("outbox.retried", "outbox_message", message.id, before={"state": message.state, "error": message.error},
                 after={"state": MessageState.QUEUED}, actor=admin)
    message.state, message.error = MessageState.QUEUED, None
    db.session.flush()
    enqueue(deliver_message, message.id)
    db.session.commit()
    return message


def deliver_message(message_id: int) -> None:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.state == MessageState.SENT:
        return
    config = current_app.config
    if config["MAIL_SERVER"]:
        try:
            _send_smtp(message, config)
        except (smtplib.SMTPException, OSError) as error:
            message.state = MessageState.FAILED
            message.error = str(error)
            return
    message.state = MessageState.SENT
    message.error = None
    message.sent_at = utcnow()


def _send_smtp(message: OutboxMessage, config) -> None:
    email = EmailMessage()
    email["From"] = site_settings().mail_sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain="portal.isesco.org")
    email.set_content(message.body)
    # After set_content, which replaces every Content-* header.
    email["Content-Language"] = message.locale
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
