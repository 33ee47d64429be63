"""Administrators' pages. The outbox: every message the portal has written, in any state."""
from flask import Blueprint, render_template, request

from portal.core.mail import MESSAGE_STATE_LABELS, OutboxMessage
from portal.core.permissions import Role, role_required
from portal.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang>/admin", template_folder="templates")

OUTBOX_PAGE_SIZE = 50


@bp.context_processor
def state_labels():
    return {"message_states": MESSAGE_STATE_LABELS}


@bp.route("/outbox")
@role_required(Role.ADMIN)
def outbox():
    page = db.paginate(
        db.select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()),
        page=request.args.get("page", 1, type=int),
        per_page=OUTBOX_PAGE_SIZE,
        error_out=False,
    )
    return render_template("admin/outbox.html", page=page)


@bp.route("/outbox/<int:message_id>")
@role_required(Role.ADMIN)
def outbox_message(message_id: int):
    return render_template("admin/outbox_message.html", message=db.get_or_404(OutboxMessage, message_id))
