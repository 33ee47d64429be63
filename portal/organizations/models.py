"""Organizations (docs/organizations.md): charities, NGOs, ministries, donors… and their members."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint, case, literal
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.reference.models import Country, Field


class OrganizationKind:
    ALL = (
        "charity",
        "ngo",
        "civil_society",
        "endowment_ministry",
        "national_commission",
        "governmental",
        "donor",
        "private_sector",
        "academic",
        "cultural_centre",
    )


class Division:
    """The Directorate of External Relations' two divisions (docs/agreements.md): every partner,
    agreement, committee and action item belongs to one."""

    GOVERNMENTAL_DONORS = "governmental_donors"
    NGOS_CIVIL_SOCIETY = "ngos_civil_society"
    ALL = (GOVERNMENTAL_DONORS, NGOS_CIVIL_SOCIETY)
    _GOVERNMENTAL_KINDS = ("endowment_ministry", "national_commission", "governmental", "donor", "private_sector")

    @classmethod
    def for_kind(cls, kind: str) -> str:
        return cls.GOVERNMENTAL_DONORS if kind in cls._GOVERNMENTAL_KINDS else cls.NGOS_CIVIL_SOCIETY

    @staticmethod
    def first(column, user):
        """An ORDER BY term putting rows of the user's own division first ("my division first")."""
        division = getattr(user, "division", None)
        return case((column == division, 0), else_=1) if division else literal(0)


def _division_of_new_organization(context) -> str:
    return Division.for_kind(context.get_current_parameters()["kind"])


class OrganizationState:
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"
    ALL = (PENDING, VERIFIED, REJECTED, SUSPENDED)


class MemberRole:
    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"
    ALL = (OWNER, EDITOR, VIEWER)


organization_fields = Table(
    "organization_fields",
    db.metadata,
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("field_code", ForeignKey("fields.code"), primary_key=True),
)

organization_countries = Table(
    "organization_countries",
    db.metadata,
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("country_code", ForeignKey("countries.code"), primary_key=True, index=True),
)


class Organization(db.Model):
    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint(f"kind IN {OrganizationKind.ALL!r}", name="kind"),
        CheckConstraint(f"state IN {OrganizationState.ALL!r}", name="state"),
        CheckConstraint(f"division IN {Division.ALL!r}", name="division"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    names: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    # Every name, normalized (core.text), for search and the duplicate guard.
    search_name: Mapped[str] = mapped_column(Text)
    acronym: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    # Derived from the kind when the organization registers; an officer may move it.
    division: Mapped[str] = mapped_column(String(24), default=_division_of_new_organization, index=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    city: Mapped[str] = mapped_column(String(120))
    registration_number: Mapped[str] = mapped_column(String(64))
    # Upper case without spaces or punctuation, so "12/345-A" and "12345a" are one number.
    registration_key: Mapped[str] = mapped_column(String(64), index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    website_domain: Mapped[str | None] = mapped_column(String(253), index=True)
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(40))
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedTextType)
    # Names of its directors and board members, one per line: screened against the sanctions list.
    directors: Mapped[str | None] = mapped_column(Text)
    founding_year: Mapped[int | None]
    document_name: Mapped[str] = mapped_column(String(64))
    document_original_name: Mapped[str] = mapped_column(String(255))
    document_type: Mapped[str] = mapped_column(String(32))
    document_size: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default=OrganizationState.PENDING, index=True)
    state_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    verified_at: Mapped[datetime | None]

    country: Mapped[Country] = relationship()
    fields: Mapped[list[Field]] = relationship(secondary=organization_fields, order_by=Field.position)
    countries_of_operation: Mapped[list[Country]] = relationship(secondary=organization_countries)
    memberships: Mapped[list["Membership"]] = relationship(back_populates="organization", cascade="all, delete-orphan")

    @property
    def is_verified(self) -> bool:
        return self.state == OrganizationState.VERIFIED


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("organization_id", "user_id"),
        CheckConstraint(f"role IN {MemberRole.ALL!r}", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class Invitation(db.Model):
    """An owner's invitation by email; the signed link in the mail names this row."""

    __tablename__ = "invitations"
    __table_args__ = (CheckConstraint(f"role IN {MemberRole.ALL!r}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
    invited_by: Mapped[User] = relationship()


class JoinRequestState:
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    ALL = (PENDING, APPROVED, DECLINED)


class JoinRequest(db.Model):
    """A person asking to join; one row per person and organization, reopened if asked again."""

    __tablename__ = "join_requests"
    __table_args__ = (
        UniqueConstraint("organization_id", "user_id"),
        CheckConstraint(f"state IN {JoinRequestState.ALL!r}", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=JoinRequestState.PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
    user: Mapped[User] = relationship()
