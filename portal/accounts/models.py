"""Accounts: people who sign in, and the sign-in throttle that locks out guessing."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from portal.core.permissions import Role
from portal.core.text import search_document
from portal.core.time import utcnow
from portal.extensions import db


def new_session_stamp() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {Role.ALL!r}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER)
    preferred_locale: Mapped[str] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(default=True)
    email_confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]
    # Part of the session cookie's identity: changing it (new password) ends every other session.
    session_stamp: Mapped[str] = mapped_column(String(32), default=new_session_stamp)
    # An officer's division of the Directorate (organizations.models.Division): their work comes first.
    division: Mapped[str | None] = mapped_column(String(24))
    # The name and address as every search of the portal reads them (core.text), kept by _searchable.
    search_text: Mapped[str] = mapped_column(Text, default="")

    @validates("name", "email")
    def _searchable(self, key: str, value: str) -> str:
        written = {"name": self.name, "email": self.email, key: value}
        self.search_text = search_document(written["name"], written["email"])
        return value

    def get_id(self) -> str:
        return f"{self.id}:{self.session_stamp}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_officer(self) -> bool:
        """Officers' work is open to administrators too."""
        return self.role in (Role.OFFICER, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class SignInThrottle(db.Model):
    """Failed sign-ins to one email address from one client, kept whether or not an account has
    that address, so that a lockout tells an attacker nothing about which addresses exist.

    Per address and client together: a stranger's guesses lock the stranger out of the account,
    never its owner signing in from elsewhere."""

    __tablename__ = "sign_in_throttles"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    # accounts.services.client_network: an IPv4 address or an IPv6 /64 network.
    client: Mapped[str] = mapped_column(String(45), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]


class ApiToken(db.Model):
    """A personal API token. Only its SHA-256 is stored: the token is shown once, at creation."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(db.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so its owner can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = db.relationship()
