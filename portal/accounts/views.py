"""Register, confirm, sign in and out, reset a password, keep a profile."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import services, tokens
from portal.accounts.forms import (
    ChangePasswordForm,
    EmailForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
    SignOutForm,
    TokenForm,
)
from portal.accounts.models import User
from portal.accounts.services import SignInOutcome
from portal.core.i18n import portal_time
from portal.core.settings import site_settings
from portal.extensions import db, limiter, login_manager
from portal.notifications.views import mail_preferences_form

bp = Blueprint("accounts", __name__, url_prefix="/<lang:lang>", template_folder="templates")

# Per address and client: a lockout after five failures (in services). Per client: these limits.
SIGN_IN_LIMIT = "10 per minute;50 per hour"
MAIL_SENDING_LIMIT = "5 per minute;20 per hour"

login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    user_id, _sep, stamp = identity.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_stamp != stamp or not user.active:
        return None
    return user


@login_manager.unauthorized_handler
def ask_to_sign_in():
    flash(_("Please sign in to see this page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site, so a link cannot send someone elsewhere after sign-in."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(MAIL_SENDING_LIMIT, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    registration_open = site_settings().registration_open
    if registration_open and form.validate_on_submit():
        services.register_user(form.name.data, form.email.data, form.password.data, g.lang)
        return redirect(url_for("accounts.check_mailbox", reason="register"))
    return render_template("accounts/register.html", form=form, registration_open=registration_open)


@bp.route("/check-your-mailbox")
def check_mailbox():
    return render_template("accounts/check_mailbox.html", reason=request.args.get("reason", "register"))


@bp.route("/confirm/<token>")
def confirm_email(token: str):
    user = services.confirm_email(token)
    if user is None:
        flash(_("This confirmation link is invalid or has expired. Ask for a new one below."), "danger")
        return redirect(url_for("accounts.resend_confirmation"))
    flash(_("Your email address is confirmed. You can sign in now."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/confirm/resend", methods=["GET", "POST"])
@limiter.limit(MAIL_SENDING_LIMIT, methods=["POST"])
def resend_confirmation():
    form = EmailForm()
    if form.validate_on_submit():
        services.resend_confirmation(form.email.data)
        return redirect(url_for("accounts.check_mailbox", reason="confirm"))
    return render_template(
        "accounts/email_request.html", form=form, heading=_("Send the confirmation link again"), intro=None
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        result = services.sign_in(form.email.data, form.password.data, request.remote_addr)
        if result.outcome is SignInOutcome.SIGNED_IN:
            next_url = _safe_next(request.args.get("next"))
            # A new session at sign-in: nothing planted in the old cookie survives.
            session.clear()
            login_user(result.user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=result.user.name), "success")
            return redirect(next_url or url_for("home.index"))
        messages = {
            SignInOutcome.INVALID: _("The email address or the password is not correct."),
            SignInOutcome.LOCKED: _(
                "Too many failed attempts. Signing in to this account from your connection is locked until %(time)s.",
                time=portal_time(result.locked_until, "short") if result.locked_until else "",
            ),
            SignInOutcome.UNCONFIRMED: _(
                "Please confirm your email address first. We have sent you a new confirmation link."
            ),
            SignInOutcome.DEACTIVATED: _("This account has been deactivated. Contact the portal team."),
        }
        flash(messages[result.outcome], "danger")
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.sign_out(current_user)
    # Cleared first: logout_user leaves in the session the order to delete the remember-me cookie.
    session.clear()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("home.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(MAIL_SENDING_LIMIT, methods=["POST"])
def forgot_password():
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return redirect(url_for("accounts.check_mailbox", reason="reset"))
    return render_template(
        "accounts/email_request.html",
        form=form,
        heading=_("Forgot your password?"),
        intro=_("Enter the address of your account and we will send you a link to choose a new password."),
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT, methods=["POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(_("This reset link is invalid, has expired or has been used. Ask for a new one."), "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm(user)
    if form.validate_on_submit():
        services.set_password(user, form.password.data, reason="reset")
        logout_user()
        flash(_("Your password has been changed. Sign in with the new one."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.preferred_locale.data)
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.profile", lang=current_user.preferred_locale))
    return _profile_page(form, ChangePasswordForm(current_user))


def _profile_page(form, password_form, new_token: str | None = None):
    return render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form,
        token_form=TokenForm(),
        revoke_form=SignOutForm(),
        tokens=tokens.tokens_of(current_user),
        new_token=new_token,
        mail_form=mail_preferences_form(),
    )


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        flash(_("Give the token a name."), "danger")
        return redirect(url_for("accounts.profile"))
    _token, secret = tokens.create_token(current_user, form.name.data)
    # Shown once, in this answer only: it is stored hashed.
    return _profile_page(ProfileForm(obj=current_user), ChangePasswordForm(current_user), new_token=secret)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    if SignOutForm().validate_on_submit() and tokens.revoke_token(current_user, token_id):
        flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit(SIGN_IN_LIMIT)
def change_password():
    form = ChangePasswordForm(current_user)
    valid = form.validate_on_submit()
    if valid and not services.check_password(current_user, form.current_password.data):
        form.current_password.errors.append(_("The current password is not correct."))
        valid = False
    if not valid:
        return _profile_page(ProfileForm(obj=current_user), form)
    services.set_password(current_user, form.password.data, reason="changed")
    # The new stamp ended every session, this one included: keep the person who changed it signed
    # in here, with a new remember-me cookie if this browser had one.
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(current_user._get_current_object(), remember=remembered)
    flash(_("Your password has been changed. Other devices have been signed out."), "success")
    return redirect(url_for("accounts.profile"))
