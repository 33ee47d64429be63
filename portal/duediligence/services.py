"""The rules of due diligence (docs/due-diligence.md): the verification checklist, raising, clearing
and confirming risk flags, and the one check every pledge and application passes: no standing
red flag."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.filters import QueryFilters
from portal.core.money import format_money
from portal.core.pages import Page, paginate
from portal.core.rules import Refused, locked, require_officer
from portal.core.time import utcnow
from portal.core.uploads import StoredFile
from portal.duediligence.models import (
    CheckResult,
    ChecklistItem,
    FlagCategory,
    FlagSeverity,
    FlagState,
    RiskFlag,
    VerificationChecklist,
)
from portal.extensions import db
from portal.organizations.models import Organization
from portal.projects.models import Pledge, PledgeState

# What a member of a red-flagged organization is told; the flag itself stays internal.
RED_FLAG_REFUSAL = _l(
    "Your organization's pledges and applications are suspended while ISESCO reviews its file. "
    "Please contact the Directorate of External Relations and Cooperation."
)


def red_flagged_among(organization_ids) -> set[int]:
    """Those of the organizations under a standing red flag, in one query."""
    return set(db.session.scalars(
        db.select(RiskFlag.organization_id).distinct().where(
            RiskFlag.organization_id.in_(list(organization_ids)),
            RiskFlag.severity == FlagSeverity.RED,
            RiskFlag.state.in_(FlagState.STANDING),
        )
    ))


def has_standing_red_flag(organization_id: int) -> bool:
    return organization_id in red_flagged_among([organization_id])


def refuse_if_red_flagged(organization_id: int) -> None:
    """Called by every service that takes money or an application from an organization."""
    if has_standing_red_flag(organization_id):
        raise Refused(RED_FLAG_REFUSAL)


def _snapshot(flag: RiskFlag) -> dict:
    return {"organization_id": flag.organization_id, "category": flag.category, "severity": flag.severity,
            "state": flag.state, "reason": flag.reason, "comment": flag.decision_comment}


def raise_flag(organization_id: int, officer: User | None, category: str, severity: str, reason: str,
               evidence: str | None = None, evidence_file: StoredFile | None = None) -> RiskFlag:
    """An officer's flag, or the portal's own (officer None) after a sanctions hit. The caller
    commits, so that a screening's flags land with its results."""
    if officer is not None:
        require_officer(officer)
    if category not in FlagCategory.ALL or severity not in FlagSeverity.ALL:
        raise Refused(_l("Choose a category and a severity."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_l("Give the reason for the flag."))
    flag = RiskFlag(organization_id=organization_id, category=category, severity=severity, state=FlagState.OPEN,
                    reason=reason, evidence=(evidence or "").strip() or None,
                    evidence_name=evidence_file.stored_name if evidence_file else None,
                    evidence_original_name=evidence_file.original_name if evidence_file else None,
                    raised_by_id=officer.id if officer is not None else None)
    db.session.add(flag)
    db.session.flush()
    record_audit("risk_flag.raised", "organization", organization_id, after=_snapshot(flag), actor=officer)
    return flag


def _decide(flag_id: int, officer: User, target: str, comment: str) -> RiskFlag:
    require_officer(officer)
    comment = (comment or "").strip()
    if not comment:
        raise Refused(_l("Say why, in a comment."))
    flag = locked(RiskFlag, flag_id, _l("This flag no longer exists."))
    allowed_from = (FlagState.OPEN,) if target == FlagState.CONFIRMED else FlagState.STANDING
    if flag.state not in allowed_from:
        raise Refused(_l("This action does not apply to the flag in its present state."))
    before = _snapshot(flag)
    flag.state = target
    flag.decided_by_id = officer.id
    flag.decided_at = utcnow()
    flag.decision_comment = comment
    record_audit(f"risk_flag.{target}", "organization", flag.organization_id, before=before,
                 after=_snapshot(flag), actor=officer)
    db.session.commit()
    return flag


def clear_flag(flag_id: int, officer: User, comment: str) -> RiskFlag:
    """The concern is unfounded or resolved: a red flag no longer suspends anything."""
    return _decide(flag_id, officer, FlagState.CLEARED, comment)


def confirm_flag(flag_id: int, officer: User, comment: str) -> RiskFlag:
    """The concern is real (a sanctions hit is the listed party): the flag stands."""
    return _decide(flag_id, officer, FlagState.CONFIRMED, comment)


def flag_organization(organization_id: int, officer: User, category: str, severity: str, reason: str,
                      evidence: str | None = None, evidence_file: StoredFile | None = None) -> RiskFlag:
    """An officer raises a flag from the organization's page."""
    require_officer(officer)
    if db.session.get(Organization, organization_id) is None:
        raise Refused(_l("This organization no longer exists."))
    flag = raise_flag(organization_id, officer, category, severity, reason, evidence, evidence_file)
    db.session.commit()
    return flag


def flags_of(organization_id: int) -> list[RiskFlag]:
    """An organization's flags, standing ones first, newest first."""
    return db.session.scalars(
        db.select(RiskFlag).where(RiskFlag.organization_id == organization_id)
        .order_by(RiskFlag.state == FlagState.CLEARED, RiskFlag.raised_at.desc(), RiskFlag.id.desc())
        .options(db.joinedload(RiskFlag.raised_by), db.joinedload(RiskFlag.decided_by))
    ).all()


FLAGS_PAGE_SIZE = 25


@dataclass(frozen=True)
class FlagFilters(QueryFilters):
    state: str = ""
    severity: str = ""
    category: str = ""


def flags_page(filters: FlagFilters, page: int, per_page: int = FLAGS_PAGE_SIZE) -> Page:
    """The officers' list of flags, newest first, with what it shows loaded in a fixed number of queries."""
    conditions = [column == value for column, value, allowed in (
        (RiskFlag.state, filters.state, FlagState.ALL),
        (RiskFlag.severity, filters.severity, FlagSeverity.ALL),
        (RiskFlag.category, filters.category, FlagCategory.ALL),
    ) if value in allowed]
    return paginate(
        db.select(RiskFlag).where(*conditions)
        .options(db.joinedload(RiskFlag.organization), db.joinedload(RiskFlag.raised_by),
                 db.joinedload(RiskFlag.decided_by))
        .order_by(RiskFlag.raised_at.desc(), RiskFlag.id.desc()),
        db.select(RiskFlag.id).where(*conditions), page, per_page,
    )


# --- The verification checklist ------------------------------------------------------------------

# The decisions an officer takes with the checklist filled in.
CHECKLIST_DECISIONS = ("verify", "reject", "reinstate")


def audited_accounts_threshold() -> Decimal:
    """Above this many US dollars of pledges (AUDITED_ACCOUNTS_THRESHOLD_USD), an organization's
    audited accounts must be checked; below it the item may be marked not applicable."""
    return Decimal(current_app.config["AUDITED_ACCOUNTS_THRESHOLD_USD"])


def pledged_usd(organization_id: int) -> Decimal:
    """What the organization has pledged and not withdrawn, in US dollars."""
    return db.session.scalar(
        db.select(db.func.coalesce(db.func.sum(Pledge.amount_usd), 0))
        .where(Pledge.organization_id == organization_id, Pledge.state != PledgeState.WITHDRAWN)
    )


def audited_accounts_required(organization_id: int) -> bool:
    return Decimal(pledged_usd(organization_id)) > audited_accounts_threshold()


def allowed_results(item: str) -> tuple[str, ...]:
    """Only the audited accounts can be not applicable (below the threshold); the rest is always checked."""
    if item == ChecklistItem.AUDITED_ACCOUNTS:
        return CheckResult.ALL
    return (CheckResult.PASSED, CheckResult.FAILED)


def record_checklist(organization_id: int, decision: str, officer: User, items: dict) -> VerificationChecklist:
    """Checks the checklist an officer filled in for a decision and keeps it with it; the caller
    audits and commits. `items` is {item: {"result": …, "comment": …}}."""
    kept = {}
    for item in ChecklistItem.ALL:
        entry = items.get(item) or {}
        if entry.get("result") not in allowed_results(item):
            raise Refused(_l("Tick a result for each item of the checklist."))
        kept[item] = {"result": entry["result"], "comment": (entry.get("comment") or "").strip()}
    if (kept[ChecklistItem.AUDITED_ACCOUNTS]["result"] == CheckResult.NOT_APPLICABLE
            and audited_accounts_required(organization_id)):
        raise Refused(_l("The organization's pledges exceed %(amount)s: its audited accounts must be checked.",
                         amount=format_money(audited_accounts_threshold(), "USD")))
    checklist = VerificationChecklist(organization_id=organization_id, decision=decision, items=kept,
                                      officer_id=officer.id)
    if decision == "reject" and not checklist.failed_items:
        raise Refused(_l("A rejection names at least one failed item of the checklist."))
    if decision != "reject" and checklist.failed_items:
        raise Refused(_l("An organization with a failed item cannot be verified: reject it, or check the item again."))
    db.session.add(checklist)
    return checklist


def checklists_of(organization_id: int) -> list[VerificationChecklist]:
    """Every checklist recorded for the organization, newest first, with who filled it in."""
    return db.session.scalars(
        db.select(VerificationChecklist).where(VerificationChecklist.organization_id == organization_id)
        .order_by(VerificationChecklist.created_at.desc(), VerificationChecklist.id.desc())
        .options(db.joinedload(VerificationChecklist.officer))
    ).all()
