"""Register an organization, the public directory and profiles, and officers' verification."""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from portal.core.audit import AuditEntry, readable_audit_entries
from portal.core.forms import translated_text
from portal.core.i18n import current_locale
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.rules import Refused
from portal.core.uploads import UploadRefused, store_document, stored_path
from portal.duediligence import services as duediligence
from portal.duediligence.forms import FlagDecisionForm, FlagForm, VerificationForm
from portal.extensions import db
from portal.forum import services as forum_services
from portal.organizations import membership, services
from portal.organizations.forms import (
    DecisionForm,
    DivisionForm,
    InviteForm,
    JoinDecisionForm,
    JoinRequestForm,
    OrganizationForm,
    ReasonForm,
    RoleForm,
    country_choices,
)
from portal.organizations.labels import (
    DIVISION_LABELS,
    DUPLICATE_REASON_LABELS,
    HISTORY_LABELS,
    KIND_LABELS,
    ROLE_LABELS,
    STATE_LABELS,
)
from portal.organizations.models import JoinRequest, MemberRole, Organization, OrganizationState
from portal.outcomes import services as outcomes_services
from portal.reference.services import sectors_with_subsectors

bp = Blueprint("organizations", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.context_processor
def labels():
    return {
        "kind_labels": KIND_LABELS,
        "state_labels": STATE_LABELS,
        "duplicate_reasons": DUPLICATE_REASON_LABELS,
        "history_labels": HISTORY_LABELS,
        "role_labels": ROLE_LABELS,
    }


@bp.route("/organizations/new", methods=["GET", "POST"])
@login_required
def register():
    form = OrganizationForm()
    candidates = []
    if form.validate_on_submit():
        names = translated_text(form, "name")
        candidates = services.find_duplicates(
            names, form.country_code.data, form.registration_number.data, form.website.data
        )
        if not candidates or form.not_a_duplicate.data:
            try:
                document = store_document(form.document.data)
            except UploadRefused as refusal:
                form.document.errors.append(str(refusal))
            else:
                organization = services.register_organization(
                    current_user,
                    {
                        **{name: field.data for name, field in form._fields.items()},
                        "names": names,
                        "description": translated_text(form, "description"),
                    },
                    document,
                )
                flash(_("Your organization is registered. ISESCO will verify it and tell you by mail."), "success")
                return redirect(url_for("organizations.profile", organization_id=organization.id))
        else:
            # The file is not kept across the check: the person attaches it again if they go on.
            form.document.errors.append(_("Attach the document again if you register anyway."))
    return render_template("organizations/register.html", form=form, candidates=candidates)


@bp.route("/organizations/")
def directory():
    filters = services.DirectoryFilters.from_args(request.args)
    officer = current_user.is_authenticated and current_user.is_officer
    page = services.directory(filters, page=page_number(), officer=officer)
    return render_template(
        "organizations/directory.html",
        page=page,
        filters=filters,
        officer=officer,
        countries=country_choices(),
        fields=sectors_with_subsectors(),
    )


def _visible_organization(organization_id: int) -> Organization:
    """Verified organizations are public; others only to their members and officers."""
    organization = db.get_or_404(Organization, organization_id)
    if not organization.is_verified and not services.can_see_private(current_user, organization):
        raise NotFound()
    return organization


@bp.route("/organizations/<int:organization_id>")
def profile(organization_id: int):
    organization = _visible_organization(organization_id)
    return render_template(
        "organizations/profile.html",
        organization=organization,
        can_see_private=services.can_see_private(current_user, organization),
        my_role=membership.role_of(current_user, organization.id),
        forum_participation=forum_services.participation_of(organization.id),
        commitments=outcomes_services.commitments_of(organization.id), today=outcomes_services.today(),
    )


@bp.route("/organizations/<int:organization_id>/document")
@login_required
def document(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    if not services.can_see_private(current_user, organization):
        abort(403)
    return send_file(
        stored_path(organization.document_name),
        mimetype=organization.document_type,
        download_name=organization.document_original_name,
        as_attachment=True,
    )


@bp.route("/officer/organizations")
@role_required(Role.OFFICER, Role.ADMIN)
def queue():
    state = request.args.get("state", OrganizationState.PENDING)
    if state not in OrganizationState.ALL:
        state = OrganizationState.PENDING
    organizations = services.organizations_in_state(state)
    return render_template("organizations/queue.html", organizations=organizations, state=state)


def _review_page(organization: Organization, verification_form: VerificationForm | None = None):
    candidates = services.find_duplicates(
        organization.names, organization.country_code, organization.registration_number,
        organization.website, exclude_id=organization.id,
    )
    history = db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.object_type == "organization", AuditEntry.object_id == str(organization.id),
               readable_audit_entries(current_user))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .options(db.joinedload(AuditEntry.actor))
    ).all()
    return render_template(
        "organizations/review.html",
        organization=organization,
        candidates=candidates,
        history=history,
        verification_form=verification_form or VerificationForm(formdata=None),
        reason_form=ReasonForm(formdata=None),
        division_form=DivisionForm(division=organization.division),
        # Due diligence (portal.duediligence): the checklists kept and the flags, internal to officers.
        checklists=duediligence.checklists_of(organization.id),
        pledged_usd=duediligence.pledged_usd(organization.id),
        audited_accounts_threshold=duediligence.audited_accounts_threshold(),
        flags=duediligence.flags_of(organization.id),
        flag_form=FlagForm(formdata=None),
        flag_decision_form=FlagDecisionForm(formdata=None),
    )


@bp.route("/officer/organizations/<int:organization_id>")
@role_required(Role.OFFICER, Role.ADMIN)
def review(organization_id: int):
    return _review_page(db.get_or_404(Organization, organization_id))


@bp.route("/officer/organizations/<int:organization_id>/division", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def change_division(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    form = DivisionForm()
    if not form.validate_on_submit():
        abort(400)
    services.change_division(organization.id, current_user, form.division.data)
    flash(_("The organization is now in the division “%(division)s”.", division=DIVISION_LABELS[form.division.data]),
          "success")
    return redirect(url_for("organizations.review", organization_id=organization.id))


# Each decision with what its form gives: suspending takes a reason, the others the checklist.
DECISIONS = {
    "verify": lambda organization_id, form: services.verify(organization_id, current_user, form.checklist()),
    "reject": lambda organization_id, form: services.reject(organization_id, current_user, form.reason.data,
                                                            form.checklist()),
    "suspend": lambda organization_id, form: services.suspend(organization_id, current_user, form.reason.data),
    "reinstate": lambda organization_id, form: services.reinstate(organization_id, current_user, form.checklist()),
}


@bp.route("/officer/organizations/<int:organization_id>/<any(verify, reject, suspend, reinstate):decision>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def decide(organization_id: int, decision: str):
    organization = db.get_or_404(Organization, organization_id)
    with_checklist = decision != "suspend"
    form = VerificationForm() if with_checklist else ReasonForm()
    if not form.validate_on_submit():
        if form.errors.get("csrf_token"):
            flash(_("Your form expired. Please go back, reload the page and try again."), "danger")
        elif with_checklist:
            flash(_("Tick a result for each item of the checklist."), "danger")
            return _review_page(organization, form)
        else:
            flash(_("Give a reason: the owner will read it."), "danger")
        return redirect(url_for("organizations.review", organization_id=organization.id))
    try:
        DECISIONS[decision](organization.id, form)
    except services.TransitionRefused:
        flash(_("This decision does not apply to the organization in its present state."), "danger")
        return redirect(url_for("organizations.review", organization_id=organization.id))
    except Refused as refusal:
        # Nothing changed: the officer corrects the checklist or the reason they filled in.
        db.session.rollback()
        flash(str(refusal.message), "danger")
        return _review_page(db.get_or_404(Organization, organization_id), form if with_checklist else None)
    flash(_("Decision recorded. The owners have been told by mail."), "success")
    return redirect(url_for("organizations.queue"))


def _member_role_or_403(organization: Organization, *roles: str) -> str:
    role = membership.role_of(current_user, organization.id)
    if role is None or (roles and role not in roles):
        abort(403)
    return role


@bp.route("/organizations/<int:organization_id>/members")
@login_required
def members(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    role = _member_role_or_403(organization)
    is_owner = role == MemberRole.OWNER
    return render_template(
        "organizations/members.html",
        organization=organization,
        my_role=role,
        members=membership.members(organization.id),
        requests=membership.pending_requests(organization.id) if is_owner else [],
        invitations=membership.pending_invitations(organization.id) if is_owner else [],
        invite_form=InviteForm(),
        role_form=RoleForm(),
        decision_form=JoinDecisionForm(),
        plain_form=DecisionForm(),
    )


def _back_to_members(organization: Organization):
    return redirect(url_for("organizations.members", organization_id=organization.id))


@bp.route("/organizations/<int:organization_id>/members/invite", methods=["POST"])
@login_required
def invite(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    _member_role_or_403(organization, MemberRole.OWNER)
    form = InviteForm()
    if form.validate_on_submit():
        _apply(membership.invite, organization, current_user, form.email.data, form.role.data, current_locale(),
               done=_("The invitation has been sent to %(email)s.", email=form.email.data))
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
    return _back_to_members(organization)


@bp.route("/organizations/<int:organization_id>/members/<int:membership_id>/role", methods=["POST"])
@login_required
def change_role(organization_id: int, membership_id: int):
    organization = db.get_or_404(Organization, organization_id)
    _member_role_or_403(organization, MemberRole.OWNER)
    form = RoleForm()
    if form.validate_on_submit():
        _apply(membership.change_role, organization.id, membership_id, form.role.data, current_user,
               done=_("The role has been changed."))
    return _back_to_members(organization)


@bp.route("/organizations/<int:organization_id>/members/<int:membership_id>/remove", methods=["POST"])
@login_required
def remove_member(organization_id: int, membership_id: int):
    organization = db.get_or_404(Organization, organization_id)
    _member_role_or_403(organization, MemberRole.OWNER)
    if DecisionForm().validate_on_submit():
        _apply(membership.remove_member, organization.id, membership_id, current_user,
               done=_("The member has been removed."))
    return _back_to_members(organization)


@bp.route("/organizations/<int:organization_id>/leave", methods=["POST"])
@login_required
def leave(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    _member_role_or_403(organization)
    mine = services.membership_of(current_user, organization)
    if DecisionForm().validate_on_submit() and _apply(
        membership.remove_member, organization.id, mine.id, current_user, done=_("You have left the organization.")
    ):
        return redirect(url_for("home.index"))
    return _back_to_members(organization)


def _apply(change, *args, done: str) -> bool:
    try:
        change(*args)
    except membership.MembershipRefused as refusal:
        db.session.rollback()
        flash(str(refusal.message), "danger")
        return False
    flash(done, "success")
    return True


@bp.route("/organizations/<int:organization_id>/join", methods=["GET", "POST"])
@login_required
def join(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    if membership.role_of(current_user, organization.id):
        return _back_to_members(organization)
    form = JoinRequestForm()
    if form.validate_on_submit() and _apply(membership.request_to_join, organization, current_user, form.message.data,
                                            done=_("Your request has been sent to the organization's owners.")):
        return redirect(url_for("home.index"))
    return render_template("organizations/join.html", organization=organization, form=form)


@bp.route("/organizations/<int:organization_id>/requests/<int:request_id>", methods=["POST"])
@login_required
def decide_join_request(organization_id: int, request_id: int):
    organization = db.get_or_404(Organization, organization_id)
    _member_role_or_403(organization, MemberRole.OWNER)
    join_request = db.get_or_404(JoinRequest, request_id)
    if join_request.organization_id != organization.id:
        abort(404)
    form = JoinDecisionForm()
    if form.validate_on_submit():
        _apply(membership.decide_join_request, join_request, current_user, bool(form.approve.data), form.role.data,
               done=_("The request has been answered."))
    return _back_to_members(organization)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token: str):
    invitation = membership.invitation_for_token(token)
    if invitation is None:
        flash(_("This invitation is invalid, has expired or has already been used."), "danger")
        return redirect(url_for("home.index"))
    form = DecisionForm()
    if form.validate_on_submit():
        if _apply(membership.accept_invitation, invitation, current_user, done=_("You are now a member of the organization.")):
            return redirect(url_for("organizations.members", organization_id=invitation.organization_id))
    return render_template("organizations/invitation.html", invitation=invitation, form=form)
