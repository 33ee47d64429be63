"""The officers' sanctions pages: the list in force with the latest screenings that came near
it, and each organization's screenings, hits and sanctions flags with the buttons to screen it
again and to clear or confirm a flag (through the due diligence's own route, which brings the
officer back here). Members and visitors never see them."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.core.feedback import attempt
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.duediligence.forms import FlagDecisionForm
from portal.duediligence.models import FlagState
from portal.extensions import db
from portal.organizations.forms import DecisionForm
from portal.organizations.models import Organization
from portal.sanctions import models  # noqa: F401  (tables for migrations)
from portal.sanctions import services
from portal.sanctions.labels import FLAG_STATE_LABELS, LISTED_KIND_LABELS, TRIGGER_LABELS
from portal.sanctions.matching import COUNTRY_THRESHOLD, NEAR, THRESHOLD

bp = Blueprint("sanctions", __name__, url_prefix="/<lang:lang>/sanctions", template_folder="templates")

officers_only = role_required(Role.OFFICER, Role.ADMIN)


@bp.context_processor
def labels():
    return {"trigger_labels": TRIGGER_LABELS, "listed_kind_labels": LISTED_KIND_LABELS,
            "flag_state_labels": FLAG_STATE_LABELS, "threshold": THRESHOLD, "country_threshold": COUNTRY_THRESHOLD,
            "near": NEAR}


@bp.route("/")
@officers_only
def index():
    return render_template("sanctions/index.html", imported=services.current_import(),
                           page=services.recent_screenings_with_hits(page_number()))


@bp.route("/organizations/<int:organization_id>")
@officers_only
def organization(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    return render_template(
        "sanctions/organization.html", organization=organization, imported=services.current_import(),
        screenings=services.screenings_of(organization.id), flags=services.sanctions_flags_of(organization.id),
        screen_form=DecisionForm(), decision_form=FlagDecisionForm(), standing=FlagState.STANDING,
    )


@bp.route("/organizations/<int:organization_id>/screen", methods=["POST"])
@officers_only
def screen(organization_id: int):
    organization = db.get_or_404(Organization, organization_id)
    if not DecisionForm().validate_on_submit():
        abort(400)
    attempt(lambda: services.screen_now(organization.id, current_user),
            _("The organization is being screened against the list in force."))
    return redirect(url_for("sanctions.organization", organization_id=organization.id))

