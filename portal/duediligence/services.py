"""The rules of due diligence (SPEC section 13): raising, clearing and confirming risk flags,
and the one check every pledge and application passes: no standing red flag."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.accounts.models import User
from portal.core.audit import record_audit
from portal.core.rules import Refused, locked, require_officer
from portal.core.time import utcnow
from portal.duediligence.models import FlagCategory, FlagSeverity, FlagState, RiskFlag
from portal.extensions import db

# What a member of a red-flagged organization is told; the flag itself stays internal.
RED_FLAG_REFUSAL = _l(
    "Your organization's pledges and applications are suspended while ISESCO reviews its file. "
    "Please contact the Directorate of External Relations and Cooperation."
)


def has_standing_red_flag(organization_id: int) -> bool:
    return db.session.scalar(
        db.select(RiskFlag.id).where(
            RiskFlag.organization_id == organization_id,
            RiskFlag.severity == FlagSeverity.RED,
            RiskFlag.state.in_(FlagState.STANDING),
        ).limit(1)
    ) is not None


def refuse_if_red_flagged(organization_id: int) -> None:
    """Called by every service that takes money or an application from an organization."""
    if has_standing_red_flag(organization_id):
        raise Refused(RED_FLAG_REFUSAL)


def _snapshot(flag: RiskFlag) -> dict:
    return {"organization_id": flag.organization_id, "category": flag.category, "severity": flag.severity,
            "state": flag.state, "reason": flag.reason, "comment": flag.decision_comment}


def raise_flag(organization_id: int, officer: User | None, category: str, severity: str, reason: str,
               evidence: str | None = None) -> RiskFlag:
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
