"""Administrators' pages: the accounts, and the outbox of every message the portal has written."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts import administration
from portal.accounts.models import User
from portal.admin.forms import ActionForm, RoleChangeForm, SettingsForm
from portal.core.feedback import attempt
from portal.core.mail import MESSAGE_STATE_LABELS, OutboxMessage, retry
from portal.core.pages import page_number
from portal.core.permissions import Role, role_required
from portal.core.settings import save_settings, site_settings
from portal.extensions import db
from portal.organizations.models import Membership, Organization

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang>/admin", template_folder="templates")

OUTBOX_PAGE_SIZE = 50


@bp.context_processor
def state_labels():
    return {
        "message_states": MESSAGE_STATE_LABELS,
        "role_labels": administration.ROLE_LABELS,
        "account_states": administration.ACCOUNT_STATE_LABELS,
        "last_sign_in_labels": administration.LAST_SIGN_IN_LABELS,
    }


@bp.route("/outbox")
@role_required(Role.ADMIN)
def outbox():
    page = db.paginate(
        db.select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()),
        page=page_number(),
        per_page=OUTBOX_PAGE_SIZE,
        error_out=False,
    )
    return render_template("admin/outbox.html", page=page)


@bp.route("/outbox/<int:message_id>")
@role_required(Role.ADMIN)
def outbox_message(message_id: int):
    return render_template("admin/outbox_message.html", message=db.get_or_404(OutboxMessage, message_id), form=ActionForm())


@bp.post("/outbox/<int:message_id>/retry")
@role_required(Role.ADMIN)
def retry_message(message_id: int):
    db.get_or_404(OutboxMessage, message_id)
    if ActionForm().validate_on_submit():
        attempt(lambda: retry(message_id, current_user), _("The message is queued again."))
    return redirect(url_for("admin.outbox_message", message_id=message_id))


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    filters = administration.UserFilters.from_args(request.args)
    page = administration.users_page(filters, page_number())
    locked = administration.locked_emails([account.email for account in page.items])
    return render_template(
        "admin/users.html",
        page=page,
        filters=filters,
        states={account.id: administration.account_state(account, locked) for account in page.items},
        organizations=db.session.execute(
            db.select(Organization.id, Organization.names).order_by(Organization.search_name)
        ).all(),
    )


@bp.route("/users/<int:user_id>")
@role_required(Role.ADMIN)
def user(user_id: int):
    account = db.get_or_404(User, user_id)
    memberships = db.session.scalars(
        db.select(Membership).where(Membership.user_id == account.id).options(db.joinedload(Membership.organization))
    ).all()
    role_form = RoleChangeForm(role=account.role)
    return render_template(
        "admin/user.html",
        account=account,
        memberships=memberships,
        state=administration.account_state(account, administration.locked_emails([account.email])),
        role_form=role_form,
        action_form=ActionForm(),
    )


@bp.post("/users/<int:user_id>/role")
@role_required(Role.ADMIN)
def change_role(user_id: int):
    db.get_or_404(User, user_id)
    form = RoleChangeForm()
    if form.validate_on_submit():
        attempt(lambda: administration.change_role(user_id, form.role.data, current_user), _("The role was changed."))
    else:
        flash(_("Choose a role from the list."), "danger")
    return redirect(url_for("admin.user", user_id=user_id))


ACCOUNT_ACTIONS = {
    "deactivate": (administration.deactivate, _l("The account was deactivated: its sessions and API tokens no longer work.")),
    "reactivate": (administration.reactivate, _l("The account is active again.")),
    "unlock": (administration.unlock, _l("The account was unlocked.")),
    "resend-confirmation": (administration.resend_confirmation_for, _l("A new confirmation link was sent.")),
}
# A deactivation is offered an Undo: reactivating is its reverse in the rules.
UNDOABLE_ACCOUNT_ACTIONS = {"deactivate": "reactivate"}


@bp.post("/users/<int:user_id>/<any(deactivate, reactivate, unlock, 'resend-confirmation'):action>")
@role_required(Role.ADMIN)
def account_action(user_id: int, action: str):
    db.get_or_404(User, user_id)
    if ActionForm().validate_on_submit():
        change, done = ACCOUNT_ACTIONS[action]
        reverse = UNDOABLE_ACCOUNT_ACTIONS.get(action)
        attempt(lambda: change(user_id, current_user), str(done),
                undo=url_for("admin.account_action", user_id=user_id, action=reverse) if reverse else None)
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def settings():
    form = SettingsForm()
    if not form.is_submitted():
        form.fill(site_settings())
    if form.validate_on_submit():
        save_settings(form.settings(), current_user)
        flash(_("The settings are saved."), "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form)
