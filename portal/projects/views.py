"""The project catalogue, a project's page with its funding, the officers' matching workbench,
match answers and pledges."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.agreements.services import may_see as may_see_agreement
from portal.agreements.services import partner_choices
from portal.core.feedback import attempt
from portal.core.filters import as_id
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale, in_current_language
from portal.core.money import Money
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.duediligence.services import RED_FLAG_REFUSAL, red_flagged_among
from portal.extensions import db
from portal.needs.labels import URGENCY_LABELS
from portal.needs.models import Need
from portal.organizations.forms import DecisionForm
from portal.outcomes import services as outcomes_services
from portal.projects import services
from portal.projects.forms import DeclineForm, PartnerForm, PledgeForm, ProjectForm, ProposalForm
from portal.projects.labels import (
    BUDGET_TYPE_LABELS, DIRECTORATE_LABELS, MATCH_ACTION_LABELS, MATCH_STATE_LABELS, PARTNER_ROLE_LABELS,
    PLEDGE_ACTION_LABELS, PLEDGE_STATE_LABELS, PROJECT_ACTION_LABELS, PROJECT_STATE_LABELS, reason_text,
)
from portal.projects.models import Match, Pledge, Project, ProjectState
from portal.reference.services import country_names_by_name, field_names

bp = Blueprint("projects", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.app_context_processor
def labels():
    return {
        "directorate_labels": DIRECTORATE_LABELS,
        "project_state_labels": PROJECT_STATE_LABELS,
        "budget_type_labels": BUDGET_TYPE_LABELS,
        "match_state_labels": MATCH_STATE_LABELS,
        "match_action_labels": MATCH_ACTION_LABELS,
        "pledge_state_labels": PLEDGE_STATE_LABELS,
        "pledge_action_labels": PLEDGE_ACTION_LABELS,
        "partner_role_labels": PARTNER_ROLE_LABELS,
        "reason_text": reason_text,
    }


@bp.route("/projects/")
def catalogue():
    filters = services.ProjectFilters.from_args(request.args)
    page = services.catalogue(filters, page=page_number())
    lang = current_locale()
    fields = field_names(lang)
    options = {
        "directorate": list(in_current_language(DIRECTORATE_LABELS).items()),
        "country": list(country_names_by_name(lang)),
        "field": [(code, name) for code, name, _subsectors in fields],
        "subsector": [subsector for _code, _name, subsectors in fields for subsector in subsectors],
        "state": list(in_current_language(PROJECT_STATE_LABELS).items()),
        "budget_type": list(in_current_language(BUDGET_TYPE_LABELS).items()),
    }
    return render_template("projects/catalogue.html", page=page, filters=filters, options=options,
                           funding=services.funding_of(page.items))


@bp.route("/projects/<int:project_id>")
def detail(project_id: int):
    project = db.get_or_404(Project, project_id)
    organizations = services.pledging_organizations(current_user) if current_user.is_authenticated else []
    pledge_form, suspended = None, []
    if organizations and project.state in ProjectState.MATCHABLE:
        # An organization under a red flag is told why it cannot pledge, not offered a form that fails.
        red_flagged = red_flagged_among(org.id for org in organizations)
        suspended = [org for org in organizations if org.id in red_flagged]
        pledgeable = [org for org in organizations if org.id not in red_flagged]
        if pledgeable:
            pledge_form = PledgeForm(pledgeable, services.needs_of_organizations(pledgeable))
    return render_template(
        "projects/detail.html",
        project=project,
        funding=services.funding_of([project])[project.id],
        suggestions=services.suggestions_for_project(project.id, current_user) if current_user.is_authenticated else [],
        pledges=services.pledges_of_project(project.id, current_user),
        matches=services.matches_of_project(project.id) if current_user.is_authenticated and current_user.is_officer else [],
        pledge_form=pledge_form,
        suspended_organizations=suspended, red_flag_refusal=RED_FLAG_REFUSAL,
        next_states=services.PROJECT_TRANSITIONS[project.state],
        project_action_labels=PROJECT_ACTION_LABELS,
        proposal_form=ProposalForm(),
        action_form=DecisionForm(),
        may_withdraw=lambda pledge: services.may_withdraw(current_user, pledge),
        urgency_labels=in_current_language(URGENCY_LABELS),
        forum_proposals=outcomes_services.proposals_adopted_as(project.id),
        commitments=outcomes_services.commitments_on(project_id=project.id), today=outcomes_services.today(),
        partners=services.partners_of(project.id),
        partner_form=PartnerForm(partner_choices()) if current_user.is_authenticated and current_user.is_officer else None,
        agreement_visible=project.agreement is not None and may_see_agreement(current_user, project.agreement),
    )


@bp.route("/projects/<int:project_id>/partners", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def add_partner(project_id: int):
    project = db.get_or_404(Project, project_id)
    form = PartnerForm(partner_choices())
    if form.validate_on_submit():
        attempt(lambda: services.add_partner(project.id, current_user, int(form.organization_id.data), form.role.data,
                                             form.amount_usd.data),
                _("The partner is added to the project."))
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
    return redirect(url_for("projects.detail", project_id=project.id, _anchor="partners"))


@bp.route("/projects/<int:project_id>/partners/<int:organization_id>/<any(funding, implementing):role>/remove",
          methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def remove_partner(project_id: int, organization_id: int, role: str):
    db.get_or_404(Project, project_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.remove_partner(project_id, current_user, organization_id, role),
            _("The partner is removed from the project."))
    return redirect(url_for("projects.detail", project_id=project_id, _anchor="partners"))


def _project_data(form: ProjectForm) -> services.ProjectData:
    return services.ProjectData(
        code=form.code.data,
        title=translated_text(form, "title"),
        description=translated_text(form, "description"),
        directorate=form.directorate.data,
        subsector_codes=form.subsector_codes.data,
        country_codes=form.country_codes.data,
        group_codes=form.group_codes.data,
        budget_usd=form.budget_usd.data,
        budget_type=form.budget_type.data,
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        officer_id=int(form.officer_id.data) if form.officer_id.data else None,
        agreement_id=int(form.agreement_id.data) if form.agreement_id.data else None,
    )


def _code_is_free(form: ProjectForm, project_id: int | None = None) -> bool:
    if services.code_taken(form.code.data, except_id=project_id):
        form.code.errors = [*form.code.errors, _("Another project has this code.")]
        return False
    return True


@bp.route("/projects/new", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def create():
    form = ProjectForm(officer_id=str(current_user.id))
    if form.validate_on_submit() and _code_is_free(form):
        project = services.create_project(current_user, _project_data(form))
        flash(_("The project is in the catalogue."), "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None)


class _FormValues:
    """A project as the form's `obj`: one attribute per form field."""

    def __init__(self, project: Project):
        self.code = project.code
        set_translated_values(self, "title", project.title)
        set_translated_values(self, "description", project.description)
        self.directorate = project.directorate
        self.subsector_codes = [sub.code for sub in project.subsectors]
        self.country_codes = [country.code for country in project.countries]
        self.group_codes = [group.code for group in project.beneficiary_groups]
        self.budget_usd = project.budget_usd
        self.budget_type = project.budget_type
        self.start_date = project.start_date
        self.end_date = project.end_date
        self.officer_id = str(project.officer_id or "")
        self.agreement_id = str(project.agreement_id or "")


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit(project_id: int):
    project = db.get_or_404(Project, project_id)
    form = ProjectForm(obj=None if request.method == "POST" else _FormValues(project))
    if form.validate_on_submit() and _code_is_free(form, project.id):
        services.update_project(project.id, current_user, _project_data(form))
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=project)


@bp.route("/projects/<int:project_id>/state/<any(open_for_partners, ongoing, completed, cancelled):target>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def change_state(project_id: int, target: str):
    db.get_or_404(Project, project_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        project = services.change_project_state(project_id, current_user, target)
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("Done: the project is now “%(state)s”.", state=PROJECT_STATE_LABELS[project.state]), "success")
    return redirect(url_for("projects.detail", project_id=project_id))


@bp.route("/officer/matching")
@role_required(Role.OFFICER, Role.ADMIN)
def workbench():
    return render_template(
        "projects/workbench.html",
        page=services.workbench(page_number()),
        open_matches=services.matches_under_way(),
        proposal_form=ProposalForm(),
        urgency_labels=in_current_language(URGENCY_LABELS),
    )


# Where a proposal sends the officer back to: the page it was made on.
RETURN_TO = {
    "workbench": lambda form: url_for("projects.workbench"),
    "need": lambda form: url_for("needs.detail", need_id=as_id(form.need_id.data)),
    "project": lambda form: url_for("projects.detail", project_id=as_id(form.project_id.data)),
}


@bp.route("/officer/matches", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def propose():
    form = ProposalForm()
    if not form.validate_on_submit() or not (as_id(form.need_id.data) and as_id(form.project_id.data)):
        abort(400)
    try:
        services.propose_match(as_id(form.need_id.data), as_id(form.project_id.data), current_user, form.note.data)
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("The match is proposed: the need's organization is asked to accept it."), "success")
    return redirect(RETURN_TO.get(request.args.get("back"), RETURN_TO["workbench"])(form))


def _match_for(match_id: int) -> Match:
    match = db.get_or_404(Match, match_id)
    if not (current_user.is_officer or services.may_see_suggestions(current_user, match.need)):
        abort(404)
    return match


MATCH_ACTIONS = {
    "accept": (services.accept_match, lambda user, match: services.may_answer(user, match)),
    "activate": (services.activate_match, lambda user, match: user.is_officer),
    "complete": (services.complete_match, lambda user, match: user.is_officer),
    "cancel": (services.cancel_match, lambda user, match: user.is_officer),
}


@bp.route("/matches/<int:match_id>/<any(accept, activate, complete, cancel):action>", methods=["POST"])
@login_required
def act_on_match(match_id: int, action: str):
    match = _match_for(match_id)
    change, allowed = MATCH_ACTIONS[action]
    if not allowed(current_user, match):
        abort(403)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        change(match.id, current_user)
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("Done: the match is now “%(state)s”.", state=MATCH_STATE_LABELS[db.session.get(Match, match_id).state]), "success")
    return redirect(url_for("needs.detail", need_id=match.need_id))


@bp.route("/matches/<int:match_id>/decline", methods=["POST"])
@login_required
def decline(match_id: int):
    match = _match_for(match_id)
    if not services.may_answer(current_user, match):
        abort(403)
    form = DeclineForm()
    if not form.validate_on_submit():
        flash(_("Say why: the officer will read it."), "danger")
        return redirect(url_for("needs.detail", need_id=match.need_id))
    try:
        services.decline_match(match.id, current_user, form.reason.data)
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("You declined the match; the officer is told why."), "success")
    return redirect(url_for("needs.detail", need_id=match.need_id))


@bp.route("/projects/<int:project_id>/pledges", methods=["POST"])
@login_required
def pledge(project_id: int):
    project = db.get_or_404(Project, project_id)
    organizations = services.pledging_organizations(current_user)
    if not organizations:
        abort(403)
    needs = services.needs_of_organizations(organizations)
    form = PledgeForm(organizations, needs)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return redirect(url_for("projects.detail", project_id=project.id, _anchor="pledge"))
    organization = next(org for org in organizations if str(org.id) == form.organization_id.data)
    try:
        services.make_pledge(
            organization, current_user, project.id, Money(form.amount.data, form.currency.data),
            need_id=int(form.need_id.data) if form.need_id.data else None, note=form.note.data,
            agreement_id=int(form.agreement_id.data) if form.agreement_id.data else None,
        )
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("Thank you: your pledge is recorded. An ISESCO officer will contact you to sign the agreement."), "success")
    return redirect(url_for("projects.detail", project_id=project.id))


PLEDGE_ACTIONS = {"commit": services.commit_pledge, "pay": services.record_paid, "withdraw": services.withdraw_pledge}


@bp.route("/pledges/<int:pledge_id>/<any(commit, pay, withdraw):action>", methods=["POST"])
@login_required
def act_on_pledge(pledge_id: int, action: str):
    pledge = db.get_or_404(Pledge, pledge_id)
    allowed = services.may_withdraw(current_user, pledge) if action == "withdraw" else current_user.is_officer
    if not allowed:
        abort(403)
    if not DecisionForm().validate_on_submit():
        abort(400)
    try:
        changed = PLEDGE_ACTIONS[action](pledge.id, current_user)
    except services.Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("Done: the pledge is now “%(state)s”.", state=PLEDGE_STATE_LABELS[changed.state]), "success")
    return redirect(url_for("projects.detail", project_id=pledge.project_id))


def need_matching(need: Need, can_edit: bool) -> dict:
    """What a need's page shows of matching, to those who may see it: suggested projects and
    the need's matches (needs.views calls this, telling whether the reader edits the need)."""
    if not services.may_see_suggestions(current_user, need):
        return {}
    return {
        "suggestions": services.suggestions_for_need(need.id),
        "matches": services.matches_of_need(need.id),
        "may_answer": can_edit,
        "proposal_form": ProposalForm(),
        "decline_form": DeclineForm(),
    }
