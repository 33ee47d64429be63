"""Pages of the forum's outcomes: proposals with their endorsements, and the public commitments tracker."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.core.feedback import attempt
from portal.core.forms import set_translated_values, translated_text
from portal.core.i18n import current_locale, in_current_language
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.rules import Refused
from portal.extensions import db
from portal.forum.models import Edition
from portal.forum.services import may_see_edition, public_editions
from portal.needs.services import posting_organizations
from portal.organizations.forms import DecisionForm
from portal.outcomes import services
from portal.outcomes.forms import (
    CommitmentForm, EndorsementForm, ProgressForm, ProposalDecisionForm, ProposalForm,
)
from portal.outcomes.labels import (
    COMMITMENT_STATE_LABELS, PROPOSAL_DECISION_LABELS, PROPOSAL_STATE_LABELS,
)
from portal.outcomes.models import Commitment, Proposal
from portal.projects.models import Project
from portal.reference.services import country_name_of

bp = Blueprint("outcomes", __name__, url_prefix="/<lang:lang>/forum", template_folder="templates")


@bp.app_context_processor
def labels():
    return {"proposal_state_labels": PROPOSAL_STATE_LABELS, "commitment_state_labels": COMMITMENT_STATE_LABELS}


def _public_edition(edition_id: int) -> Edition:
    edition = db.get_or_404(Edition, edition_id)
    if not may_see_edition(current_user, edition):
        abort(404)
    return edition


def _edition_options() -> list[tuple[str, str]]:
    lang = current_locale()
    return [(str(edition.id), edition.title.render(lang).text) for edition in public_editions()]


def _why_not_here(edition: Edition, organizations: list) -> str | None:
    """Why the user cannot put anything forward at this edition, if they cannot."""
    if not services.takes_outcomes(edition):
        return _("This edition of the forum does not take proposals or commitments.")
    if not organizations:
        return _("To speak in an organization's name, you must be an editor or owner of a verified organization.")
    return None


def _back_to_edition(edition: Edition, reason: str):
    flash(reason, "warning")
    return redirect(url_for("forum.edition", edition_id=edition.id))


# --- Proposals -----------------------------------------------------------------------------------

@bp.route("/proposals/")
def proposals():
    filters = services.ProposalFilters.from_args(request.args)
    page = services.proposals_page(filters, page_number())
    return render_template(
        "outcomes/proposals.html", page=page, filters=filters,
        endorsements=services.endorsement_counts([proposal.id for proposal in page.items]),
        options={"edition": _edition_options(),
                 "state": list(in_current_language(PROPOSAL_STATE_LABELS).items())},
    )


def _proposal_data(form: ProposalForm) -> services.ProposalData:
    return services.ProposalData(
        title=translated_text(form, "title"), description=translated_text(form, "description"),
        subsector_codes=form.subsector_codes.data, country_codes=form.country_codes.data,
    )


@bp.route("/<int:edition_id>/proposals/new", methods=["GET", "POST"])
@login_required
def create_proposal(edition_id: int):
    edition = _public_edition(edition_id)
    organizations = posting_organizations(current_user)
    if reason := _why_not_here(edition, organizations):
        return _back_to_edition(edition, reason)
    form = ProposalForm(organizations)
    if form.validate_on_submit():
        try:
            proposal = services.create_proposal(current_user, edition.id, int(form.organization_id.data),
                                                _proposal_data(form))
        except Refused as refusal:
            flash(str(refusal.message), "danger")
        else:
            flash(_("Your proposal is published: other organizations can now endorse it."), "success")
            return redirect(url_for("outcomes.proposal", proposal_id=proposal.id))
    return render_template("outcomes/proposal_form.html", form=form, edition=edition, proposal=None)


def _readable_proposal(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    _public_edition(proposal.edition_id)
    return proposal


@bp.route("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    proposal = _readable_proposal(proposal_id)
    endorsements = services.endorsements_of(proposal.id)
    endorsing = services.endorsing_organizations(current_user, proposal) if current_user.is_authenticated else []
    endorsed_ids = {endorsement.organization_id for endorsement in endorsements}
    is_officer = current_user.is_authenticated and current_user.is_officer
    return render_template(
        "outcomes/proposal.html", proposal=proposal, endorsements=endorsements,
        endorse_form=EndorsementForm([org for org in endorsing if org.id not in endorsed_ids]),
        withdrawable=[org for org in endorsing if org.id in endorsed_ids],
        may_edit=services.may_edit_proposal(current_user, proposal),
        may_commit=bool(current_user.is_authenticated and posting_organizations(current_user))
        and services.takes_outcomes(proposal.edition),
        decisions=services.PROPOSAL_DECISIONS[proposal.state] if is_officer else (),
        decision_labels=PROPOSAL_DECISION_LABELS,
        decision_form=ProposalDecisionForm(services.adoptable_projects() if is_officer else []),
        action_form=DecisionForm(), commitments=services.commitments_on(proposal_id=proposal.id), today=services.today(),
    )


class _ProposalValues:
    def __init__(self, proposal: Proposal):
        set_translated_values(self, "title", proposal.title)
        set_translated_values(self, "description", proposal.description)
        self.subsector_codes = [subsector.code for subsector in proposal.subsectors]
        self.country_codes = [country.code for country in proposal.countries]


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id: int):
    proposal = _readable_proposal(proposal_id)
    if not services.may_edit_proposal(current_user, proposal):
        abort(403)
    form = ProposalForm([proposal.organization], obj=None if request.method == "POST" else _ProposalValues(proposal))
    # The proposal stays its organization's.
    del form.organization_id
    if form.validate_on_submit() and attempt(
        lambda: services.update_proposal(proposal.id, current_user, _proposal_data(form)), _("Your changes are saved."),
    ):
        return redirect(url_for("outcomes.proposal", proposal_id=proposal.id))
    return render_template("outcomes/proposal_form.html", form=form, edition=proposal.edition, proposal=proposal)


@bp.route("/proposals/<int:proposal_id>/endorse", methods=["POST"])
@login_required
def endorse(proposal_id: int):
    proposal = _readable_proposal(proposal_id)
    form = EndorsementForm(posting_organizations(current_user))
    # Past the CSRF check, the form fails only on an organization the user does not speak for.
    if not form.validate_on_submit():
        abort(403)
    attempt(lambda: services.endorse(proposal.id, current_user, int(form.organization_id.data)),
            _("Your organization endorses this proposal."))
    return redirect(url_for("outcomes.proposal", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/endorsements/<int:organization_id>/withdraw", methods=["POST"])
@login_required
def withdraw_endorsement(proposal_id: int, organization_id: int):
    proposal = _readable_proposal(proposal_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    if organization_id not in {organization.id for organization in posting_organizations(current_user)}:
        abort(403)
    attempt(lambda: services.withdraw_endorsement(proposal.id, current_user, organization_id),
            _("Your organization's endorsement is withdrawn."))
    return redirect(url_for("outcomes.proposal", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/state/<any(under_study, adopted, not_retained):target>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def decide(proposal_id: int, target: str):
    db.get_or_404(Proposal, proposal_id)
    form = ProposalDecisionForm(services.adoptable_projects())
    if not form.validate_on_submit():
        abort(400)
    reason = form.reason.data
    project_id = int(form.project_id.data) if form.project_id.data else None
    decisions = {
        "under_study": lambda: services.study(proposal_id, current_user, reason),
        "adopted": lambda: services.adopt(proposal_id, current_user, project_id, reason),
        "not_retained": lambda: services.set_aside(proposal_id, current_user, reason),
    }
    attempt(decisions[target], _("Done: the proposal is now “%(state)s”; its authors and endorsers are told.",
                                 state=PROPOSAL_STATE_LABELS[target]))
    return redirect(url_for("outcomes.proposal", proposal_id=proposal_id))


# --- Commitments ---------------------------------------------------------------------------------

@bp.route("/commitments/")
def commitments():
    filters = services.CommitmentFilters.from_args(request.args)
    today = services.today()
    lang = current_locale()
    countries = country_name_of(lang)
    organizations = services.tracker_organizations()
    return render_template(
        "outcomes/commitments.html", filters=filters, today=today,
        page=services.commitments_page(filters, today, page_number()),
        totals=services.commitment_totals(filters, today),
        options={
            "edition": _edition_options(),
            "organization": [(str(org.id), org.names.render(lang).text) for org in organizations],
            "country": sorted({(org.country_code, countries.get(org.country_code, org.country_code))
                               for org in organizations}, key=lambda option: option[1]),
            "state": list(in_current_language(COMMITMENT_STATE_LABELS).items()),
        },
    )


def _link_choices(edition: Edition) -> tuple[list[Proposal], list[Project]]:
    return services.proposals_at(edition.id), services.adoptable_projects()


def _commitment_data(form: CommitmentForm) -> services.CommitmentData:
    return services.CommitmentData(
        description=translated_text(form, "description"),
        proposal_id=int(form.proposal_id.data) if form.proposal_id.data else None,
        project_id=int(form.project_id.data) if form.project_id.data else None,
        due_date=form.due_date.data,
    )


@bp.route("/<int:edition_id>/commitments/new", methods=["GET", "POST"])
@login_required
def create_commitment(edition_id: int):
    edition = _public_edition(edition_id)
    organizations = posting_organizations(current_user)
    if reason := _why_not_here(edition, organizations):
        return _back_to_edition(edition, reason)
    form = CommitmentForm(organizations, *_link_choices(edition),
                          proposal_id=request.args.get("proposal"), project_id=request.args.get("project"))
    if form.validate_on_submit():
        try:
            commitment = services.create_commitment(current_user, edition.id, int(form.organization_id.data),
                                                    _commitment_data(form))
        except Refused as refusal:
            flash(str(refusal.message), "danger")
        else:
            flash(_("Your commitment is on the public tracker."), "success")
            return redirect(url_for("outcomes.commitment", commitment_id=commitment.id))
    return render_template("outcomes/commitment_form.html", form=form, edition=edition, commitment=None)


def _readable_commitment(commitment_id: int) -> Commitment:
    commitment = db.get_or_404(Commitment, commitment_id)
    _public_edition(commitment.edition_id)
    return commitment


def _commitment_page(commitment: Commitment, progress_form: ProgressForm):
    return render_template(
        "outcomes/commitment.html", commitment=commitment, today=services.today(),
        may_report=services.may_report_on(current_user, commitment), progress_form=progress_form,
    )


@bp.route("/commitments/<int:commitment_id>")
def commitment(commitment_id: int):
    commitment = _readable_commitment(commitment_id)
    return _commitment_page(commitment, ProgressForm(services.COMMITMENT_STEPS[commitment.state],
                                                     noted_on=services.today()))


class _CommitmentValues:
    def __init__(self, commitment: Commitment):
        set_translated_values(self, "description", commitment.description)
        self.proposal_id = str(commitment.proposal_id or "")
        self.project_id = str(commitment.project_id or "")
        self.due_date = commitment.due_date


@bp.route("/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_commitment(commitment_id: int):
    commitment = _readable_commitment(commitment_id)
    if not services.may_report_on(current_user, commitment):
        abort(403)
    form = CommitmentForm([commitment.organization], *_link_choices(commitment.edition),
                          obj=None if request.method == "POST" else _CommitmentValues(commitment))
    del form.organization_id
    if form.validate_on_submit() and attempt(
        lambda: services.update_commitment(commitment.id, current_user, _commitment_data(form)),
        _("Your changes are saved."),
    ):
        return redirect(url_for("outcomes.commitment", commitment_id=commitment.id))
    return render_template("outcomes/commitment_form.html", form=form, edition=commitment.edition,
                           commitment=commitment)


@bp.route("/commitments/<int:commitment_id>/progress", methods=["POST"])
@login_required
def record_progress(commitment_id: int):
    commitment = _readable_commitment(commitment_id)
    if not services.may_report_on(current_user, commitment):
        abort(403)
    form = ProgressForm(services.COMMITMENT_STEPS[commitment.state])
    if not form.validate_on_submit():
        return _commitment_page(commitment, form), 400
    record = services.COMMITMENT_TRANSITIONS[form.new_state.data] if form.new_state.data else services.add_note
    attempt(lambda: record(commitment.id, current_user, form.noted_on.data, form.text.data),
            _("The progress note is recorded."))
    return redirect(url_for("outcomes.commitment", commitment_id=commitment.id))
