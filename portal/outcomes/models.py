"""What the forum leads to (docs/outcomes.md): organizations' proposals for joint
projects with other organizations' endorsements, and the commitments organizations take."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.forum.models import Edition
from portal.organizations.models import Organization
from portal.projects.models import Project
from portal.reference.models import Country, Subsector


class ProposalState:
    OPEN = "open"
    UNDER_STUDY = "under_study"
    ADOPTED = "adopted"
    NOT_RETAINED = "not_retained"
    ALL = (OPEN, UNDER_STUDY, ADOPTED, NOT_RETAINED)
    # Organizations may still endorse, or withdraw their endorsement.
    ENDORSABLE = (OPEN, UNDER_STUDY)


proposal_subsectors = Table(
    "proposal_subsectors",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("subsector_code", ForeignKey("subsectors.code"), primary_key=True, index=True),
)

proposal_countries = Table(
    "proposal_countries",
    db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("country_code", ForeignKey("countries.code"), primary_key=True, index=True),
)


class Proposal(db.Model):
    """A joint project an organization puts forward at an edition of the forum."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(f"state IN {ProposalState.ALL!r}", name="state"),
        # Adopted means taken into the catalogue: the project it became is always named.
        CheckConstraint("state != 'adopted' OR project_id IS NOT NULL", name="adopted_project"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("forum_editions.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    state: Mapped[str] = mapped_column(String(16), default=ProposalState.OPEN, index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    edition: Mapped[Edition] = relationship()
    organization: Mapped[Organization] = relationship()
    author: Mapped[User] = relationship()
    project: Mapped[Project | None] = relationship()
    subsectors: Mapped[list[Subsector]] = relationship(secondary=proposal_subsectors, order_by=Subsector.position)
    countries: Mapped[list[Country]] = relationship(secondary=proposal_countries)

    @property
    def is_endorsable(self) -> bool:
        return self.state in ProposalState.ENDORSABLE


class Endorsement(db.Model):
    """One organization's support for a proposal: the primary key keeps it to one per
    organization, also when two of its members press the button at once."""

    __tablename__ = "proposal_endorsements"

    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True, index=True)
    endorsed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship()
    endorsed_by: Mapped[User] = relationship()


class CommitmentState:
    ANNOUNCED = "announced"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    DROPPED = "dropped"
    ALL = (ANNOUNCED, IN_PROGRESS, FULFILLED, DROPPED)
    # Still to be kept: these are overdue once their due date has passed.
    PENDING = (ANNOUNCED, IN_PROGRESS)


class Commitment(db.Model):
    """A task or obligation an organization takes at the forum, on a proposal or a project."""

    __tablename__ = "commitments"
    __table_args__ = (
        CheckConstraint(f"state IN {CommitmentState.ALL!r}", name="state"),
        CheckConstraint("proposal_id IS NOT NULL OR project_id IS NOT NULL", name="linked"),
        db.Index("ix_commitments_state_due", "state", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("forum_editions.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    description: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"), index=True)
    due_date: Mapped[date]
    state: Mapped[str] = mapped_column(String(16), default=CommitmentState.ANNOUNCED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    edition: Mapped[Edition] = relationship()
    organization: Mapped[Organization] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    project: Mapped[Project | None] = relationship()
    notes: Mapped[list["ProgressNote"]] = relationship(
        back_populates="commitment", order_by="(ProgressNote.noted_on.desc(), ProgressNote.id.desc())",
        cascade="all, delete-orphan",
    )

    def is_overdue(self, today: date) -> bool:
        return self.state in CommitmentState.PENDING and self.due_date < today


class ProgressNote(db.Model):
    """A dated note on how a commitment stands; with the state it moved the commitment to, if any."""

    __tablename__ = "commitment_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    noted_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    new_state: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()
