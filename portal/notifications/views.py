"""The notification centre: the bell on every page, the list, and mail preferences."""
from flask import Blueprint, abort, flash, g, has_request_context, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from portal.core.pages import page_number
from portal.notifications import services
from portal.notifications.forms import MailPreferencesForm, MarkReadForm

bp = Blueprint("notifications", __name__, url_prefix="/<lang:lang>", template_folder="templates")


@bp.app_context_processor
def bell():
    # Mail is rendered outside requests too, where there is no one to show a bell to; inside one,
    # each mail a change sends is a template too, so the count is read once per request.
    if has_request_context() and current_user.is_authenticated:
        if "unread_notifications" not in g:
            g.unread_notifications = services.unread_count(current_user)
        return {"unread_notifications": g.unread_notifications}
    return {}


def mail_preferences_form() -> MailPreferencesForm:
    """For the account page, with the user's choices ticked."""
    form = MailPreferencesForm(categories=sorted(set(services.category_labels()) - services.opted_out(current_user)))
    form.categories.choices = [SelectChoice(code, str(label)) for code, label in services.category_labels().items()]
    return form


@bp.route("/notifications")
@login_required
def index():
    return render_template(
        "notifications/index.html",
        page=services.notifications_page(current_user, page_number()),
        form=MarkReadForm(),
    )


@bp.route("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    notification = services.own_notification(current_user, notification_id)
    if notification is None:
        abort(404)
    services.mark_read(notification)
    return redirect(notification.link or url_for("notifications.index"))


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    if MarkReadForm().validate_on_submit():
        services.mark_all_read(current_user)
        flash(_("Every notification is marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/account/mail")
@login_required
def mail_preferences():
    form = mail_preferences_form()
    if form.validate_on_submit():
        services.set_mail_preferences(current_user, set(form.categories.data))
        flash(_("Your mail preferences are saved."), "success")
    else:
        flash(_("Choose among the categories listed."), "danger")
    return redirect(url_for("accounts.profile"))
