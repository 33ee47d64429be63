"""The agreements registry (docs/agreements.md): agreements and memoranda with partners."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Numeric, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.organizations.models import Division, Organization


class AgreementType:
    MOU = "mou"
    COOPERATION_AGREEMENT = "cooperation_agreement"
    PROGRAMME_OF_ACTION = "programme_of_action"
    PROTOCOL = "protocol"
    AMENDMENT = "amendment"
    ALL = (MOU, COOPERATION_AGREEMENT, PROGRAMME_OF_ACTION, PROTOCOL, AMENDMENT)


class AgreementState:
    DRAFT = "draft"
    UNDER_NEGOTIATION = "under_negotiation"
    AWAITING_SIGNATURE = "awaiting_signature"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    SUSPENDED = "suspended"
    ALL = (DRAFT, UNDER_NEGOTIATION, AWAITING_SIGNATURE, IN_FORCE, EXPIRED, TERMINATED, SUSPENDED)
    # Signed agreements are public; drafts and negotiations stay internal.
    SIGNED = (IN_FORCE, EXPIRED, TERMINATED, SUSPENDED)
    ENDED = (EXPIRED, TERMINATED)
    # What a partner's own members may read: from the text they are asked to sign on.
    SHOWN_TO_PARTNERS = (AWAITING_SIGNATURE, *SIGNED)


# An agreement in force whose review date is this close (or past) is "expiring".
EXPIRING_WITHIN_DAYS = 90


agreement_partners = Table(
    "agreement_partners",
    db.metadata,
    Column("agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id"), primary_key=True, index=True),
)


class Agreement(db.Model):
    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint(f"type IN {AgreementType.ALL!r}", name="type"),
        CheckConstraint(f"state IN {AgreementState.ALL!r}", name="state"),
        CheckConstraint(f"division IN {Division.ALL!r}", name="division"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates"),
        CheckConstraint("notice_days >= 0", name="notice"),
        CheckConstraint("type != 'amendment' OR parent_id IS NOT NULL", name="amendment_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Like AGR-2027-031.
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    type: Mapped[str] = mapped_column(String(24), index=True)
    division: Mapped[str] = mapped_column(String(24), index=True)
    state: Mapped[str] = mapped_column(String(24), default=AgreementState.DRAFT, index=True)
    state_reason: Mapped[str | None] = mapped_column(Text)
    focal_point_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    isesco_signed_on: Mapped[date | None]
    partner_signed_on: Mapped[date | None]
    isesco_signatory_name: Mapped[str | None] = mapped_column(String(200))
    isesco_signatory_title: Mapped[str | None] = mapped_column(String(200))
    partner_signatory_name: Mapped[str | None] = mapped_column(String(200))
    partner_signatory_title: Mapped[str | None] = mapped_column(String(200))
    start_date: Mapped[date | None]
    # None: open-ended.
    end_date: Mapped[date | None]
    automatic_renewal: Mapped[bool] = mapped_column(default=False)
    renewal_term_months: Mapped[int | None]
    notice_days: Mapped[int] = mapped_column(default=0)
    # End date minus notice, stored so lists sort and filter on it; None when open-ended.
    review_date: Mapped[date | None] = mapped_column(index=True)
    # The day it came into force the first time: what "agreements concluded" counts.
    concluded_on: Mapped[date | None] = mapped_column(index=True)
    # The day it expired or was terminated.
    ended_on: Mapped[date | None]
    document_name: Mapped[str | None] = mapped_column(String(64))
    document_original_name: Mapped[str | None] = mapped_column(String(255))
    document_size: Mapped[int | None]
    # Raised by every edit: a form saved over a newer version is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    partners: Mapped[list[Organization]] = relationship(secondary=agreement_partners)
    focal_point: Mapped[User | None] = relationship()
    parent: Mapped["Agreement | None"] = relationship(remote_side=[id], back_populates="amendments")
    amendments: Mapped[list["Agreement"]] = relationship(back_populates="parent", order_by="Agreement.reference")
    obligations: Mapped[list["Obligation"]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by=lambda: (Obligation.due_date, Obligation.id)
    )

    @property
    def is_signed(self) -> bool:
        return self.state in AgreementState.SIGNED

    def is_expiring(self, today: date) -> bool:
        return (self.state == AgreementState.IN_FORCE and self.review_date is not None
                and self.review_date <= today + timedelta(days=EXPIRING_WITHIN_DAYS))


class ObligationState:
    PENDING = "pending"
    MET = "met"
    WAIVED = "waived"
    ALL = (PENDING, MET, WAIVED)


class Obligation(db.Model):
    """What one party to an agreement undertakes (docs/agreements.md): ISESCO when no partner is named."""

    __tablename__ = "agreement_obligations"
    __table_args__ = (
        CheckConstraint(f"state IN {ObligationState.ALL!r}", name="state"),
        CheckConstraint("amount IS NULL OR (amount >= 0 AND currency IS NOT NULL)", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    # None: ISESCO's own undertaking.
    party_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(index=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    state: Mapped[str] = mapped_column(String(16), default=ObligationState.PENDING, index=True)
    closed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agreement: Mapped[Agreement] = relationship(back_populates="obligations")
    party: Mapped[Organization | None] = relationship()

    def is_overdue(self, today: date) -> bool:
        return self.state == ObligationState.PENDING and self.due_date < today


class AgreementReminder(db.Model):
    """A review reminder sent: one per agreement, kind (days before) and review date, kept by the
    primary key so that two runs of `flask portal remind` at once still send it once. A new
    review date (the end date moved) is reminded again."""

    __tablename__ = "agreement_reminders"
    __table_args__ = (CheckConstraint("days_before IN (30, 90)", name="days_before"),)

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    days_before: Mapped[int] = mapped_column(primary_key=True)
    review_date: Mapped[date] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
