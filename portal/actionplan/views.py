"""Pages of the action plan (results and indicators, updates and their queue) and of the Directorate
activity report. The action plan is the Directorate's own measurement of its work: officers only."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Callable

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.actionplan import report, services
from portal.actionplan.computed import computed_actuals
from portal.actionplan.forms import (
    IndicatorForm, PeriodForm, PlanForm, ProgrammeForm, ResultForm, UpdateDecisionForm, UpdateForm,
)
from portal.actionplan.labels import (
    COMPUTED_LABELS, LEVEL_LABELS, MEASURE_LABELS, PLAN_STATE_LABELS, UPDATE_STATE_LABELS,
)
from portal.actionplan.models import (
    ActionPlan, ExpectedResult, Indicator, IndicatorPeriod, IndicatorUpdate, Programme,
)
from portal.core.exports import download
from portal.core.feedback import attempt
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale
from portal.core.permissions import Role, role_required
from portal.core.uploads import stored_path
from portal.extensions import db
from portal.organizations.forms import DecisionForm

bp = Blueprint("actionplan", __name__, url_prefix="/<lang:lang>", template_folder="templates")

officers_only = role_required(Role.OFFICER, Role.ADMIN)


@bp.app_context_processor
def labels():
    return {"update_state_labels": UPDATE_STATE_LABELS, "level_labels": LEVEL_LABELS,
            "measure_labels": MEASURE_LABELS, "computed_labels": COMPUTED_LABELS,
            "plan_state_labels": PLAN_STATE_LABELS}


def _form_page(form, heading: str, back: str, save: Callable[[], object], where_to: Callable[[object], str]):
    """A form of the plan: on a valid post the service saves it (or says why not) and the reader
    goes on to `where_to(saved)`; otherwise the form again, with its errors."""
    saved = []
    if form.validate_on_submit() and attempt(lambda: saved.append(save()), _("Your changes are saved.")):
        return redirect(where_to(saved[0]))
    return render_template("actionplan/form.html", form=form, heading=heading, back=back)


def _values(row, translated: tuple[str, ...], **others) -> SimpleNamespace | None:
    """A row's values for an edit form (None on a post: the form reads what was sent)."""
    if request.method == "POST":
        return None
    values = SimpleNamespace(**others)
    for prefix in translated:
        if getattr(row, prefix) is not None:
            set_translated_values(values, prefix, getattr(row, prefix))
    return values


def _plan_url(plan_id: int) -> str:
    return url_for("actionplan.plan", plan_id=plan_id)


# --- Results pages -------------------------------------------------------------------------------

def _results_page(plan: ActionPlan | None):
    today = date.today()
    if plan is not None:
        plan = services.load_plan(plan.id)
    return render_template(
        "actionplan/results.html", plan=plan, plans=services.plans(), today=today,
        rows=services.plan_figures(plan, today) if plan else {}, report_form=DecisionForm(),
        awaiting=len(services.submitted_updates()),
    )


@bp.route("/action-plan/")
@officers_only
def index():
    return _results_page(services.current_plan())


@bp.route("/action-plan/<int:plan_id>")
@officers_only
def plan(plan_id: int):
    return _results_page(db.get_or_404(ActionPlan, plan_id))


@bp.route("/action-plan/new", methods=["GET", "POST"])
@officers_only
def create_plan():
    form = PlanForm()
    return _form_page(form, _("New action plan"), url_for("actionplan.index"), lambda: services.create_plan(
        current_user, services.PlanData(translated_text(form, "title"), form.start_year.data, form.end_year.data)),
        lambda plan: _plan_url(plan.id))


@bp.route("/action-plan/<int:plan_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_plan(plan_id: int):
    plan = db.get_or_404(ActionPlan, plan_id)
    form = PlanForm(obj=_values(plan, ("title",), start_year=plan.start_year, end_year=plan.end_year))
    return _form_page(form, _("Edit the action plan"), _plan_url(plan.id), lambda: services.update_plan(
        plan.id, current_user, services.PlanData(translated_text(form, "title"), form.start_year.data, form.end_year.data)),
        lambda plan: _plan_url(plan.id))


@bp.route("/action-plan/<int:plan_id>/report", methods=["POST"])
@officers_only
def report_plan(plan_id: int):
    db.get_or_404(ActionPlan, plan_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.report_plan(plan_id, current_user),
            _("The plan is reported: its periods are locked with their figures."))
    return redirect(_plan_url(plan_id))


def _programme_data(form: ProgrammeForm) -> services.ProgrammeData:
    return services.ProgrammeData(translated_text(form, "title"), form.budget_usd.data, form.position.data or 0)


@bp.route("/action-plan/<int:plan_id>/programmes/new", methods=["GET", "POST"])
@officers_only
def create_programme(plan_id: int):
    plan = db.get_or_404(ActionPlan, plan_id)
    form = ProgrammeForm()
    return _form_page(form, _("New programme"), _plan_url(plan.id),
                      lambda: services.create_programme(plan.id, current_user, _programme_data(form)),
                      lambda programme: _plan_url(plan.id))


@bp.route("/action-plan/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_programme(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = ProgrammeForm(obj=_values(programme, ("title",), budget_usd=programme.budget_usd, position=programme.position))
    return _form_page(form, _("Edit the programme"), _plan_url(programme.plan_id),
                      lambda: services.update_programme(programme.id, current_user, _programme_data(form)),
                      lambda saved: _plan_url(programme.plan_id))


def _result_data(form: ResultForm) -> services.ResultData:
    return services.ResultData(translated_text(form, "title"), form.level.data, form.position.data or 0)


@bp.route("/action-plan/programmes/<int:programme_id>/results/new", methods=["GET", "POST"])
@officers_only
def create_result(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = ResultForm()
    return _form_page(form, _("New expected result"), _plan_url(programme.plan_id),
                      lambda: services.create_result(programme.id, current_user, _result_data(form)),
                      lambda result: _plan_url(programme.plan_id))


@bp.route("/action-plan/results/<int:result_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_result(result_id: int):
    result = db.get_or_404(ExpectedResult, result_id)
    form = ResultForm(obj=_values(result, ("title",), level=result.level, position=result.position))
    plan_id = result.programme.plan_id
    return _form_page(form, _("Edit the expected result"), _plan_url(plan_id),
                      lambda: services.update_result(result.id, current_user, _result_data(form)),
                      lambda saved: _plan_url(plan_id))


def _indicator_data(form: IndicatorForm) -> services.IndicatorData:
    return services.IndicatorData(
        title=translated_text(form, "title"), measure=form.measure.data, ascending=form.ascending.data,
        cumulative=form.cumulative.data, baseline_year=form.baseline_year.data,
        baseline_value=form.baseline_value.data, verification=translated_text(form, "verification"),
        computed=form.computed.data or None, position=form.position.data or 0,
    )


def _indicator_url(indicator_id: int) -> str:
    return url_for("actionplan.indicator", indicator_id=indicator_id)


@bp.route("/action-plan/results/<int:result_id>/indicators/new", methods=["GET", "POST"])
@officers_only
def create_indicator(result_id: int):
    result = db.get_or_404(ExpectedResult, result_id)
    form = IndicatorForm()
    return _form_page(form, _("New indicator"), _plan_url(result.programme.plan_id),
                      lambda: services.create_indicator(result.id, current_user, _indicator_data(form)),
                      lambda indicator: _indicator_url(indicator.id))


@bp.route("/action-plan/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_indicator(indicator_id: int):
    indicator = db.get_or_404(Indicator, indicator_id)
    form = IndicatorForm(obj=_values(
        indicator, ("title", "verification"), measure=indicator.measure, computed=indicator.computed or "",
        ascending=indicator.ascending, cumulative=indicator.cumulative, baseline_year=indicator.baseline_year,
        baseline_value=indicator.baseline_value, position=indicator.position,
    ))
    return _form_page(form, _("Edit the indicator"), _indicator_url(indicator.id),
                      lambda: services.update_indicator(indicator.id, current_user, _indicator_data(form)),
                      lambda saved: _indicator_url(indicator.id))


@bp.route("/action-plan/indicators/<int:indicator_id>")
@officers_only
def indicator(indicator_id: int):
    indicator = db.get_or_404(Indicator, indicator_id)
    figures = services.indicator_figures(indicator, computed_actuals(indicator.periods))
    return render_template(
        "actionplan/indicator.html", indicator=indicator, figures=figures,
        current=services.current_of(figures, date.today()), plan=indicator.result.programme.plan,
        action_form=DecisionForm(), decision_form=UpdateDecisionForm(),
        may_change=services.may_change, may_decide=services.may_decide,
    )


def _period_data(form: PeriodForm) -> services.PeriodData:
    return services.PeriodData(form.start_date.data, form.end_date.data, form.target.data)


@bp.route("/action-plan/indicators/<int:indicator_id>/periods/new", methods=["GET", "POST"])
@officers_only
def create_period(indicator_id: int):
    indicator = db.get_or_404(Indicator, indicator_id)
    form = PeriodForm()
    return _form_page(form, _("New period"), _indicator_url(indicator.id),
                      lambda: services.create_period(indicator.id, current_user, _period_data(form)),
                      lambda period: _indicator_url(indicator.id))


@bp.route("/action-plan/periods/<int:period_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_period(period_id: int):
    period = db.get_or_404(IndicatorPeriod, period_id)
    form = PeriodForm(obj=None if request.method == "POST" else period)
    return _form_page(form, _("Edit the period"), _indicator_url(period.indicator_id),
                      lambda: services.update_period(period.id, current_user, _period_data(form)),
                      lambda saved: _indicator_url(period.indicator_id))


# --- Updates -------------------------------------------------------------------------------------

def _update_data(form: UpdateForm) -> services.UpdateData:
    return services.UpdateData(form.value.data, form.narrative.data, form.evidence.data or None)


@bp.route("/action-plan/periods/<int:period_id>/updates/new", methods=["GET", "POST"])
@officers_only
def create_update(period_id: int):
    period = db.get_or_404(IndicatorPeriod, period_id)
    form = UpdateForm()
    return _form_page(form, _("New update"), _indicator_url(period.indicator_id),
                      lambda: services.draft_update(period.id, current_user, _update_data(form)),
                      lambda update: _indicator_url(period.indicator_id))


@bp.route("/action-plan/updates/<int:update_id>/edit", methods=["GET", "POST"])
@officers_only
def edit_update(update_id: int):
    update = db.get_or_404(IndicatorUpdate, update_id)
    if not services.may_change(current_user, update):
        abort(403)
    form = UpdateForm(obj=None if request.method == "POST" else SimpleNamespace(
        value=update.value, narrative=update.narrative, evidence=None))
    return _form_page(form, _("Edit the update"), _indicator_url(update.period.indicator_id),
                      lambda: services.edit_update(update.id, current_user, _update_data(form)),
                      lambda saved: _indicator_url(update.period.indicator_id))


@bp.route("/action-plan/updates/<int:update_id>/submit", methods=["POST"])
@officers_only
def submit_update(update_id: int):
    update = db.get_or_404(IndicatorUpdate, update_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.submit_update(update.id, current_user),
            _("The update is submitted: another officer approves or returns it."))
    return redirect(_indicator_url(update.period.indicator_id))


@bp.route("/action-plan/updates/<int:update_id>/<any(approve, return):decision>", methods=["POST"])
@officers_only
def decide_update(update_id: int, decision: str):
    update = db.get_or_404(IndicatorUpdate, update_id)
    form = UpdateDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    if decision == "approve":
        attempt(lambda: services.approve_update(update.id, current_user, form.comment.data),
                _("The update is approved: its value is now the period's actual."))
    else:
        attempt(lambda: services.return_update(update.id, current_user, form.comment.data),
                _("The update is returned to its author with your comment."))
    return redirect(request.form.get("next") if request.form.get("next") == url_for("actionplan.queue")
                    else _indicator_url(update.period.indicator_id))


@bp.route("/action-plan/updates/<int:update_id>/evidence")
@officers_only
def evidence(update_id: int):
    update = db.get_or_404(IndicatorUpdate, update_id)
    if not update.evidence_name:
        abort(404)
    return send_file(stored_path(update.evidence_name), mimetype=update.evidence_type,
                     download_name=update.evidence_original_name, as_attachment=True)


@bp.route("/action-plan/updates/")
@officers_only
def queue():
    return render_template("actionplan/queue.html", updates=services.submitted_updates(),
                           decision_form=UpdateDecisionForm(), may_decide=services.may_decide)


# --- The Directorate activity report -------------------------------------------------------------

def _report():
    today = date.today()
    period = report.ReportPeriod.from_args(request.args, today)
    return period, today, report.report_sections(period, today, current_locale())


@bp.route("/activity-report")
@officers_only
def activity_report():
    period, today, sections = _report()
    return render_template(
        "actionplan/report.html", period=period, sections=sections, charts=report.charts(sections, current_locale()),
        presets=report.presets(today), period_text=report.period_text(period), title=report.title(),
    )


@bp.route("/activity-report.pdf")
@officers_only
def activity_report_pdf():
    period, today, sections = _report()
    return download(report.report_pdf(period, sections, today, current_locale()), "application/pdf",
                    f"activity-report-{period.start.isoformat()}-{period.end.isoformat()}.pdf", inline=True)


@bp.route("/activity-report.xlsx")
@officers_only
def activity_report_xlsx():
    period, _today, sections = _report()
    return report.report_xlsx(period, sections, current_locale())
