"""The UN Security Council consolidated list as last imported, and screenings against it
(docs/sanctions.md)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.duediligence.models import RiskFlag
from portal.extensions import db
from portal.organizations.models import Organization


class SanctionsImport(db.Model):
    """One import of the list's XML file; the newest one is the list in force."""

    __tablename__ = "sanctions_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    # The list's own dateGenerated attribute.
    generated_at: Mapped[datetime | None]
    individuals: Mapped[int]
    entities: Mapped[int]


class ListedKind:
    INDIVIDUAL = "individual"
    ENTITY = "entity"
    ALL = (INDIVIDUAL, ENTITY)


class ListedParty(db.Model):
    """An individual or entity on the list; an import replaces every row in one transaction."""

    __tablename__ = "sanctions_listed_parties"
    __table_args__ = (CheckConstraint(f"kind IN {ListedKind.ALL!r}", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("sanctions_imports.id"), index=True)
    data_id: Mapped[str] = mapped_column(String(32))
    # The UN reference, like "QDe.004" or "QDi.001".
    reference_number: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    # The primary name, its original script, and every alias, as the list spells them.
    names: Mapped[list] = mapped_column(JSON)
    # Each name's matching key (sanctions.matching), computed once at import.
    keys: Mapped[list] = mapped_column(JSON)
    # Each name's provenance (matching.Quality: the list's name, its original script, or the
    # alias's QUALITY); None on rows imported before it was kept.
    qualities: Mapped[list | None] = mapped_column(JSON)
    # The portal's codes of the countries of its nationalities and addresses.
    country_codes: Mapped[list | None] = mapped_column(JSON)
    list_type: Mapped[str | None] = mapped_column(String(64))
    listed_on: Mapped[date | None]
    comments: Mapped[str | None] = mapped_column(Text)


class ScreeningTrigger:
    REGISTRATION = "registration"
    IMPORT = "import"
    ON_DEMAND = "on_demand"
    ALL = (REGISTRATION, IMPORT, ON_DEMAND)


class Screening(db.Model):
    """One organization screened against one import of the list."""

    __tablename__ = "sanctions_screenings"
    __table_args__ = (CheckConstraint(f"trigger IN {ScreeningTrigger.ALL!r}", name="trigger"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("sanctions_imports.id"))
    trigger: Mapped[str] = mapped_column(String(16))
    screened_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The best score of any hit (0 when nothing came near).
    best_score: Mapped[int] = mapped_column(default=0)

    organization: Mapped[Organization] = relationship()
    requested_by: Mapped[User | None] = relationship()
    hits: Mapped[list["ScreeningHit"]] = relationship(
        back_populates="screening", cascade="all, delete-orphan",
        order_by=lambda: [ScreeningHit.red.desc(), ScreeningHit.score.desc()]
    )


class ScreeningHit(db.Model):
    """A name of the organization that came near a listed name. The listed party is copied, not
    referenced, so that a hit stays readable after the next import replaces the list."""

    __tablename__ = "sanctions_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    screening_id: Mapped[int] = mapped_column(ForeignKey("sanctions_screenings.id", ondelete="CASCADE"), index=True)
    # The organization's name or director that matched, and the listed spelling it matched.
    screened_name: Mapped[str] = mapped_column(Text)
    listed_name: Mapped[str] = mapped_column(Text)
    listed_reference: Mapped[str] = mapped_column(String(32))
    listed_kind: Mapped[str] = mapped_column(String(16))
    score: Mapped[int]
    # Whole-name evidence (sanctions.matching): a red hit raises a flag, the others are near hits.
    red: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The sanctions flag raised for it, when red.
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("risk_flags.id"), index=True)

    screening: Mapped[Screening] = relationship(back_populates="hits")
    flag: Mapped[RiskFlag | None] = relationship()
