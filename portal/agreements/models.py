"""The agreements registry (SPEC section 11): agreements and memoranda with partners."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    partners: Mapped[list[Organization]] = relationship(secondary=agreement_partners)
    focal_point: Mapped[User | None] = relationship()
    parent: Mapped["Agreement | None"] = relationship(remote_side=[id], back_populates="amendments")
    amendments: Mapped[list["Agreement"]] = relationship(back_populates="parent", order_by="Agreement.reference")
