"""Risk flags, internal to ISESCO's officers: the list of all flags, raising one on an
organization, clearing or confirming it, and its evidence file. The verification checklist is
filled in on the officers' organization page (portal.organizations.views)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.feedback import attempt
from portal.core.i18n import in_current_language
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.rules import Refused
from portal.core.uploads import UploadRefused, store_document, stored_path, stored_type
from portal.duediligence import models  # noqa: F401  (tables for migrations)
from portal.duediligence import services
from portal.duediligence.forms import FlagDecisionForm, FlagForm
from portal.duediligence.labels import (
    CHECK_RESULT_LABELS,
    CHECKLIST_ITEM_LABELS,
    DECISION_LABELS,
    FLAG_CATEGORY_LABELS,
    FLAG_SEVERITY_LABELS,
    FLAG_STATE_LABELS,
)
from portal.duediligence.models import RiskFlag
from portal.extensions import db
from portal.organizations.models import Organization

bp = Blueprint("duediligence", __name__, url_prefix="/<lang:lang>/due-diligence", template_folder="templates")


@bp.app_context_processor
def labels():
    return {"flag_category_labels": FLAG_CATEGORY_LABELS, "flag_severity_labels": FLAG_SEVERITY_LABELS,
            "flag_state_labels": FLAG_STATE_LABELS, "checklist_item_labels": CHECKLIST_ITEM_LABELS,
            "check_result_labels": CHECK_RESULT_LABELS, "checklist_decision_labels": DECISION_LABELS}


@bp.route("/flags")
@role_required(Role.OFFICER, Role.ADMIN)
def flags():
    filters = services.FlagFilters.from_args(request.args)
    return render_template(
        "duediligence/flags.html", filters=filters,
        page=services.flags_page(filters, page_number()),
        options={"state": list(in_current_language(FLAG_STATE_LABELS).items()),
                 "severity": list(in_current_language(FLAG_SEVERITY_LABELS).items()),
                 "category": list(in_current_language(FLAG_CATEGORY_LABELS).items())},
    )


# The pages that show an organization's flags under #flags, by the name their forms send back.
FLAG_PAGES = {"review": "organizations.review", "sanctions": "sanctions.organization"}


def _back_to(organization_id: int, page: str | None = "review"):
    endpoint = FLAG_PAGES.get(page or "review", FLAG_PAGES["review"])
    return redirect(url_for(endpoint, organization_id=organization_id, _anchor="flags"))


@bp.route("/organizations/<int:organization_id>/flags", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def raise_flag(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    form = FlagForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
        return _back_to(organization.id)
    try:
        evidence_file = store_document(form.evidence_file.data) if form.evidence_file.data else None
    except UploadRefused as refusal:
        flash(str(refusal), "danger")
        return _back_to(organization.id)
    attempt(lambda: services.flag_organization(
        organization.id, current_user, form.category.data, form.severity.data, form.reason.data,
        form.evidence.data, evidence_file,
    ), _("The flag is raised. Only ISESCO's officers see it."))
    return _back_to(organization.id)


FLAG_DECISIONS = {"clear": services.clear_flag, "confirm": services.confirm_flag}


@bp.route("/flags/<int:flag_id>/<any(clear, confirm):decision>", methods=["POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def decide(flag_id: int, decision: str):
    flag = db.get_or_404(RiskFlag, flag_id)
    form = FlagDecisionForm()
    if not form.validate_on_submit():
        flash(_("Say why, in a comment."), "danger")
        return _back_to(flag.organization_id, form.back.data)
    try:
        FLAG_DECISIONS[decision](flag.id, current_user, form.comment.data)
    except Refused as refusal:
        flash(str(refusal.message), "danger")
    else:
        flash(_("The flag is cleared.") if decision == "clear" else _("The flag is confirmed."), "success")
    return _back_to(flag.organization_id, form.back.data)


@bp.route("/flags/<int:flag_id>/evidence")
@role_required(Role.OFFICER, Role.ADMIN)
def evidence(flag_id: int):
    flag = db.get_or_404(RiskFlag, flag_id)
    if not flag.evidence_name:
        abort(404)
    return send_file(stored_path(flag.evidence_name), mimetype=stored_type(flag.evidence_name),
                     download_name=flag.evidence_original_name, as_attachment=True)
