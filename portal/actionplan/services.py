"""Rules of the action plan (docs/action-plan.md).

Only officers keep the plan: its programmes, expected results, indicators and their periods.
An indicator's period gets its actual value from updates, each through
draft → submitted → approved | returned (with a comment) → submitted again:
- an officer drafts an update, changes it while it is a draft or returned, and submits it; only its
  author does, so the person who answers for a figure is the one who wrote it;
- another officer approves or returns it: nobody approves their own figure (two pairs of eyes, the
  reason for an approval at all);
- a period's actual is the value of its latest approved update (by the time of approval): a newer
  figure replaces an older one rather than adding to it. For a cumulative indicator the period's
  actual is what was achieved in that period, and its progress is measured by the running total of
  the actuals of that period and the ones before, against the period's target, itself a running
  total;
- computed indicators (portal/actionplan/computed.py) take no updates, and a locked period (the
  plan has been reported) takes none either: its figures are those that were reported.
Every change is one function here: it checks the rule (refusing with a message for the person),
writes the audit entry, and mails the author of an update about the decision in their language.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from portal.accounts.models import User
from portal.actionplan.computed import computed_actuals
from portal.actionplan.models import (
    ActionPlan, Computed, ExpectedResult, Indicator, IndicatorPeriod, IndicatorUpdate, Measure, PlanState, Programme,
    ResultLevel, UpdateState,
)
from portal.core.audit import record_audit
from portal.core.links import absolute_url
from portal.core.mail import send_mail
from portal.core.rules import Refused, locked, require_officer
from portal.core.time import utcnow
from portal.core.translated import TranslatedText
from portal.core.uploads import UploadRefused, store_document
from portal.extensions import db


def _locked(model, object_id: int):
    return locked(model, object_id, _l("This item of the action plan no longer exists."))


def _text(value: TranslatedText | None) -> dict | None:
    return value.to_json() if value is not None else None


def _amount(value: Decimal | None) -> str | None:
    return str(value) if value is not None else None


def _add(officer: User, row, kind: str, snapshot):
    """A new part of the plan, audited as `<kind>.created`."""
    db.session.add(row)
    db.session.flush()
    record_audit(f"{kind}.created", kind, row.id, after=snapshot(row), actor=officer)
    db.session.commit()
    return row


def _change(officer: User, row, kind: str, snapshot, data):
    """A part of the plan takes the form's values, audited as `<kind>.updated` with before and after."""
    before = snapshot(row)
    for name, value in vars(data).items():
        setattr(row, name, value)
    record_audit(f"{kind}.updated", kind, row.id, before=before, after=snapshot(row), actor=officer)
    db.session.commit()
    return row


# --- The plan and its structure ------------------------------------------------------------------

@dataclass
class PlanData:
    title: TranslatedText
    start_year: int
    end_year: int


def _plan_snapshot(plan: ActionPlan) -> dict:
    return {"title": _text(plan.title), "start_year": plan.start_year, "end_year": plan.end_year, "state": plan.state}


def _check_plan(data: PlanData) -> None:
    if data.end_year < data.start_year:
        raise Refused(_l("The plan cannot end before it starts."))


def create_plan(officer: User, data: PlanData) -> ActionPlan:
    require_officer(officer)
    _check_plan(data)
    return _add(officer, ActionPlan(**vars(data), state=PlanState.ACTIVE), "action_plan", _plan_snapshot)


def update_plan(plan_id: int, officer: User, data: PlanData) -> ActionPlan:
    require_officer(officer)
    plan = _locked(ActionPlan, plan_id)
    _check_plan(data)
    return _change(officer, plan, "action_plan", _plan_snapshot, data)


def report_plan(plan_id: int, officer: User) -> ActionPlan:
    """The plan is reported: every period of its indicators is locked with the figures it has."""
    require_officer(officer)
    plan = _locked(ActionPlan, plan_id)
    if plan.is_reported:
        raise Refused(_l("This action plan is already reported."))
    periods = db.session.scalars(_periods_of_plan(plan.id)).all()
    if any(update.state == UpdateState.SUBMITTED for period in periods for update in period.updates):
        raise Refused(_l("Approve or return the submitted updates before reporting the plan."))
    before = _plan_snapshot(plan)
    plan.state, plan.reported_at = PlanState.REPORTED, utcnow()
    for period in periods:
        period.locked = True
    record_audit("action_plan.reported", "action_plan", plan.id, before=before,
                 after={**_plan_snapshot(plan), "locked_periods": len(periods)}, actor=officer)
    db.session.commit()
    return plan


def _periods_of_plan(plan_id: int):
    return (db.select(IndicatorPeriod).join(Indicator).join(ExpectedResult).join(Programme)
            .where(Programme.plan_id == plan_id).options(selectinload(IndicatorPeriod.updates)))


@dataclass
class ProgrammeData:
    title: TranslatedText
    budget_usd: Decimal
    position: int = 0


def _programme_snapshot(programme: Programme) -> dict:
    return {"plan_id": programme.plan_id, "title": _text(programme.title), "budget_usd": _amount(programme.budget_usd),
            "position": programme.position}


def create_programme(plan_id: int, officer: User, data: ProgrammeData) -> Programme:
    require_officer(officer)
    _locked(ActionPlan, plan_id)
    return _add(officer, Programme(plan_id=plan_id, **vars(data)), "programme", _programme_snapshot)


def update_programme(programme_id: int, officer: User, data: ProgrammeData) -> Programme:
    require_officer(officer)
    return _change(officer, _locked(Programme, programme_id), "programme", _programme_snapshot, data)


@dataclass
class ResultData:
    title: TranslatedText
    level: str
    position: int = 0


def _result_snapshot(result: ExpectedResult) -> dict:
    return {"programme_id": result.programme_id, "title": _text(result.title), "level": result.level,
            "position": result.position}


def _check_result(data: ResultData) -> None:
    if data.level not in ResultLevel.ALL:
        raise Refused(_l("Choose whether the result is an output, an outcome or an impact."))


def create_result(programme_id: int, officer: User, data: ResultData) -> ExpectedResult:
    require_officer(officer)
    _locked(Programme, programme_id)
    _check_result(data)
    return _add(officer, ExpectedResult(programme_id=programme_id, **vars(data)), "expected_result", _result_snapshot)


def update_result(result_id: int, officer: User, data: ResultData) -> ExpectedResult:
    require_officer(officer)
    result = _locked(ExpectedResult, result_id)
    _check_result(data)
    return _change(officer, result, "expected_result", _result_snapshot, data)


@dataclass
class IndicatorData:
    title: TranslatedText
    measure: str
    ascending: bool
    cumulative: bool
    baseline_year: int | None
    baseline_value: Decimal | None
    verification: TranslatedText | None
    computed: str | None
    position: int = 0


def _indicator_snapshot(indicator: Indicator) -> dict:
    return {
        "result_id": indicator.result_id, "title": _text(indicator.title), "measure": indicator.measure,
        "ascending": indicator.ascending, "cumulative": indicator.cumulative, "baseline_year": indicator.baseline_year,
        "baseline_value": _amount(indicator.baseline_value), "verification": _text(indicator.verification),
        "computed": indicator.computed, "position": indicator.position,
    }


def _check_indicator(data: IndicatorData) -> None:
    if data.measure not in Measure.ALL:
        raise Refused(_l("Choose how the indicator is measured."))
    if data.computed is not None and data.computed not in Computed.ALL:
        raise Refused(_l("Choose one of the figures the portal computes."))
    if data.computed and data.measure != Measure.NUMBER:
        raise Refused(_l("A computed indicator is a number."))
    if data.cumulative and not data.ascending:
        raise Refused(_l("A cumulative indicator adds up over the periods: it cannot be meant to go down."))


def create_indicator(result_id: int, officer: User, data: IndicatorData) -> Indicator:
    require_officer(officer)
    _locked(ExpectedResult, result_id)
    _check_indicator(data)
    return _add(officer, Indicator(result_id=result_id, **vars(data)), "indicator", _indicator_snapshot)


def update_indicator(indicator_id: int, officer: User, data: IndicatorData) -> Indicator:
    require_officer(officer)
    indicator = _locked(Indicator, indicator_id)
    _check_indicator(data)
    return _change(officer, indicator, "indicator", _indicator_snapshot, data)


@dataclass
class PeriodData:
    start_date: date
    end_date: date
    target: Decimal | None


def _period_snapshot(period: IndicatorPeriod) -> dict:
    return {"indicator_id": period.indicator_id, "start_date": period.start_date.isoformat(),
            "end_date": period.end_date.isoformat(), "target": _amount(period.target), "locked": period.locked}


def _check_period(indicator: Indicator, data: PeriodData, period_id: int | None = None) -> None:
    if data.end_date < data.start_date:
        raise Refused(_l("A period cannot end before it starts."))
    if data.target is None and not indicator.is_qualitative:
        raise Refused(_l("Give the period's target."))
    for other in indicator.periods:
        if other.id != period_id and other.start_date <= data.end_date and data.start_date <= other.end_date:
            raise Refused(_l("The periods of an indicator cannot overlap."))


def create_period(indicator_id: int, officer: User, data: PeriodData) -> IndicatorPeriod:
    require_officer(officer)
    indicator = _locked(Indicator, indicator_id)
    if indicator.result.programme.plan.is_reported:
        raise Refused(_l("The plan is reported: its periods are locked."))
    _check_period(indicator, data)
    return _add(officer, IndicatorPeriod(indicator_id=indicator.id, **vars(data)), "indicator_period", _period_snapshot)


def update_period(period_id: int, officer: User, data: PeriodData) -> IndicatorPeriod:
    require_officer(officer)
    period = _locked(IndicatorPeriod, period_id)
    if period.locked:
        raise Refused(_l("This period is locked: the plan is reported."))
    _check_period(period.indicator, data, period.id)
    return _change(officer, period, "indicator_period", _period_snapshot, data)


# --- Updates -------------------------------------------------------------------------------------

@dataclass
class UpdateData:
    value: Decimal | None
    narrative: str | None
    # A new evidence file, checked by its content; None keeps the one there is.
    evidence: FileStorage | None = None


def _update_snapshot(update: IndicatorUpdate) -> dict:
    return {
        "period_id": update.period_id, "value": _amount(update.value), "narrative": update.narrative,
        "evidence": update.evidence_original_name, "state": update.state, "comment": update.decision_comment,
    }


def _open_period(period: IndicatorPeriod) -> None:
    if period.indicator.is_computed:
        raise Refused(_l("This indicator is computed from the portal's data: it takes no updates."))
    if period.locked:
        raise Refused(_l("This period is locked: the plan is reported."))


def _apply_update(update: IndicatorUpdate, indicator: Indicator, data: UpdateData) -> None:
    narrative = (data.narrative or "").strip() or None
    if indicator.is_qualitative:
        if narrative is None:
            raise Refused(_l("Tell in the narrative how the indicator stands."))
        value = None
    else:
        if data.value is None:
            raise Refused(_l("Give the value reached."))
        if data.value < 0 or (indicator.measure == Measure.PERCENT and data.value > 100):
            raise Refused(_l("The value is outside what the indicator can measure."))
        value = data.value
    if data.evidence is not None and data.evidence.filename:
        try:
            stored = store_document(data.evidence)
        except UploadRefused as refusal:
            raise Refused(refusal.args[0]) from None
        update.evidence_name, update.evidence_original_name = stored.stored_name, stored.original_name
        update.evidence_type, update.evidence_size = stored.content_type, stored.size
    update.value, update.narrative = value, narrative


def draft_update(period_id: int, officer: User, data: UpdateData) -> IndicatorUpdate:
    require_officer(officer)
    period = _locked(IndicatorPeriod, period_id)
    _open_period(period)
    update = IndicatorUpdate(period_id=period.id, author_id=officer.id, state=UpdateState.DRAFT)
    _apply_update(update, period.indicator, data)
    db.session.add(update)
    db.session.flush()
    record_audit("indicator_update.drafted", "indicator_update", update.id, after=_update_snapshot(update),
                 actor=officer)
    db.session.commit()
    return update


def _own_update(update_id: int, officer: User, allowed_from: tuple[str, ...], refusal) -> IndicatorUpdate:
    require_officer(officer)
    update = _locked(IndicatorUpdate, update_id)
    _open_period(update.period)
    if update.author_id != officer.id:
        raise Refused(_l("Only the author of an update changes or submits it."))
    if update.state not in allowed_from:
        raise Refused(refusal)
    return update


def may_change(user: User, update: IndicatorUpdate) -> bool:
    return (user.is_authenticated and user.is_officer and update.author_id == user.id
            and update.state in UpdateState.EDITABLE and not update.period.locked
            and not update.period.indicator.is_computed)


def may_decide(user: User, update: IndicatorUpdate) -> bool:
    return (user.is_authenticated and user.is_officer and update.author_id != user.id
            and update.state == UpdateState.SUBMITTED and not update.period.locked)


def edit_update(update_id: int, officer: User, data: UpdateData) -> IndicatorUpdate:
    update = _own_update(update_id, officer, UpdateState.EDITABLE,
                         _l("A submitted or approved update is no longer changed."))
    before = _update_snapshot(update)
    _apply_update(update, update.period.indicator, data)
    record_audit("indicator_update.edited", "indicator_update", update.id, before=before,
                 after=_update_snapshot(update), actor=officer)
    db.session.commit()
    return update


def submit_update(update_id: int, officer: User) -> IndicatorUpdate:
    update = _own_update(update_id, officer, UpdateState.EDITABLE, _l("This update is already submitted or approved."))
    before = _update_snapshot(update)
    update.state, update.submitted_at = UpdateState.SUBMITTED, utcnow()
    record_audit("indicator_update.submitted", "indicator_update", update.id, before=before,
                 after=_update_snapshot(update), actor=officer)
    db.session.commit()
    return update


DECISION_MAILS = {
    UpdateState.APPROVED: _l("Your indicator update is approved"),
    UpdateState.RETURNED: _l("Your indicator update is returned"),
}


def _decide(update_id: int, officer: User, target: str, comment: str | None) -> IndicatorUpdate:
    require_officer(officer)
    update = _locked(IndicatorUpdate, update_id)
    _open_period(update.period)
    if update.state != UpdateState.SUBMITTED:
        raise Refused(_l("Only a submitted update is approved or returned."))
    if update.author_id == officer.id:
        raise Refused(_l("Another officer approves or returns an update: not its author."))
    before = _update_snapshot(update)
    update.state, update.decided_by_id, update.decided_at = target, officer.id, utcnow()
    update.decision_comment = comment
    record_audit(f"indicator_update.{target}", "indicator_update", update.id, before=before,
                 after=_update_snapshot(update), actor=officer)
    author = update.author
    send_mail(f"indicator_update_{target}", author.email, author.preferred_locale, DECISION_MAILS[target],
              "actionplan/mail/update_decided.txt", user=author, update=update,
              indicator_url=absolute_url("actionplan.indicator", indicator_id=update.period.indicator_id,
                                         lang=author.preferred_locale))
    db.session.commit()
    return update


def approve_update(update_id: int, officer: User, comment: str | None = None) -> IndicatorUpdate:
    return _decide(update_id, officer, UpdateState.APPROVED, (comment or "").strip() or None)


def return_update(update_id: int, officer: User, comment: str | None) -> IndicatorUpdate:
    if not (comment or "").strip():
        raise Refused(_l("Say why the update is returned: its author will read it."))
    return _decide(update_id, officer, UpdateState.RETURNED, comment.strip())


# --- Reading the plan ----------------------------------------------------------------------------

def plans() -> list[ActionPlan]:
    return db.session.scalars(db.select(ActionPlan).order_by(ActionPlan.start_year.desc(), ActionPlan.id.desc())).all()


def current_plan() -> ActionPlan | None:
    """The active plan that started last, else the last one."""
    return db.session.scalar(
        db.select(ActionPlan).order_by((ActionPlan.state == PlanState.ACTIVE).desc(), ActionPlan.start_year.desc(),
                                       ActionPlan.id.desc()).limit(1)
    )


def load_plan(plan_id: int) -> ActionPlan | None:
    """The plan with everything its results page shows, in one query per level."""
    return db.session.scalar(
        db.select(ActionPlan).where(ActionPlan.id == plan_id).options(
            selectinload(ActionPlan.programmes).selectinload(Programme.results).selectinload(ExpectedResult.indicators)
            .selectinload(Indicator.periods).selectinload(IndicatorPeriod.updates)
        )
    )


@dataclass(frozen=True)
class PeriodFigures:
    period: IndicatorPeriod
    # What the period achieved; None when nothing is approved yet (or for a qualitative indicator).
    actual: Decimal | None
    # What progress is measured by: the running total for a cumulative indicator, else the actual.
    measured: Decimal | None
    # The latest approved narrative.
    narrative: str | None
    # Share of the way from the baseline to the target, 0 to 1; None without a figure or target.
    progress: float | None
    met: bool | None
    awaiting: int

    @property
    def percent(self) -> int | None:
        return round(self.progress * 100) if self.progress is not None else None


def latest_approved(period: IndicatorPeriod) -> IndicatorUpdate | None:
    approved = [update for update in period.updates if update.state == UpdateState.APPROVED]
    return max(approved, key=lambda update: (update.decided_at, update.id), default=None)


def progress_of(indicator: Indicator, measured: Decimal | None, target: Decimal | None) -> tuple[float | None, bool | None]:
    """How far `measured` has gone from the baseline to the target, in the indicator's direction: the
    same formula serves both, since a descending indicator's target lies below its baseline."""
    if measured is None or target is None:
        return None, None
    met = measured >= target if indicator.ascending else measured <= target
    start = Decimal(0) if indicator.cumulative else (indicator.baseline_value or Decimal(0))
    if target == start:
        return (1.0 if met else 0.0), met
    share = float((measured - start) / (target - start))
    return max(0.0, min(1.0, share)), met


def indicator_figures(indicator: Indicator, computed: dict[int, Decimal]) -> list[PeriodFigures]:
    """Every period of an indicator with its actual, running total and progress, in order."""
    figures, total = [], Decimal(0)
    for period in indicator.periods:
        approved = latest_approved(period)
        if indicator.is_computed:
            actual, narrative = computed.get(period.id, Decimal(0)), None
        else:
            actual = approved.value if approved is not None else None
            narrative = approved.narrative if approved is not None else None
        total += actual or 0
        measured = (total if actual is not None else None) if indicator.cumulative else actual
        progress, met = progress_of(indicator, measured, period.target)
        awaiting = sum(1 for update in period.updates if update.state == UpdateState.SUBMITTED)
        figures.append(PeriodFigures(period, actual, measured, narrative, progress, met, awaiting))
    return figures


def current_of(figures: list[PeriodFigures], today: date) -> PeriodFigures | None:
    """The period running today, else the last one begun, else the first."""
    running = [figure for figure in figures if figure.period.contains(today)]
    begun = [figure for figure in figures if figure.period.start_date <= today]
    return (running or begun[-1:] or figures[:1] or [None])[0]


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    periods: list[PeriodFigures]
    current: PeriodFigures | None


def plan_figures(plan: ActionPlan, today: date) -> dict[int, IndicatorRow]:
    """indicator id → its figures, for a plan loaded by load_plan (computed ones: one query per kind)."""
    indicators = [indicator for programme in plan.programmes for result in programme.results
                  for indicator in result.indicators]
    computed = computed_actuals([period for indicator in indicators for period in indicator.periods])
    rows = {}
    for indicator in indicators:
        periods = indicator_figures(indicator, computed)
        rows[indicator.id] = IndicatorRow(indicator, periods, current_of(periods, today))
    return rows


def submitted_updates() -> list[IndicatorUpdate]:
    """The officers' queue: submitted updates, the oldest first."""
    return db.session.scalars(
        db.select(IndicatorUpdate).where(IndicatorUpdate.state == UpdateState.SUBMITTED)
        .options(selectinload(IndicatorUpdate.author),
                 selectinload(IndicatorUpdate.period).selectinload(IndicatorPeriod.indicator))
        .order_by(IndicatorUpdate.submitted_at, IndicatorUpdate.id)
    ).all()
