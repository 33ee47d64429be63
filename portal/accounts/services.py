"""Account rules: registration, confirmation, sign-in with lockout, password reset.

Every answer a visitor sees is the same whether an address has an account or not; the
difference goes by mail to the address's owner.
"""
from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from zxcvbn import zxcvbn

from portal.accounts.models import SignInThrottle, User, new_session_stamp
from portal.core.audit import record_audit
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.permissions import Role
from portal.core.time import utcnow
from portal.extensions import db

MIN_PASSWORD_LENGTH = 10
# zxcvbn's scale: 3 is "safely unguessable", beyond 10^8 guesses.
MIN_PASSWORD_SCORE = 3
# zxcvbn refuses longer input; adding characters to a password does not make it weaker.
ESTIMATED_LENGTH = 72
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
CONFIRM_MAX_AGE = timedelta(days=7)
RESET_MAX_AGE = timedelta(hours=1)

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not a real password, used to spend the same time")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why a password is refused, in the reader's language, or None if it is acceptable.

    zxcvbn estimates how many guesses would find it, knowing the common passwords, words, names,
    keyboard patterns, repeats and dates, and the owner's own name and address."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
    email = normalize_email(email)
    personal = [word for word in (email, *re.split(r"[@.+_-]", email), name, *name.split()) if word]
    if zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=personal)["score"] < MIN_PASSWORD_SCORE:
        return _l("This password is too common or too easy to guess. Choose another.")
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalize_email(email)))


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"portal-{purpose}")


def _password_fingerprint(user: User) -> str:
    # A reset link carries this; once the password changes the link no longer matches.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def register_user(name: str, email: str, password: str, locale: str) -> User | None:
    """Create an unconfirmed member and mail a confirmation link.

    If the address has an account already, its owner is told by mail instead, and the
    visitor sees the same page either way. Returns the new user, or None.
    """
    existing = find_user_by_email(email)
    # Hashed either way, like the mail sent either way: both answers take the same time, so the
    # time tells no more than the page whether the address has an account.
    password_hash = hash_password(password)
    if existing is not None:
        mail_user(
            existing,
            "account_exists",
            _l("Someone tried to register with your address"),
            "accounts/mail/account_exists.txt",
            login_url=absolute_url("accounts.login", lang=existing.preferred_locale),
            reset_url=absolute_url("accounts.forgot_password", lang=existing.preferred_locale),
        )
        db.session.commit()
        return None
    user = User(
        name=name.strip(),
        email=normalize_email(email),
        password_hash=password_hash,
        preferred_locale=locale,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # Two registrations of one address at the same moment: the other one won.
        db.session.rollback()
        return None
    record_audit("user.registered", "user", user.id, after={"email": user.email}, actor=user)
    send_confirmation(user)
    db.session.commit()
    return user


def mail_user(user: User, kind: str, subject, template: str, **context) -> None:
    send_mail(kind, user.email, user.preferred_locale, subject, template, user=user, **context)


def send_confirmation(user: User) -> None:
    token = _serializer("confirm").dumps({"uid": user.id, "email": user.email})
    mail_user(
        user,
        "confirm_email",
        _l("Confirm your email address"),
        "accounts/mail/confirm.txt",
        confirm_url=absolute_url("accounts.confirm_email", token=token, lang=user.preferred_locale),
    )


def resend_confirmation(email: str) -> None:
    user = find_user_by_email(email)
    if user is not None and user.email_confirmed_at is None:
        send_confirmation(user)
        db.session.commit()


def confirm_email(token: str) -> User | None:
    try:
        data = _serializer("confirm").loads(token, max_age=int(CONFIRM_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        record_audit("user.email_confirmed", "user", user.id, after={"email": user.email}, actor=user)
        db.session.commit()
    return user


class SignInOutcome(Enum):
    SIGNED_IN = "signed_in"
    INVALID = "invalid"
    LOCKED = "locked"
    UNCONFIRMED = "unconfirmed"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class SignInResult:
    outcome: SignInOutcome
    user: User | None = None
    locked_until: datetime | None = None


def client_network(address: str | None) -> str:
    """Whom a lockout keeps out: the client's IPv4 address, or its IPv6 /64 network, since one
    subscriber is given a whole /64 and can change addresses within it at will."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is None:
            return str(ipaddress.ip_network(f"{ip}/64", strict=False))
        ip = ip.ipv4_mapped
    return str(ip)


def _throttle_for_update(email: str, client: str) -> SignInThrottle:
    key = (email, client)
    throttle = db.session.get(SignInThrottle, key, with_for_update=True)
    if throttle is None:
        try:
            with db.session.begin_nested():
                throttle = SignInThrottle(email=email, client=client, failures=0)
                db.session.add(throttle)
        except IntegrityError:
            throttle = db.session.get(SignInThrottle, key, with_for_update=True, populate_existing=True)
    return throttle


def _password_matches(user: User | None, password: str) -> bool:
    try:
        if user is None:
            _hasher.verify(_dummy_hash(), password)
            return False
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(user: User, password: str) -> bool:
    return _password_matches(user, password)


def sign_in(email: str, password: str, client_address: str | None) -> SignInResult:
    """Check a sign-in attempt; five failures in a row from one client lock the address for
    15 minutes from that client only (OWASP ASVS 2.2.1: no one can keep an account's owner out)."""
    email = normalize_email(email)
    now = utcnow()
    throttle = _throttle_for_update(email, client_network(client_address))
    if throttle.locked_until and throttle.locked_until > now:
        db.session.commit()
        return SignInResult(SignInOutcome.LOCKED, locked_until=throttle.locked_until)
    user = find_user_by_email(email)
    if not _password_matches(user, password):
        throttle.failures += 1
        if throttle.failures >= MAX_FAILED_SIGN_INS:
            throttle.failures = 0
            throttle.locked_until = now + LOCKOUT
            db.session.commit()
            return SignInResult(SignInOutcome.LOCKED, locked_until=throttle.locked_until)
        db.session.commit()
        return SignInResult(SignInOutcome.INVALID)
    db.session.delete(throttle)
    if not user.active:
        db.session.commit()
        return SignInResult(SignInOutcome.DEACTIVATED)
    if user.email_confirmed_at is None:
        send_confirmation(user)
        db.session.commit()
        return SignInResult(SignInOutcome.UNCONFIRMED)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = now
    db.session.commit()
    return SignInResult(SignInOutcome.SIGNED_IN, user=user)


def request_password_reset(email: str) -> None:
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = _serializer("reset").dumps({"uid": user.id, "fp": _password_fingerprint(user)})
    mail_user(
        user,
        "password_reset",
        _l("Reset your password"),
        "accounts/mail/reset.txt",
        reset_url=absolute_url("accounts.reset_password", token=token, lang=user.preferred_locale),
        valid_minutes=int(RESET_MAX_AGE.total_seconds() // 60),
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User | None:
    """The user a reset link is for, while the link is fresh and unused."""
    try:
        data = _serializer("reset").loads(token, max_age=int(RESET_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.active or data.get("fp") != _password_fingerprint(user):
        return None
    return user


def end_sessions(user: User) -> None:
    """Every session and remember-me cookie of the user stops working at its next request: each
    carries the stamp it was signed in with (User.get_id), and the stamp changes here."""
    user.session_stamp = new_session_stamp()


def sign_out(user: User) -> None:
    """Signing out ends the user's sessions everywhere, so a copy of the cookie is worth nothing."""
    end_sessions(user)
    db.session.commit()


def set_password(user: User, password: str, reason: str) -> None:
    """A new password ends every session of the user and clears any lockout."""
    user.password_hash = hash_password(password)
    end_sessions(user)
    if reason == "reset" and user.email_confirmed_at is None:
        # Following a link mailed to the address proves the address as well.
        user.email_confirmed_at = utcnow()
    db.session.execute(db.delete(SignInThrottle).where(SignInThrottle.email == user.email))
    record_audit(f"user.password_{reason}", "user", user.id, actor=user)
    db.session.commit()


def update_profile(user: User, name: str, preferred_locale: str) -> None:
    before = {"name": user.name, "preferred_locale": user.preferred_locale}
    user.name = name.strip()
    user.preferred_locale = preferred_locale
    after = {"name": user.name, "preferred_locale": user.preferred_locale}
    if before != after:
        record_audit("user.profile_updated", "user", user.id, before=before, after=after, actor=user)
    db.session.commit()


def create_admin(email: str, name: str, password: str, locale: str) -> User:
    """For `flask portal create-admin`: an administrator with a confirmed address."""
    user = find_user_by_email(email)
    if user is None:
        user = User(email=normalize_email(email), name=name, preferred_locale=locale, password_hash="")
        db.session.add(user)
    before_role = user.role
    user.role = Role.ADMIN
    user.password_hash = hash_password(password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    user.active = True
    db.session.flush()
    record_audit("user.role_changed", "user", user.id, before={"role": before_role}, after={"role": Role.ADMIN})
    db.session.commit()
    return user
