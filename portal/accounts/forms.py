from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from portal.accounts.models import User
from portal.accounts.services import password_problem
from portal.core.i18n import LANGUAGE_NAMES
from portal.core.text import without_bidi_controls

_EMAIL = [InputRequired(), Email(message=_l("Enter a valid email address.")), Length(max=254)]


class _NewPasswordMixin:
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=256)])
    confirm_password = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The two passwords do not match."))],
    )

    def owner(self) -> tuple[str, str]:
        """The email address and the name of whose password it is: a password made of them is weak."""
        raise NotImplementedError

    def validate_password(self, field) -> None:
        problem = password_problem(field.data or "", *self.owner())
        if problem:
            raise ValidationError(problem)


class _AccountPasswordMixin(_NewPasswordMixin):
    """A new password for an existing account."""

    def __init__(self, account: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account

    def owner(self) -> tuple[str, str]:
        return self.account.email, self.account.name


class RegisterForm(_NewPasswordMixin, FlaskForm):
    name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=200)], filters=[without_bidi_controls])
    email = EmailField(_l("Email address"), validators=_EMAIL)

    def owner(self) -> tuple[str, str]:
        return self.email.data or "", self.name.data or ""


class SignInForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=_EMAIL)
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=256)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class EmailForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=_EMAIL)


class ResetPasswordForm(_AccountPasswordMixin, FlaskForm):
    pass


class ChangePasswordForm(_AccountPasswordMixin, FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired()])


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[InputRequired(), Length(max=200)], filters=[without_bidi_controls])
    preferred_locale = SelectField(
        _l("Preferred language"),
        choices=[SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()],
        validators=[InputRequired()],
    )


class SignOutForm(FlaskForm):
    """An empty form: signing out is a POST carrying the CSRF token."""


class TokenForm(FlaskForm):
    name = StringField(_l("Name of the token (what it is for)"), validators=[InputRequired(), Length(max=100)], filters=[without_bidi_controls])
