"""Due diligence on partners (docs/due-diligence.md): the verification checklist and risk flags."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.extensions import db
from portal.organizations.models import Organization


class ChecklistItem:
    """What an officer checks before verifying an organization, in the order it is shown."""

    REGISTRATION_DOCUMENT = "registration_document"  # valid and current
    MISSION = "mission"  # consistent with ISESCO's fields of competence
    CONTACT = "contact"  # confirmed
    SAFEGUARDING = "safeguarding"  # a safeguarding policy is present
    AUDITED_ACCOUNTS = "audited_accounts"  # only asked for above the configured amount
    ALL = (REGISTRATION_DOCUMENT, MISSION, CONTACT, SAFEGUARDING, AUDITED_ACCOUNTS)


class CheckResult:
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    ALL = (PASSED, FAILED, NOT_APPLICABLE)


class VerificationChecklist(db.Model):
    """The checklist as an officer filled it in for one verification decision; kept with it."""

    __tablename__ = "verification_checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    # The decision it was recorded with: "verify", "reject", "reinstate".
    decision: Mapped[str] = mapped_column(String(16))
    # {item: {"result": CheckResult, "comment": str}} for every ChecklistItem.
    items: Mapped[dict] = mapped_column(JSON)
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    organization: Mapped[Organization] = relationship()
    officer: Mapped[User] = relationship()

    @property
    def failed_items(self) -> list[str]:
        return [item for item in ChecklistItem.ALL
                if self.items.get(item, {}).get("result") == CheckResult.FAILED]


class FlagCategory:
    INTEGRITY = "integrity"
    FINANCIAL = "financial"
    SAFEGUARDING = "safeguarding"
    SANCTIONS = "sanctions"
    PERFORMANCE = "performance"
    ALL = (INTEGRITY, FINANCIAL, SAFEGUARDING, SANCTIONS, PERFORMANCE)


class FlagSeverity:
    OBSERVATION = "observation"
    ESCALATION = "escalation"
    RED = "red"
    ALL = (OBSERVATION, ESCALATION, RED)


class FlagState:
    OPEN = "open"
    # An officer looked and found the concern real (a sanctions hit that is the listed party).
    CONFIRMED = "confirmed"
    CLEARED = "cleared"
    ALL = (OPEN, CONFIRMED, CLEARED)
    # A red flag in one of these suspends the organization's pledges and applications.
    STANDING = (OPEN, CONFIRMED)


class RiskFlag(db.Model):
    """A concern about an organization, internal to ISESCO's officers."""

    __tablename__ = "risk_flags"
    __table_args__ = (
        CheckConstraint(f"category IN {FlagCategory.ALL!r}", name="category"),
        CheckConstraint(f"severity IN {FlagSeverity.ALL!r}", name="severity"),
        CheckConstraint(f"state IN {FlagState.ALL!r}", name="state"),
        db.Index("ix_risk_flags_standing", "organization_id", "severity", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default=FlagState.OPEN)
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    # An evidence file (uploads checked by content, core.uploads).
    evidence_name: Mapped[str | None] = mapped_column(String(64))
    evidence_original_name: Mapped[str | None] = mapped_column(String(255))
    # None when raised by the portal itself (a sanctions screening).
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Who cleared or confirmed it, when and why.
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_comment: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_standing_red(self) -> bool:
        return self.severity == FlagSeverity.RED and self.state in FlagState.STANDING
