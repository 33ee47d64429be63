"""Joint committees, meetings and the action items decided at them (docs/meetings.md)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.config import LOCALES
from portal.agreements.models import Agreement
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.needs.models import Need
from portal.organizations.models import Division, Organization
from portal.projects.models import Directorate, Project


class JointCommittee(db.Model):
    """A committee set up under an agreement, or with a partner, that meets in numbered sessions."""

    __tablename__ = "joint_committees"
    __table_args__ = (
        CheckConstraint(f"division IN {Division.ALL!r}", name="division"),
        CheckConstraint("agreement_id IS NOT NULL OR partner_id IS NOT NULL", name="belongs"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    division: Mapped[str] = mapped_column(String(24), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agreement: Mapped[Agreement | None] = relationship()
    partner: Mapped[Organization | None] = relationship()


class MeetingKind:
    JOINT_COMMITTEE = "joint_committee"
    COORDINATION = "coordination"
    FOLLOW_UP = "follow_up"
    ENDOWMENT_MINISTRIES_CONSULTATION = "endowment_ministries_consultation"
    CHARITY_INSTITUTIONS_MEETING = "charity_institutions_meeting"
    EXTERNAL_CONFERENCE = "external_conference"
    ALL = (
        JOINT_COMMITTEE, COORDINATION, FOLLOW_UP, ENDOWMENT_MINISTRIES_CONSULTATION,
        CHARITY_INSTITUTIONS_MEETING, EXTERNAL_CONFERENCE,
    )


class MeetingMode:
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"
    ALL = (IN_PERSON, ONLINE, HYBRID)


class MeetingState:
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    HELD = "held"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    ALL = (DRAFT, SCHEDULED, HELD, CLOSED, CANCELLED)
    # What "sessions held" and "meetings held" count.
    TOOK_PLACE = (HELD, CLOSED)


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(f"kind IN {MeetingKind.ALL!r}", name="kind"),
        CheckConstraint(f"mode IN {MeetingMode.ALL!r}", name="mode"),
        CheckConstraint(f"state IN {MeetingState.ALL!r}", name="state"),
        CheckConstraint(f"division IN {Division.ALL!r}", name="division"),
        CheckConstraint("ends_at >= starts_at", name="times"),
        # Sessions of one committee are numbered once each.
        UniqueConstraint("committee_id", "session_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("joint_committees.id"), index=True)
    session_number: Mapped[int | None]
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    # Naive UTC (core.time); entered and shown in the venue's time zone.
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str | None] = mapped_column(String(300))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.code"), index=True)
    mode: Mapped[str] = mapped_column(String(16), default=MeetingMode.IN_PERSON)
    state: Mapped[str] = mapped_column(String(16), default=MeetingState.DRAFT, index=True)
    state_reason: Mapped[str | None] = mapped_column(Text)
    division: Mapped[str] = mapped_column(String(24), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    committee: Mapped[JointCommittee | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan")
    people: Mapped[list["MeetingPerson"]] = relationship(
        back_populates="meeting", order_by="MeetingPerson.user_id", cascade="all, delete-orphan")
    organizations: Mapped[list["MeetingOrganization"]] = relationship(
        back_populates="meeting", order_by="MeetingOrganization.organization_id", cascade="all, delete-orphan")
    minutes: Mapped[list["Minutes"]] = relationship(
        back_populates="meeting", order_by="Minutes.language", cascade="all, delete-orphan")
    outcomes: Mapped[list["MeetingOutcome"]] = relationship(
        back_populates="meeting", order_by="MeetingOutcome.position", cascade="all, delete-orphan")

    @property
    def agenda_minutes(self) -> int:
        return sum(item.duration_minutes or 0 for item in self.agenda)


class MeetingPerson(db.Model):
    """A person invited to a meeting; `attended` once the meeting is held."""

    __tablename__ = "meeting_people"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    attended: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="people")
    user: Mapped[User] = relationship()


class MeetingOrganization(db.Model):
    """An organization invited to a meeting (its owners get the invitation); `attended` once held."""

    __tablename__ = "meeting_organizations"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True, index=True)
    attended: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="organizations")
    organization: Mapped[Organization] = relationship()


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "position"),
        CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    presenter: Mapped[str | None] = mapped_column(String(200))
    duration_minutes: Mapped[int | None]

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class MinutesState:
    DRAFT = "draft"
    CIRCULATED = "circulated"
    APPROVED = "approved"
    ALL = (DRAFT, CIRCULATED, APPROVED)
    # Approved minutes are the record: locked.
    EDITABLE = (DRAFT, CIRCULATED)


class Minutes(db.Model):
    """The minutes of a meeting in one language (Markdown, shown sanitised)."""

    __tablename__ = "meeting_minutes"
    __table_args__ = (
        UniqueConstraint("meeting_id", "language"),
        CheckConstraint(f"state IN {MinutesState.ALL!r}", name="state"),
        CheckConstraint(f"language IN {tuple(LOCALES)!r}", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=MinutesState.DRAFT)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    approved_at: Mapped[datetime | None]

    meeting: Mapped[Meeting] = relationship(back_populates="minutes")

    @property
    def is_locked(self) -> bool:
        return self.state not in MinutesState.EDITABLE


class OutcomeKind:
    INFORMATION = "information"
    DECISION = "decision"
    ACTION = "action"
    ALL = (INFORMATION, DECISION, ACTION)


class MeetingOutcome(db.Model):
    """What the minutes record: a point of information, a decision, or an action (with its item)."""

    __tablename__ = "meeting_outcomes"
    __table_args__ = (
        UniqueConstraint("meeting_id", "position"),
        CheckConstraint(f"kind IN {OutcomeKind.ALL!r}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    position: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="outcomes")
    action_item: Mapped["ActionItem | None"] = relationship(back_populates="outcome", uselist=False)


class ActionItemState:
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    VERIFIED = "verified"
    CANCELLED = "cancelled"
    ALL = (OPEN, IN_PROGRESS, COMPLETED, VERIFIED, CANCELLED)
    # Past its due date in one of these, an item is overdue.
    PENDING = (OPEN, IN_PROGRESS)


class ActionItemPriority:
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    ALL = (LOW, NORMAL, HIGH)


class ActionItem(db.Model):
    __tablename__ = "action_items"
    __table_args__ = (
        CheckConstraint(f"state IN {ActionItemState.ALL!r}", name="state"),
        CheckConstraint(f"priority IN {ActionItemPriority.ALL!r}", name="priority"),
        CheckConstraint(f"division IN {Division.ALL!r}", name="division"),
        CheckConstraint(f"directorate IS NULL OR directorate IN {Directorate.ALL!r}", name="directorate"),
        CheckConstraint("organization_id IS NOT NULL OR directorate IS NOT NULL", name="responsible"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Like ACT-2027-012.
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    description: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    # Responsible: a partner organization, or one of ISESCO's directorates.
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    directorate: Mapped[str | None] = mapped_column(String(24))
    person_in_charge: Mapped[str | None] = mapped_column(String(200))
    person_in_charge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date] = mapped_column(index=True)
    priority: Mapped[str] = mapped_column(String(8), default=ActionItemPriority.NORMAL)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    # The action outcome of the minutes it was decided in, if any.
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_outcomes.id"), unique=True)
    # The officer who recorded it: the focal point for a directorate's item without a person in charge.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default=ActionItemState.OPEN, index=True)
    state_reason: Mapped[str | None] = mapped_column(Text)
    division: Mapped[str] = mapped_column(String(24), index=True)
    completed_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    person: Mapped[User | None] = relationship(foreign_keys=[person_in_charge_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    project: Mapped[Project | None] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    need: Mapped[Need | None] = relationship()
    outcome: Mapped[MeetingOutcome | None] = relationship(back_populates="action_item")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updates: Mapped[list["ActionItemUpdate"]] = relationship(
        back_populates="action_item", order_by="(ActionItemUpdate.created_at.desc(), ActionItemUpdate.id.desc())",
        cascade="all, delete-orphan",
    )

    def is_overdue(self, today: date) -> bool:
        return self.state in ActionItemState.PENDING and self.due_date < today


class ActionItemUpdate(db.Model):
    """A progress comment on an action item, with the state it moved the item to, if any."""

    __tablename__ = "action_item_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_item_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    comment: Mapped[str] = mapped_column(Text)
    new_state: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action_item: Mapped[ActionItem] = relationship(back_populates="updates")
    author: Mapped[User] = relationship()


class ActionItemDigest(db.Model):
    """One overdue digest per person and ISO week: the primary key keeps a second run, or a
    second server, from mailing it again."""

    __tablename__ = "action_item_digests"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    # Like "2027-W05".
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    item_count: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
