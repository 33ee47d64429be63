"""What administrators do to accounts (docs/accounts.md): roles, deactivation, lockouts.
Each change is one function that checks the rule, writes the audit entry and tells the user."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from portal.accounts.models import SignInThrottle, User
from portal.accounts.services import end_sessions, mail_user, send_confirmation
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters, as_id
from portal.core.permissions import Role
from portal.core.rules import Refused, locked
from portal.core.text import search_conditions
from portal.core.time import utcnow
from portal.extensions import db
from portal.organizations.models import Membership

ROLE_LABELS = {Role.MEMBER: _l("Member"), Role.OFFICER: _l("Officer"), Role.ADMIN: _l("Administrator")}

USERS_PAGE_SIZE = 50


class AccountState:
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    UNCONFIRMED = "unconfirmed"
    LOCKED = "locked"


ACCOUNT_STATE_LABELS = {
    AccountState.ACTIVE: lazy_pgettext("account state", "Active"),
    AccountState.DEACTIVATED: _l("Deactivated"),
    AccountState.UNCONFIRMED: _l("Address not confirmed"),
    AccountState.LOCKED: _l("Locked after failed sign-ins"),
}


@dataclass(frozen=True)
class UserFilters(QueryFilters):
    q: str = ""
    role: str = ""
    state: str = ""
    organization: str = ""
    # LAST_SIGN_IN_LABELS' keys.
    signed_in: str = ""
    # "recent" (last sign-in, newest first) or "name".
    sort: str = "recent"


LAST_SIGN_IN_LABELS = {
    "month": _l("In the last 30 days"),
    "quarter_ago": _l("Not in the last 90 days"),
    "never": _l("Never"),
}


def _lockouts():
    return db.select(SignInThrottle.email).where(SignInThrottle.locked_until > utcnow())


def users_page(filters: UserFilters, page: int):
    query = db.select(User)
    query = query.where(*search_conditions(User.search_text, filters.q))
    if filters.role in Role.ALL:
        query = query.where(User.role == filters.role)
    if filters.state == AccountState.ACTIVE:
        query = query.where(User.active.is_(True), User.email_confirmed_at.is_not(None))
    elif filters.state == AccountState.DEACTIVATED:
        query = query.where(User.active.is_(False))
    elif filters.state == AccountState.UNCONFIRMED:
        query = query.where(User.email_confirmed_at.is_(None))
    elif filters.state == AccountState.LOCKED:
        query = query.where(User.email.in_(_lockouts()))
    if filters.signed_in == "month":
        query = query.where(User.last_sign_in_at >= utcnow() - timedelta(days=30))
    elif filters.signed_in == "quarter_ago":
        query = query.where(User.last_sign_in_at < utcnow() - timedelta(days=90))
    elif filters.signed_in == "never":
        query = query.where(User.last_sign_in_at.is_(None))
    if organization_id := as_id(filters.organization):
        query = query.where(User.id.in_(db.select(Membership.user_id).where(Membership.organization_id == organization_id)))
    if filters.sort == "name":
        query = query.order_by(User.name, User.id)
    else:
        # Never signed in last.
        query = query.order_by(User.last_sign_in_at.is_(None), User.last_sign_in_at.desc(), User.id.desc())
    return db.paginate(query, page=page, per_page=USERS_PAGE_SIZE, error_out=False)


def locked_emails(emails: list[str]) -> set[str]:
    """Which of these addresses are locked now: one query for a page of users."""
    return set(db.session.scalars(_lockouts().where(SignInThrottle.email.in_(emails))))


def account_state(user: User, locked: set[str]) -> str:
    if not user.active:
        return AccountState.DEACTIVATED
    if user.email in locked:
        return AccountState.LOCKED
    if user.email_confirmed_at is None:
        return AccountState.UNCONFIRMED
    return AccountState.ACTIVE


def _user_for_update(user_id: int) -> User:
    return locked(User, user_id, _l("This account does not exist."))


def _keep_an_administrator(user: User) -> None:
    """The portal must keep one active administrator; the others are locked in the same
    transaction so two administrators cannot demote each other at once."""
    others = db.session.scalars(
        db.select(User.id).where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id).with_for_update()
    ).all()
    if user.role == Role.ADMIN and user.active and not others:
        raise Refused(_l("This is the last active administrator: make someone else an administrator first."))


def change_role(user_id: int, role: str, admin: User) -> User:
    if role not in Role.ALL:
        raise Refused(_l("Choose a role from the list."))
    user = _user_for_update(user_id)
    if user.role == role:
        raise Refused(_l("This account already has that role."))
    if role != Role.ADMIN:
        _keep_an_administrator(user)
    before = user.role
    user.role = role
    if role == Role.MEMBER:
        user.division = None
    record_audit("user.role_changed", "user", user.id, before={"role": before}, after={"role": role}, actor=admin)
    mail_user(user, "account_role_changed", _l("Your role on the ISESCO cooperation portal"),
               "accounts/mail/role_changed.txt", role_label=ROLE_LABELS[role])
    db.session.commit()
    return user


def deactivate(user_id: int, admin: User) -> User:
    """Their sessions, remember-me cookies and API tokens stop working with the next request, and
    stay dead if the account is reactivated."""
    user = _user_for_update(user_id)
    if not user.active:
        raise Refused(_l("This account is already deactivated."))
    if user.id == admin.id:
        raise Refused(_l("You cannot deactivate your own account."))
    _keep_an_administrator(user)
    user.active = False
    end_sessions(user)
    record_audit("user.deactivated", "user", user.id, before={"active": True}, after={"active": False}, actor=admin)
    mail_user(user, "account_deactivated", _l("Your account on the ISESCO cooperation portal was deactivated"),
               "accounts/mail/deactivated.txt")
    db.session.commit()
    return user


def reactivate(user_id: int, admin: User) -> User:
    user = _user_for_update(user_id)
    if user.active:
        raise Refused(_l("This account is already active."))
    user.active = True
    record_audit("user.reactivated", "user", user.id, before={"active": False}, after={"active": True}, actor=admin)
    mail_user(user, "account_reactivated", _l("Your account on the ISESCO cooperation portal is active again"),
               "accounts/mail/reactivated.txt")
    db.session.commit()
    return user


def unlock(user_id: int, admin: User) -> User:
    """Lifts the account's lockouts, whichever clients they keep out."""
    user = _user_for_update(user_id)
    locked_until = db.session.scalar(
        db.select(db.func.max(SignInThrottle.locked_until)).where(
            SignInThrottle.email == user.email, SignInThrottle.locked_until > utcnow()
        )
    )
    if locked_until is None:
        raise Refused(_l("This account is not locked."))
    db.session.execute(db.delete(SignInThrottle).where(SignInThrottle.email == user.email))
    record_audit("user.unlocked", "user", user.id, before={"locked_until": locked_until.isoformat()},
                 after={"locked_until": None}, actor=admin)
    db.session.commit()
    return user


def resend_confirmation_for(user_id: int, admin: User) -> User:
    user = _user_for_update(user_id)
    if user.email_confirmed_at is not None:
        raise Refused(_l("This address is already confirmed."))
    send_confirmation(user)
    record_audit("user.confirmation_resent", "user", user.id, actor=admin)
    db.session.commit()
    return user
