"""ISESCO's projects (docs/projects.md), kept by officers."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.agreements.models import Agreement
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.needs.models import Need
from portal.organizations.models import Organization
from portal.reference.models import BeneficiaryGroup, Country, Subsector


class Directorate:
    EDUCATION = "education"
    SCIENCE = "science"
    CULTURE = "culture"
    COMMUNICATION = "communication"
    EXTERNAL_RELATIONS = "external_relations"
    ALL = (EDUCATION, SCIENCE, CULTURE, COMMUNICATION, EXTERNAL_RELATIONS)


class BudgetType:
    REGULAR = "regular"
    OFF_BUDGET = "off_budget"
    ALL = (REGULAR, OFF_BUDGET)


class ProjectState:
    PLANNED = "planned"
    OPEN_FOR_PARTNERS = "open_for_partners"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ALL = (PLANNED, OPEN_FOR_PARTNERS, ONGOING, COMPLETED, CANCELLED)
    # Completed and cancelled projects are never suggested for a need.
    MATCHABLE = (PLANNED, OPEN_FOR_PARTNERS, ONGOING)


project_subsectors = Table(
    "project_subsectors",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("subsector_code", ForeignKey("subsectors.code"), primary_key=True, index=True),
)

project_countries = Table(
    "project_countries",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("country_code", ForeignKey("countries.code"), primary_key=True, index=True),
)

project_beneficiary_groups = Table(
    "project_beneficiary_groups",
    db.metadata,
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    Column("group_code", ForeignKey("beneficiary_groups.code"), primary_key=True, index=True),
)


class Project(db.Model):
    __tablename__ = "projects"
    __table_args__ = (
        CheckConstraint(f"state IN {ProjectState.ALL!r}", name="state"),
        CheckConstraint(f"directorate IN {Directorate.ALL!r}", name="directorate"),
        CheckConstraint(f"budget_type IN {BudgetType.ALL!r}", name="budget_type"),
        CheckConstraint("end_date >= start_date", name="timeframe"),
        CheckConstraint("budget_usd >= 0", name="budget"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    # Code, title and description in every language, normalized (core.text), for the catalogue's search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    directorate: Mapped[str] = mapped_column(String(24))
    budget_usd: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    budget_type: Mapped[str] = mapped_column(String(16), default=BudgetType.REGULAR)
    start_date: Mapped[date]
    end_date: Mapped[date]
    state: Mapped[str] = mapped_column(String(24), default=ProjectState.PLANNED, index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The agreement the project falls under, if any.
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    officer: Mapped[User | None] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    partners: Mapped[list["ProjectPartner"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectPartner.role"
    )
    subsectors: Mapped[list[Subsector]] = relationship(secondary=project_subsectors, order_by=Subsector.position)
    countries: Mapped[list[Country]] = relationship(secondary=project_countries)
    beneficiary_groups: Mapped[list[BeneficiaryGroup]] = relationship(
        secondary=project_beneficiary_groups, order_by=BeneficiaryGroup.position
    )


class PartnerRole:
    FUNDING = "funding"
    IMPLEMENTING = "implementing"
    ALL = (FUNDING, IMPLEMENTING)


class ProjectPartner(db.Model):
    """An organization that funds or implements a project (docs/projects.md)."""

    __tablename__ = "project_partners"
    __table_args__ = (
        CheckConstraint(f"role IN {PartnerRole.ALL!r}", name="role"),
        CheckConstraint("amount_usd IS NULL OR amount_usd >= 0", name="amount"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    amount_usd: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship(back_populates="partners")
    organization: Mapped[Organization] = relationship()


class Suggestion(db.Model):
    """A project the matching engine proposes for a published need, stored by `flask portal
    rematch` and refreshed when the need or the project changes: pages read, never compute."""

    __tablename__ = "suggestions"
    __table_args__ = (db.Index("ix_suggestions_project_score", "project_id", "score"),)

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int]
    # [{"factor": …, "points": …, "params": {…}}, …] as matching.Reason.to_json writes them.
    reasons: Mapped[list] = mapped_column(JSON)


class MatchState:
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    ALL = (PROPOSED, ACCEPTED, DECLINED, ACTIVE, COMPLETED, CANCELLED)
    # A need with a match in one of these is taken care of: the workbench leaves it out.
    OPEN = (PROPOSED, ACCEPTED, ACTIVE)


class Match(db.Model):
    """One need and one project brought together by an officer (docs/projects.md)."""

    __tablename__ = "matches"
    __table_args__ = (
        # One match per need and project, also when two officers propose it at once.
        UniqueConstraint("need_id", "project_id"),
        CheckConstraint(f"state IN {MatchState.ALL!r}", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default=MatchState.PROPOSED)
    note: Mapped[str | None] = mapped_column(Text)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    # The suggestion's score when proposed (None for a match proposed by hand).
    score: Mapped[int | None]
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    need: Mapped[Need] = relationship()
    project: Mapped[Project] = relationship()
    proposed_by: Mapped[User] = relationship()


class PledgeState:
    PLEDGED = "pledged"
    COMMITTED = "committed"
    PAID = "paid"
    WITHDRAWN = "withdrawn"
    ALL = (PLEDGED, COMMITTED, PAID, WITHDRAWN)
    SECURED = (COMMITTED, PAID)


class Pledge(db.Model):
    """Money an organization offers to a project, optionally for one of its needs."""

    __tablename__ = "pledges"
    __table_args__ = (
        CheckConstraint(f"state IN {PledgeState.ALL!r}", name="state"),
        CheckConstraint("amount > 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("needs.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    pledged_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(ForeignKey("currencies.code"))
    # The USD equivalent at the rate in force when pledged, kept.
    amount_usd: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    state: Mapped[str] = mapped_column(String(16), default=PledgeState.PLEDGED)
    note: Mapped[str | None] = mapped_column(Text)
    # The agreement the pledge falls under, if any.
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    project: Mapped[Project] = relationship()
    need: Mapped[Need | None] = relationship()
    organization: Mapped[Organization] = relationship()
    pledged_by: Mapped[User] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
