"""Forms of the administrators' pages."""
from email.utils import parseaddr

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, ValidationError

from portal.accounts.administration import ROLE_LABELS
from portal.core.i18n import LANGUAGE_NAMES
from portal.core.settings import UPLOAD_CEILING_MB, Settings


class RoleChangeForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [SelectChoice(code, str(label)) for code, label in ROLE_LABELS.items()]


class ActionForm(FlaskForm):
    """A button and its CSRF token."""


def _is_mail_sender(form, field) -> None:
    _name, address = parseaddr(field.data or "")
    if "@" not in address:
        raise ValidationError(_l("Write an address, like “ISESCO portal <no-reply@portal.isesco.org>”."))


class SettingsForm(FlaskForm):
    default_locale = SelectField(_l("Default language"), choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    site_name_ar = StringField(_l("Site name in Arabic"), validators=[Optional(), Length(max=120)])
    site_name_en = StringField(_l("Site name in English"), validators=[Optional(), Length(max=120)])
    site_name_fr = StringField(_l("Site name in French"), validators=[Optional(), Length(max=120)])
    contact_email = EmailField(_l("Contact address"), validators=[Optional(), Email(message=_l("Enter a valid email address.")), Length(max=254)])
    mail_sender = StringField(_l("Mail sender"), validators=[InputRequired(), Length(max=200), _is_mail_sender])
    registration_open = BooleanField(_l("New accounts may be registered"))
    upload_max_mb = IntegerField(_l("Largest upload, in MB"), validators=[
        InputRequired(message=_l("Give a whole number of megabytes.")),
        NumberRange(min=1, max=UPLOAD_CEILING_MB, message=_l("Between %(min)s and %(max)s MB.")),
    ])

    def settings(self) -> Settings:
        return Settings(
            default_locale=self.default_locale.data,
            mail_sender=self.mail_sender.data.strip(),
            upload_max_mb=self.upload_max_mb.data,
            site_name={lang: value.strip() for lang in LANGUAGE_NAMES if (value := getattr(self, f"site_name_{lang}").data or "").strip()},
            contact_email=(self.contact_email.data or "").strip(),
            registration_open=self.registration_open.data,
        )

    def fill(self, settings: Settings) -> None:
        self.default_locale.data = settings.default_locale
        self.mail_sender.data = settings.mail_sender
        self.upload_max_mb.data = settings.upload_max_mb
        self.contact_email.data = settings.contact_email
        self.registration_open.data = settings.registration_open
        for lang in LANGUAGE_NAMES:
            getattr(self, f"site_name_{lang}").data = settings.site_name.get(lang, "")
