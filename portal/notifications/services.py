"""Notifications and mail preferences (docs/notifications.md).

Every message the portal mails to one of its users is also a notification on the portal.
Users may turn off mail by category; mail about their account's security always goes."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.extensions import db
from portal.notifications.models import MailOptOut, Notification

# Category: (label, the prefixes of the mail kinds it holds).
MAIL_CATEGORIES = {
    "organizations": (_l("Your organizations: verification, members and invitations"), ("organization_",)),
    "needs": (_l("Your needs: published, returned, expired"), ("need_",)),
    "matching": (_l("Matches and pledges"), ("match_", "pledge_")),
    "forum": (_l("The forum: registrations, reminders, discussion and proposals"),
              ("forum_", "discussion_", "proposal_", "commitment_")),
    "partnerships": (_l("Partnerships: agreements, calls for partners, meetings and action items"),
                     ("agreement_", "call_", "meeting_", "minutes_", "action_item")),
}
OTHER_CATEGORY = "other"
OTHER_LABEL = _l("Other notices")
# Account security: never turned off.
SECURITY_KINDS = ("confirm_email", "password_", "account_")
# Mail that answers a request made from the mailbox itself (a link to confirm an address or
# reset a password) is not repeated on the portal: the link is for the mailbox's owner only.
MAILBOX_ONLY_KINDS = ("confirm_email", "password_reset", "account_exists")

NOTIFICATIONS_PAGE_SIZE = 30


def category_of(kind: str) -> str | None:
    """None for security mail, which has no category to turn off."""
    if kind.startswith(SECURITY_KINDS):
        return None
    for category, (_label, prefixes) in MAIL_CATEGORIES.items():
        if kind.startswith(prefixes):
            return category
    return OTHER_CATEGORY


def category_labels() -> dict:
    return {category: label for category, (label, _prefixes) in MAIL_CATEGORIES.items()} | {OTHER_CATEGORY: OTHER_LABEL}


def _portal_link(body: str) -> str | None:
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    # Never "//host…": a redirect there would leave the portal.
    match = re.search(re.escape(base) + r"(/(?!/)\S*)", body)
    return match.group(1) if match else None


def record_message(kind: str, recipient: str, locale: str, subject: str, body: str) -> bool:
    """Notifies the user the message is for, if it is one; True when it should also be mailed."""
    user = db.session.scalar(db.select(User).where(User.email == recipient))
    if user is None:
        return True
    if not kind.startswith(MAILBOX_ONLY_KINDS):
        db.session.add(Notification(user_id=user.id, kind=kind, subject=subject, locale=locale, link=_portal_link(body)))
    category = category_of(kind)
    return category is None or db.session.get(MailOptOut, (user.id, category)) is None


def unread_count(user: User) -> int:
    return db.session.scalar(
        db.select(func.count()).select_from(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_page(user: User, page: int):
    query = db.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())
    return db.paginate(query, page=page, per_page=NOTIFICATIONS_PAGE_SIZE, error_out=False)


def own_notification(user: User, notification_id: int) -> Notification | None:
    notification = db.session.get(Notification, notification_id)
    return notification if notification is not None and notification.user_id == user.id else None


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()


def mark_all_read(user: User) -> None:
    db.session.execute(
        db.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=utcnow())
    )
    db.session.commit()


def opted_out(user: User) -> set[str]:
    return set(db.session.scalars(db.select(MailOptOut.category).where(MailOptOut.user_id == user.id)))


def set_mail_preferences(user: User, wanted: set[str]) -> None:
    """`wanted`: the categories the user still wants by mail; the others are turned off."""
    db.session.execute(db.delete(MailOptOut).where(MailOptOut.user_id == user.id))
    for category in set(category_labels()) - wanted:
        db.session.add(MailOptOut(user_id=user.id, category=category))
    db.session.commit()
