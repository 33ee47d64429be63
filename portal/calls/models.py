"""Calls for partners on off-budget specialized projects (docs/calls.md): the call, its
weighted criteria and reviewers, organizations' applications and the reviewers' scores."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.agreements.models import Agreement
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects.models import PartnerRole, Project
from portal.reference.models import Country, Field


class CallState:
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ALL = (DRAFT, PUBLISHED, CLOSED, COMPLETED, CANCELLED)
    # What visitors see in the public list.
    PUBLIC = (PUBLISHED, CLOSED, COMPLETED)


# Criteria weights of a call add up to this.
TOTAL_WEIGHT = 100
# A reviewer scores each criterion from 0 to this.
MAX_SCORE = 10


call_countries = Table(
    "call_countries",
    db.metadata,
    Column("call_id", ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("country_code", ForeignKey("countries.code"), primary_key=True, index=True),
)

call_fields = Table(
    "call_fields",
    db.metadata,
    Column("call_id", ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("field_code", ForeignKey("fields.code"), primary_key=True, index=True),
)

call_reviewers = Table(
    "call_reviewers",
    db.metadata,
    Column("call_id", ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True, index=True),
)


class Call(db.Model):
    __tablename__ = "calls"
    __table_args__ = (CheckConstraint(f"state IN {CallState.ALL!r}", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    # Organization kinds that may apply (empty: every kind).
    eligible_kinds: Mapped[list] = mapped_column(JSON, default=list)
    # The documents applicants are asked for, per language.
    documents_requested: Mapped[TranslatedText | None] = mapped_column(TranslatedTextType)
    # The deadline as the officer set it on the wall clock of `timezone`, kept in UTC.
    deadline: Mapped[datetime] = mapped_column(index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default=CallState.DRAFT, index=True)
    state_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    project: Mapped[Project] = relationship()
    created_by: Mapped[User] = relationship()
    countries: Mapped[list[Country]] = relationship(secondary=call_countries)
    fields: Mapped[list[Field]] = relationship(secondary=call_fields, order_by=Field.position)
    reviewers: Mapped[list[User]] = relationship(secondary=call_reviewers)
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="Criterion.position"
    )

    __mapper_args__ = {"version_id_col": version}


class Criterion(db.Model):
    __tablename__ = "call_criteria"
    __table_args__ = (CheckConstraint("weight > 0 AND weight <= 100", name="weight"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    weight: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    call: Mapped[Call] = relationship(back_populates="criteria")


class ApplicationState:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    WITHDRAWN = "withdrawn"
    ALL = (DRAFT, SUBMITTED, UNDER_REVIEW, SELECTED, NOT_SELECTED, WITHDRAWN)
    # Told to the applicant when the call is completed.
    OUTCOMES = (SELECTED, NOT_SELECTED)
    # Sent to the reviewers and not yet decided on.
    IN_REVIEW = (SUBMITTED, UNDER_REVIEW)
    # In the officer's ranking.
    RANKED = (SUBMITTED, UNDER_REVIEW, SELECTED, NOT_SELECTED)


class Application(db.Model):
    """One organization's application to a call (one per organization and call)."""

    __tablename__ = "call_applications"
    __table_args__ = (
        UniqueConstraint("call_id", "organization_id"),
        CheckConstraint(f"state IN {ApplicationState.ALL!r}", name="state"),
        CheckConstraint("budget_amount IS NULL OR budget_amount > 0", name="budget"),
        CheckConstraint(f"selected_role IS NULL OR selected_role IN {PartnerRole.ALL!r}", name="selected_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    concept_note: Mapped[str] = mapped_column(Text, default="")
    # The language the concept note is written in.
    language: Mapped[str] = mapped_column(String(2))
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    budget_currency: Mapped[str | None] = mapped_column(ForeignKey("currencies.code"))
    # The USD equivalent at the rate in force when submitted, kept.
    budget_usd: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    state: Mapped[str] = mapped_column(String(16), default=ApplicationState.DRAFT, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    # When selected: the role given in the project and the draft agreement opened for it.
    selected_role: Mapped[str | None] = mapped_column(String(16))
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"))
    version: Mapped[int] = mapped_column(default=1)

    call: Mapped[Call] = relationship()
    organization: Mapped[Organization] = relationship()
    created_by: Mapped[User] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    documents: Mapped[list["ApplicationDocument"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationDocument.id"
    )
    reviews: Mapped[list["Review"]] = relationship(back_populates="application", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class ApplicationDocument(db.Model):
    __tablename__ = "call_application_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("call_applications.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="documents")


class Review(db.Model):
    """One reviewer's scores of one application (one per reviewer and application)."""

    __tablename__ = "call_reviews"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("call_applications.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    # The weighted total out of 100, kept when the scores are saved.
    total: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    application: Mapped[Application] = relationship(back_populates="reviews")
    reviewer: Mapped[User] = relationship()
    scores: Mapped[list["Score"]] = relationship(back_populates="review", cascade="all, delete-orphan")


class Score(db.Model):
    __tablename__ = "call_review_scores"
    __table_args__ = (CheckConstraint(f"score >= 0 AND score <= {MAX_SCORE}", name="score"),)

    review_id: Mapped[int] = mapped_column(ForeignKey("call_reviews.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("call_criteria.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(Text)

    review: Mapped[Review] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship()
