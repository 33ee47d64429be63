"""The audit trail page for officers, and each audited object's history (the same page filtered)."""
from flask import Blueprint, render_template, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from portal.audit import services
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required

bp = Blueprint("audit", __name__, url_prefix="/<lang:lang>", template_folder="templates")


def object_page(object_type: str, object_id: str) -> str | None:
    page = services.OBJECT_PAGES.get(object_type)
    if page is None:
        return None
    endpoint, argument, *fixed = page
    arguments = dict(fixed[0]) if fixed else {}
    if argument:
        # Reference data is known by its code; everything else by a number.
        if argument.endswith("_id") and not object_id.isdigit():
            return None
        arguments[argument] = int(object_id) if argument.endswith("_id") else object_id
    try:
        return url_for(endpoint, **arguments)
    except BuildError:
        return None


@bp.route("/audit")
@role_required(Role.OFFICER, Role.ADMIN)
def trail():
    filters = services.TrailFilters.from_args(request.args)
    page = services.trail_page(filters, page_number(), current_user)
    return render_template(
        "audit/trail.html",
        page=page,
        filters=filters,
        choices=services.filter_choices(),
        type_labels=services.OBJECT_TYPE_LABELS,
        action_label=services.action_label,
        differences=services.EntryReader(page.items).differences,
        object_page=object_page,
    )
