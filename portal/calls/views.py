"""Calls for partners: the public list and a call's page, the officers' forms and state changes,
organizations' applications, the reviewers' scoring and the officers' ranking and selection."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.agreements.services import officers
from portal.calls import services
from portal.calls.forms import ApplicationForm, CallForm, ReviewForm, SelectForm, StateForm
from portal.calls.labels import APPLICATION_STATE_LABELS, STATE_LABELS, TRANSITION_LABELS
from portal.calls.models import MAX_SCORE, Application, ApplicationDocument, ApplicationState, Call, CallState
from portal.core.feedback import attempt, save_unless_changed, transition
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale, zoned_time
from portal.core.money import Money
from portal.core.permissions import Role, role_required
from portal.core.rules import ChangedMeanwhile, Refused
from portal.core.time import from_zone, to_zone
from portal.core.translated import TranslatedText
from portal.core.uploads import UploadRefused, store_document, stored_path
from portal.duediligence.services import RED_FLAG_REFUSAL, has_standing_red_flag
from portal.extensions import db
from portal.organizations.forms import DecisionForm
from portal.organizations.labels import KIND_LABELS
from portal.projects.models import BudgetType, Project

bp = Blueprint("calls", __name__, url_prefix="/<lang:lang>/calls", template_folder="templates")


def deadline_text(call: Call) -> str:
    """The deadline on the clock of the call's time zone, with the zone's name."""
    return zoned_time(call.deadline, call.timezone)


@bp.app_context_processor
def labels():
    return {"call_state_labels": STATE_LABELS, "application_state_labels": APPLICATION_STATE_LABELS,
            "call_deadline": deadline_text, "max_score": MAX_SCORE,
            "organization_kind_labels": KIND_LABELS}


# --- Reading -------------------------------------------------------------------------------------

@bp.route("/")
def index():
    return render_template("calls/index.html", calls=services.calls_for(current_user),
                           officer=services.is_officer(current_user))


def _visible(call_id: int) -> Call:
    call = db.get_or_404(Call, call_id)
    if not services.may_see(current_user, call):
        abort(404)
    return call


@bp.route("/<int:call_id>")
def detail(call_id: int):
    call = _visible(call_id)
    officer = services.is_officer(current_user)
    own = services.applications_of_user(current_user, call)
    applied = {application.organization_id for application in own if application.state != ApplicationState.DRAFT}
    return render_template(
        "calls/detail.html", call=call, officer=officer, is_open=services.is_open(call),
        reviewer=services.is_reviewer(current_user, call), own_applications=own,
        may_apply=any(org.id not in applied for org in services.applying_organizations(current_user, call)),
        actions=services.actions_for(call) if officer else [], transition_labels=TRANSITION_LABELS,
        state_form=StateForm(),
    )


# --- Officers' forms -----------------------------------------------------------------------------

def _off_budget_projects() -> list[Project]:
    return db.session.scalars(db.select(Project).where(Project.budget_type == BudgetType.OFF_BUDGET)
                              .order_by(Project.code)).all()


def _form(**kwargs) -> CallForm:
    return CallForm(_off_budget_projects(), officers(), **kwargs)


def _call_data(form: CallForm) -> services.CallData:
    lang = current_locale()
    return services.CallData(
        project_id=int(form.project_id.data), title=translated_text(form, "title"),
        description=translated_text(form, "description"), eligible_kinds=list(form.eligible_kinds.data or []),
        country_codes=list(form.country_codes.data or []), field_codes=list(form.field_codes.data or []),
        documents_requested=translated_text(form, "documents"),
        deadline=from_zone(form.deadline.data, form.timezone.data), timezone=form.timezone.data,
        criteria=[services.CriterionData(TranslatedText.build({lang: entry.title.data}), entry.weight.data)
                  for entry in form.criteria if (entry.title.data or "").strip()],
        reviewer_ids=[int(value) for value in form.reviewer_ids.data or []],
    )


def _save(form: CallForm, save) -> Call | None:
    """Runs `save(data)`; None when refused, the refusal shown on the form. ChangedMeanwhile is
    left to the edit page, which shows the newer version."""
    if not form.validate_on_submit():
        return None
    try:
        return save(_call_data(form))
    except ChangedMeanwhile:
        raise
    except Refused as refusal:
        flash(str(refusal.message), "danger")
        return None


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def create():
    form = _form(project_id=request.args.get("project", ""))
    call = _save(form, lambda data: services.create_call(current_user, data))
    if call is not None:
        flash(_("The call is saved as a draft."), "success")
        return redirect(url_for("calls.detail", call_id=call.id))
    return render_template("calls/form.html", form=form, call=None)


class _FormValues:
    """A call as the form's `obj`."""

    def __init__(self, call: Call):
        set_translated_values(self, "title", call.title)
        set_translated_values(self, "description", call.description)
        if call.documents_requested:
            set_translated_values(self, "documents", call.documents_requested)
        self.project_id = str(call.project_id)
        self.eligible_kinds = list(call.eligible_kinds)
        self.country_codes = [country.code for country in call.countries]
        self.field_codes = [field.code for field in call.fields]
        self.deadline = to_zone(call.deadline, call.timezone).replace(tzinfo=None)
        self.timezone = call.timezone
        self.reviewer_ids = [str(reviewer.id) for reviewer in call.reviewers]
        self.version = str(call.version)
        lang = current_locale()
        self.criteria = [{"title": criterion.title.render(lang).text, "weight": criterion.weight}
                         for criterion in call.criteria]


@bp.route("/<int:call_id>/edit", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit(call_id: int):
    call = db.get_or_404(Call, call_id)
    form = _form(obj=None if request.method == "POST" else _FormValues(call))
    saved, newer = save_unless_changed(
        form, lambda version: _save(form, lambda data: services.update_call(call.id, current_user, version, data)))
    if saved:
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("calls.detail", call_id=call.id))
    return render_template("calls/form.html", form=form, call=call, newer=newer)


@bp.route("/<int:call_id>/state/<any(publish, close, complete, cancel):action>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def change_state(call_id: int, action: str):
    db.get_or_404(Call, call_id)
    form = StateForm()
    if not form.validate_on_submit():
        abort(400)
    transition(services.ACTIONS, action, call_id, form.reason.data,
               lambda call: _("Done: the call is now “%(state)s”.", state=STATE_LABELS[call.state]))
    return redirect(url_for("calls.detail", call_id=call_id))


# --- Applying ------------------------------------------------------------------------------------

def _stored_documents(form: ApplicationForm) -> list | None:
    """The uploaded files, checked by their content; None (with the reason on the form) if one is refused."""
    stored = []
    for upload in form.documents.data or []:
        if not upload or not upload.filename:
            continue
        try:
            stored.append(store_document(upload))
        except UploadRefused as refusal:
            form.documents.errors = [*form.documents.errors, str(refusal)]
            return None
    return stored


class _ApplicationValues:
    """A draft application as the form's `obj`."""

    def __init__(self, application: Application):
        self.organization_id = str(application.organization_id)
        self.concept_note = application.concept_note
        self.language = application.language
        self.budget_amount = application.budget_amount
        self.budget_currency = application.budget_currency or "USD"


@bp.route("/<int:call_id>/apply", methods=["GET", "POST"])
@login_required
def apply(call_id: int):
    call = _visible(call_id)
    organizations = services.applying_organizations(current_user, call)
    if not organizations:
        abort(403)
    # The suspension is said before anything is written, not after the form is filled in.
    flagged = [organization for organization in organizations if has_standing_red_flag(organization.id)]
    # An organization's draft is taken up again where it was left.
    draft = next((found for found in services.applications_of_user(current_user, call)
                  if found.state == ApplicationState.DRAFT), None)
    form = ApplicationForm(organizations, obj=_ApplicationValues(draft) if draft and request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        documents = _stored_documents(form)
        organization = next(org for org in organizations if str(org.id) == form.organization_id.data)
        budget = (Money(form.budget_amount.data, form.budget_currency.data)
                  if form.budget_amount.data is not None and form.budget_currency.data else None)
        submit = "submit" in request.form
        if documents is not None and attempt(
            lambda: services.save_application(call.id, organization, current_user, services.ApplicationData(
                form.concept_note.data or "", form.language.data, budget), documents, submit),
            _("Your application is submitted.") if submit else _("Your draft is saved."),
        ):
            return redirect(url_for("calls.detail", call_id=call.id))
    return render_template("calls/apply.html", call=call, form=form, is_open=services.is_open(call),
                           flagged=flagged, red_flag_refusal=RED_FLAG_REFUSAL)


def _visible_application(application_id: int) -> Application:
    application = db.get_or_404(Application, application_id)
    if not services.may_see_application(current_user, application):
        abort(404)
    return application


@bp.route("/applications/<int:application_id>")
@login_required
def application(application_id: int):
    found = _visible_application(application_id)
    reviewer = services.is_reviewer(current_user, found.call)
    review = services.review_of(found, current_user) if reviewer else None
    form = None
    if reviewer:
        scores = {score.criterion_id: score for score in review.scores} if review else {}
        form = ReviewForm(data={
            "comment": review.comment if review else "",
            "scores": [{"criterion_id": str(criterion.id),
                        "score": scores[criterion.id].score if criterion.id in scores else None,
                        "comment": scores[criterion.id].comment if criterion.id in scores else ""}
                       for criterion in found.call.criteria],
        })
    return render_template("calls/application.html", application=found, call=found.call, reviewer=reviewer,
                           review=review, review_form=form, action_form=DecisionForm(),
                           may_withdraw=found.organization in services.posting_organizations(current_user))


@bp.route("/applications/<int:application_id>/documents/<int:document_id>")
@login_required
def document(application_id: int, document_id: int):
    _visible_application(application_id)
    found = db.get_or_404(ApplicationDocument, document_id)
    if found.application_id != application_id:
        abort(404)
    return send_file(stored_path(found.stored_name), mimetype=found.content_type, download_name=found.original_name,
                     as_attachment=True)


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@login_required
def withdraw(application_id: int):
    found = _visible_application(application_id)
    if found.organization not in services.posting_organizations(current_user):
        abort(403)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.withdraw_application(found.id, current_user), _("Your application is withdrawn."))
    return redirect(url_for("calls.application", application_id=found.id))


# --- Reviewing -----------------------------------------------------------------------------------

def _reviewed(call_id: int) -> Call:
    call = db.get_or_404(Call, call_id)
    if not services.is_reviewer(current_user, call):
        abort(403)
    return call


@bp.route("/reviews")
@role_required(Role.OFFICER, Role.ADMIN)
def reviews():
    return render_template("calls/reviews.html", calls=services.calls_reviewed_by(current_user))


@bp.route("/<int:call_id>/review")
@role_required(Role.OFFICER, Role.ADMIN)
def review_list(call_id: int):
    call = _reviewed(call_id)
    return render_template("calls/review_list.html", call=call,
                           rows=services.applications_to_review(call, current_user))


@bp.route("/applications/<int:application_id>/review", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def review(application_id: int):
    found = db.get_or_404(Application, application_id)
    _reviewed(found.call_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        for entry in form.scores:
            for error in entry.score.errors:
                flash(str(error), "danger")
        return redirect(url_for("calls.application", application_id=found.id))
    scores = {int(entry.criterion_id.data): (entry.score.data, entry.comment.data) for entry in form.scores
              if (entry.criterion_id.data or "").isdigit()}
    if attempt(lambda: services.save_review(found.id, current_user, scores, form.comment.data),
               _("Your scores are saved.")):
        return redirect(url_for("calls.review_list", call_id=found.call_id))
    return redirect(url_for("calls.application", application_id=found.id))


# --- Ranking and selection -----------------------------------------------------------------------

@bp.route("/<int:call_id>/ranking")
@role_required(Role.OFFICER, Role.ADMIN)
def ranking(call_id: int):
    call = db.get_or_404(Call, call_id)
    return render_template("calls/ranking.html", call=call, rows=services.ranking(call), select_form=SelectForm(),
                           may_select=call.state == CallState.CLOSED)


@bp.route("/applications/<int:application_id>/select", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def select(application_id: int):
    found = db.get_or_404(Application, application_id)
    form = SelectForm()
    if not form.validate_on_submit():
        abort(400)
    attempt(lambda: services.select_application(found.id, current_user, form.role.data),
            _("The organization is the project's partner, and a draft agreement is opened with it."))
    return redirect(url_for("calls.ranking", call_id=found.call_id))
