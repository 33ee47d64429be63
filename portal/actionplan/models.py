"""The Directorate's action plan (docs/action-plan.md): programmes, expected results, indicators with
their periods and targets, and the updates that give a period its actual value."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db


class PlanState:
    ACTIVE = "active"
    # Reported to the governing bodies: its periods are locked.
    REPORTED = "reported"
    ALL = (ACTIVE, REPORTED)


class ResultLevel:
    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"
    ALL = (OUTPUT, OUTCOME, IMPACT)


class Measure:
    NUMBER = "number"
    PERCENT = "percent"
    QUALITATIVE = "qualitative"
    ALL = (NUMBER, PERCENT, QUALITATIVE)


class Computed:
    """Indicators whose actual the portal counts from its own data (portal/actionplan/computed.py)."""

    AGREEMENTS_CONCLUDED = "agreements_concluded"
    COMMITTEE_SESSIONS_HELD = "committee_sessions_held"
    COORDINATION_MEETINGS_HELD = "coordination_meetings_held"
    FORUM_HELD = "forum_held"
    NEEDS_MATCHED = "needs_matched"
    AMOUNTS_PLEDGED = "amounts_pledged"
    AMOUNTS_PAID = "amounts_paid"
    OFFBUDGET_PROJECTS_FUNDED = "offbudget_projects_funded"
    ALL = (
        AGREEMENTS_CONCLUDED, COMMITTEE_SESSIONS_HELD, COORDINATION_MEETINGS_HELD, FORUM_HELD, NEEDS_MATCHED,
        AMOUNTS_PLEDGED, AMOUNTS_PAID, OFFBUDGET_PROJECTS_FUNDED,
    )
    # Amounts in US dollars rather than counts.
    AMOUNTS = (AMOUNTS_PLEDGED, AMOUNTS_PAID)


class UpdateState:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    ALL = (DRAFT, SUBMITTED, APPROVED, RETURNED)
    # Its author may still change it.
    EDITABLE = (DRAFT, RETURNED)


class ActionPlan(db.Model):
    __tablename__ = "action_plans"
    __table_args__ = (
        CheckConstraint(f"state IN {PlanState.ALL!r}", name="state"),
        CheckConstraint("end_year >= start_year", name="years"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    start_year: Mapped[int]
    end_year: Mapped[int]
    state: Mapped[str] = mapped_column(String(16), default=PlanState.ACTIVE)
    reported_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    programmes: Mapped[list["Programme"]] = relationship(
        back_populates="plan", order_by="(Programme.position, Programme.id)", cascade="all, delete-orphan",
    )

    @property
    def is_reported(self) -> bool:
        return self.state == PlanState.REPORTED


class Programme(db.Model):
    __tablename__ = "action_plan_programmes"
    __table_args__ = (CheckConstraint("budget_usd >= 0", name="budget"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    budget_usd: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[ActionPlan] = relationship(back_populates="programmes")
    results: Mapped[list["ExpectedResult"]] = relationship(
        back_populates="programme", order_by="(ExpectedResult.position, ExpectedResult.id)",
        cascade="all, delete-orphan",
    )


class ExpectedResult(db.Model):
    __tablename__ = "expected_results"
    __table_args__ = (CheckConstraint(f"level IN {ResultLevel.ALL!r}", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("action_plan_programmes.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    position: Mapped[int] = mapped_column(default=0)

    programme: Mapped[Programme] = relationship(back_populates="results")
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="result", order_by="(Indicator.position, Indicator.id)", cascade="all, delete-orphan",
    )


class Indicator(db.Model):
    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint(f"measure IN {Measure.ALL!r}", name="measure"),
        CheckConstraint(f"computed IS NULL OR computed IN {Computed.ALL!r}", name="computed"),
        # A running total only grows: "less is better" makes no sense for it.
        CheckConstraint("NOT cumulative OR ascending", name="cumulative_ascending"),
        # The portal counts numbers; a narrative cannot be computed.
        CheckConstraint("computed IS NULL OR measure = 'number'", name="computed_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("expected_results.id", ondelete="CASCADE"), index=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    measure: Mapped[str] = mapped_column(String(16), default=Measure.NUMBER)
    # True: more is better; False: the indicator should go down (a delay, a share of overdue items).
    ascending: Mapped[bool] = mapped_column(default=True)
    # A cumulative indicator adds up over the periods; its targets are running totals.
    cumulative: Mapped[bool] = mapped_column(default=False)
    baseline_year: Mapped[int | None]
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    verification: Mapped[TranslatedText | None] = mapped_column(TranslatedTextType)
    computed: Mapped[str | None] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(default=0)

    result: Mapped[ExpectedResult] = relationship(back_populates="indicators")
    periods: Mapped[list["IndicatorPeriod"]] = relationship(
        back_populates="indicator", order_by="(IndicatorPeriod.start_date, IndicatorPeriod.id)",
        cascade="all, delete-orphan",
    )

    @property
    def is_computed(self) -> bool:
        return self.computed is not None

    @property
    def is_qualitative(self) -> bool:
        return self.measure == Measure.QUALITATIVE

    @property
    def in_usd(self) -> bool:
        return self.computed in Computed.AMOUNTS


class IndicatorPeriod(db.Model):
    __tablename__ = "indicator_periods"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates"),
        UniqueConstraint("indicator_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    # None for a qualitative indicator, whose progress is told in the updates' narratives.
    target: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    locked: Mapped[bool] = mapped_column(default=False)

    indicator: Mapped[Indicator] = relationship(back_populates="periods")
    updates: Mapped[list["IndicatorUpdate"]] = relationship(
        back_populates="period", order_by="(IndicatorUpdate.created_at, IndicatorUpdate.id)",
        cascade="all, delete-orphan",
    )

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class IndicatorUpdate(db.Model):
    __tablename__ = "indicator_updates"
    __table_args__ = (
        CheckConstraint(f"state IN {UpdateState.ALL!r}", name="state"),
        CheckConstraint("state != 'returned' OR decision_comment IS NOT NULL", name="returned_comment"),
        db.Index("ix_indicator_updates_state", "state", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("indicator_periods.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    narrative: Mapped[str | None] = mapped_column(Text)
    evidence_name: Mapped[str | None] = mapped_column(String(64))
    evidence_original_name: Mapped[str | None] = mapped_column(String(255))
    evidence_type: Mapped[str | None] = mapped_column(String(64))
    evidence_size: Mapped[int | None]
    state: Mapped[str] = mapped_column(String(16), default=UpdateState.DRAFT)
    decision_comment: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]

    period: Mapped[IndicatorPeriod] = relationship(back_populates="updates")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
