"""The triennial forum (docs/forum.md): editions, their sessions, registrations and sign-ups."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.organizations.models import Organization
from portal.reference.models import Country


class EditionState:
    DRAFT = "draft"
    REGISTRATION_OPEN = "registration_open"
    REGISTRATION_CLOSED = "registration_closed"
    HELD = "held"
    ARCHIVED = "archived"
    ALL = (DRAFT, REGISTRATION_OPEN, REGISTRATION_CLOSED, HELD, ARCHIVED)
    # Visitors see every edition but drafts.
    PUBLIC = (REGISTRATION_OPEN, REGISTRATION_CLOSED, HELD, ARCHIVED)


# Languages the forum can interpret into, besides the portal's own.
INTERPRETATION_LANGUAGES = ("ar", "en", "fr", "es", "ru", "tr", "fa", "ur", "ms", "id", "ha", "so")


class Edition(db.Model):
    __tablename__ = "forum_editions"
    __table_args__ = (
        CheckConstraint(f"state IN {EditionState.ALL!r}", name="state"),
        CheckConstraint("end_date >= start_date", name="dates"),
        CheckConstraint("registration_closes >= registration_opens", name="registration_window"),
        CheckConstraint("capacity >= 0", name="capacity"),
        UniqueConstraint("ordinal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ordinal: Mapped[int]
    year: Mapped[int]
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    city: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    venue: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    start_date: Mapped[date]
    end_date: Mapped[date]
    # IANA name: sessions are entered and shown in the venue's time.
    timezone: Mapped[str] = mapped_column(String(64))
    # First and last day of registration, in the venue's time.
    registration_opens: Mapped[date]
    registration_closes: Mapped[date]
    capacity: Mapped[int]
    interpretation_languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Registrations are approved while seats remain and waitlisted after, first come first
    # served; without it every registration waits for an officer.
    approve_automatically: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(24), default=EditionState.DRAFT)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    country: Mapped[Country] = relationship()
    sessions: Mapped[list["Session"]] = relationship(
        back_populates="edition", order_by="(Session.starts_at, Session.id)", cascade="all, delete-orphan",
    )


class SessionKind:
    PLENARY = "plenary"
    PANEL = "panel"
    WORKSHOP = "workshop"
    SIDE_EVENT = "side_event"
    ALL = (PLENARY, PANEL, WORKSHOP, SIDE_EVENT)


class Session(db.Model):
    __tablename__ = "forum_sessions"
    __table_args__ = (
        CheckConstraint(f"kind IN {SessionKind.ALL!r}", name="kind"),
        CheckConstraint("ends_at > starts_at", name="times"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("forum_editions.id", ondelete="CASCADE"), index=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedTextType)
    kind: Mapped[str] = mapped_column(String(16))
    # UTC; shown in the edition's time zone.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str | None] = mapped_column(String(120))
    # None: as many as the room holds, no sign-up needed.
    capacity: Mapped[int | None]
    # One speaker per line, as the programme prints them.
    speakers: Mapped[str | None] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)

    edition: Mapped[Edition] = relationship(back_populates="sessions")

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in (self.speakers or "").splitlines() if line.strip()]


class ParticipantType:
    DELEGATE = "delegate"
    SPEAKER = "speaker"
    OBSERVER = "observer"
    PRESS = "press"
    EXPERT = "expert"
    ALL = (DELEGATE, SPEAKER, OBSERVER, PRESS, EXPERT)


class RegistrationState:
    PENDING = "pending"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"
    ALL = (PENDING, APPROVED, WAITLISTED, REJECTED, CANCELLED, CHECKED_IN)
    # These hold a seat: their number never exceeds the edition's capacity.
    SEATED = (APPROVED, CHECKED_IN)
    # The participant may still withdraw.
    CANCELLABLE = (PENDING, WAITLISTED, APPROVED)


class Registration(db.Model):
    """One person for one edition, optionally on behalf of an organization they belong to."""

    __tablename__ = "forum_registrations"
    __table_args__ = (
        UniqueConstraint("edition_id", "user_id"),
        CheckConstraint(f"state IN {RegistrationState.ALL!r}", name="state"),
        CheckConstraint(f"participant_type IN {ParticipantType.ALL!r}", name="participant_type"),
        db.Index("ix_forum_registrations_edition_state", "edition_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("forum_editions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    participant_type: Mapped[str] = mapped_column(String(16))
    interpretation_language: Mapped[str] = mapped_column(String(3))
    accessibility_needs: Mapped[str | None] = mapped_column(Text)
    dietary_needs: Mapped[str | None] = mapped_column(Text)
    listed_publicly: Mapped[bool] = mapped_column(default=False)
    visa_letter_requested: Mapped[bool] = mapped_column(default=False)
    # Passport details: officers only, and erased by `flask portal purge-visa-data` 90 days
    # after the edition.
    passport_name: Mapped[str | None] = mapped_column(String(200))
    passport_number: Mapped[str | None] = mapped_column(String(40))
    nationality: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    passport_expiry: Mapped[date | None]
    visa_data_purged_at: Mapped[datetime | None]
    state: Mapped[str] = mapped_column(String(16), default=RegistrationState.PENDING)
    # Printed on the badge as a QR code; unguessable, so a badge cannot be forged from an id.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reminded_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization | None] = relationship()
    checked_in_by: Mapped[User | None] = relationship(foreign_keys=[checked_in_by_id])

    @property
    def holds_seat(self) -> bool:
        return self.state in RegistrationState.SEATED


class SessionSignup(db.Model):
    """A seat in a session with a capacity, for an approved participant."""

    __tablename__ = "forum_session_signups"

    session_id: Mapped[int] = mapped_column(ForeignKey("forum_sessions.id", ondelete="CASCADE"), primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("forum_registrations.id", ondelete="CASCADE"), primary_key=True, index=True,
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
