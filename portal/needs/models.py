"""Needs (docs/needs.md): what a verified organization asks for in a place."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DDL, CheckConstraint, Column, ForeignKey, Numeric, String, Table, Text, event, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.organizations.models import Organization
from portal.reference.models import BeneficiaryGroup, Country, Subsector


class Urgency:
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    ALL = (CRITICAL, HIGH, MEDIUM, LOW)
    # Higher is more urgent. "Most urgent first" sorts descending on (rank, published_at, id),
    # all in one direction, so that one index serves the sort and a page reads 20 rows, not all.
    RANK = {CRITICAL: 3, HIGH: 2, MEDIUM: 1, LOW: 0}


class NeedState:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PUBLISHED = "published"
    MATCHED = "matched"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    CLOSED = "closed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    ALL = (DRAFT, SUBMITTED, RETURNED, PUBLISHED, MATCHED, IN_PROGRESS, FULFILLED, CLOSED, EXPIRED, WITHDRAWN)
    PUBLIC = (PUBLISHED, MATCHED, IN_PROGRESS, FULFILLED)
    EDITABLE = (DRAFT, RETURNED)


need_subsectors = Table(
    "need_subsectors",
    db.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("subsector_code", ForeignKey("subsectors.code"), primary_key=True, index=True),
)

need_beneficiary_groups = Table(
    "need_beneficiary_groups",
    db.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("group_code", ForeignKey("beneficiary_groups.code"), primary_key=True, index=True),
)


def shown_state(state: str, end_date: date, today: date) -> str:
    """A published need whose end date has passed is expired, whether or not the scheduled
    command has run yet."""
    if state == NeedState.PUBLISHED and end_date < today:
        return NeedState.EXPIRED
    return state


class Need(db.Model):
    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(f"state IN {NeedState.ALL!r}", name="state"),
        CheckConstraint(f"urgency IN {Urgency.ALL!r}", name="urgency"),
        CheckConstraint("end_date >= start_date", name="timeframe"),
        db.Index("ix_needs_board", "state", "end_date"),
        # Leads with the board's most common filters and holds the visibility columns,
        # so counting a country's needs (by urgency) reads the index alone.
        db.Index("ix_needs_country_board", "country_code", "urgency", "state", "end_date"),
        db.Index("ix_needs_urgency_order", "urgency_rank", "published_at", "id"),
        db.Index("ix_needs_cost_order", "cost_usd", "id"),
        # Trigram index: the board's "contains" search reads it instead of every row.
        db.Index(
            "ix_needs_search_trigram", "search_text",
            postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    # Title and description in every language, normalized (core.text), for the board's search.
    search_text: Mapped[str] = mapped_column(Text)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"))
    area: Mapped[str | None] = mapped_column(String(200))
    beneficiary_count: Mapped[int]
    urgency: Mapped[str] = mapped_column(String(16))
    urgency_rank: Mapped[int]
    cost_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    cost_currency: Mapped[str] = mapped_column(ForeignKey("currencies.code"))
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    start_date: Mapped[date]
    end_date: Mapped[date]
    state: Mapped[str] = mapped_column(String(16), default=NeedState.DRAFT)
    state_comment: Mapped[str | None] = mapped_column(Text)
    # Raised by every save; a save that carries an older number is refused (optimistic locking).
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # The subsector codes, space-separated, read with the need itself: lists show them
    # by their cached names (reference.templating) without loading a Subsector per need.
    subsector_code_list: Mapped[str | None] = column_property(
        select(func.aggregate_strings(need_subsectors.c.subsector_code, " "))
        .where(need_subsectors.c.need_id == id)
        .scalar_subquery()
    )

    organization: Mapped[Organization] = relationship()
    author: Mapped[User] = relationship()
    country: Mapped[Country] = relationship()
    subsectors: Mapped[list[Subsector]] = relationship(secondary=need_subsectors, order_by=Subsector.position)
    beneficiary_groups: Mapped[list[BeneficiaryGroup]] = relationship(
        secondary=need_beneficiary_groups, order_by=BeneficiaryGroup.position
    )
    attachments: Mapped[list["NeedAttachment"]] = relationship(
        back_populates="need", cascade="all, delete-orphan", order_by="NeedAttachment.id"
    )

    __mapper_args__ = {"version_id_col": version}

    def shown_state(self, today: date) -> str:
        return shown_state(self.state, self.end_date, today)


# create_all (tests, a first install without migrations) needs the extension before the index.
event.listen(
    Need.__table__, "before_create", DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql")
)


class NeedAttachment(db.Model):
    __tablename__ = "need_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int]

    need: Mapped[Need] = relationship(back_populates="attachments")


class PriorityState:
    ACTIVE = "active"
    ARCHIVED = "archived"
    ALL = (ACTIVE, ARCHIVED)


class Priority(db.Model):
    """A country's priority, posted by its endowment ministry or national commission."""

    __tablename__ = "priorities"
    __table_args__ = (
        CheckConstraint(f"state IN {PriorityState.ALL!r}", name="state"),
        CheckConstraint("period_end >= period_start", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedTextType)
    subsector_code: Mapped[str] = mapped_column(ForeignKey("subsectors.code"))
    rank: Mapped[int]
    period_start: Mapped[int]
    period_end: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default=PriorityState.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship()
    subsector: Mapped[Subsector] = relationship()
