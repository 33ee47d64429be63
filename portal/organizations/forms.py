from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional

from portal.core.forms import AtLeastOne, CheckboxListField
from portal.core.i18n import current_locale
from portal.core.text import without_bidi_controls
from portal.organizations.labels import DIVISION_LABELS, KIND_LABELS, ROLE_LABELS
from portal.reference.services import country_names_by_name, field_names


def country_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in country_names_by_name(current_locale())]


class OrganizationForm(FlaskForm):
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=300)], filters=[without_bidi_controls])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=300)], filters=[without_bidi_controls])
    name_fr = StringField(_l("Name in French"), validators=[Optional(), Length(max=300)], filters=[without_bidi_controls])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=32)])
    kind = SelectField(_l("Kind of organization"), validators=[InputRequired()])
    country_code = SelectField(_l("Country of headquarters"), validators=[InputRequired()])
    city = StringField(_l("City"), validators=[InputRequired(), Length(max=120)])
    registration_number = StringField(_l("Registration number"), validators=[InputRequired(), Length(max=64)])
    website = URLField(_l("Website"), validators=[Optional(), URL(message=_l("Enter a full web address, such as https://example.org.")), Length(max=300)])
    contact_email = EmailField(_l("Contact email"), validators=[InputRequired(), Email(message=_l("Enter a valid email address.")), Length(max=254)])
    contact_phone = StringField(_l("Contact phone"), validators=[InputRequired(), Length(max=40)])
    field_codes = CheckboxListField(_l("Fields of competence"), validators=[AtLeastOne(_l("Choose at least one field."))])
    operation_country_codes = SelectMultipleField(_l("Countries of operation"), validators=[Optional()])
    description_ar = TextAreaField(_l("Description in Arabic"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=5000)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Optional(), Length(max=5000)])
    directors = TextAreaField(_l("Directors and board members"), validators=[Optional(), Length(max=5000)])
    founding_year = IntegerField(_l("Year founded"), validators=[Optional(), NumberRange(min=1800, max=date.today().year)])
    document = FileField(_l("Registration document"), validators=[FileRequired(message=_l("Attach the registration document."))])
    not_a_duplicate = BooleanField(_l("None of these is my organization: register it anyway"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = country_choices()
        self.kind.choices = [SelectChoice("", _l("Choose…"))] + [SelectChoice(code, label) for code, label in KIND_LABELS.items()]
        self.country_code.choices = [SelectChoice("", _l("Choose…"))] + countries
        self.operation_country_codes.choices = countries
        self.field_codes.choices = [SelectChoice(code, name) for code, name, _subsectors in field_names(current_locale())]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Each name is optional on its own (Optional() ends its checks), but one is required.
        if not any((field.data or "").strip() for field in (self.name_ar, self.name_en, self.name_fr)):
            self.name_ar.errors = [*self.name_ar.errors, _l("Give the name in at least one language.")]
            valid = False
        return valid


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(message=_l("Give a reason: the owner will read it.")), Length(max=2000)])


class DecisionForm(FlaskForm):
    """Verify or reinstate: a button and its CSRF token."""


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in ROLE_LABELS.items()]


class InviteForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[InputRequired(), Email(message=_l("Enter a valid email address.")), Length(max=254)])
    # The least power by default: an owner must choose to hand out more.
    role = SelectField(_l("Role"), validators=[InputRequired()], default="viewer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class JoinRequestForm(FlaskForm):
    message = TextAreaField(_l("Message to the owners (optional)"), validators=[Optional(), Length(max=1000)])


class JoinDecisionForm(RoleForm):
    approve = SubmitField(_l("Accept"))
    decline = SubmitField(_l("Decline"))


def division_choices() -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in DIVISION_LABELS.items()]


class DivisionForm(FlaskForm):
    """The Directorate's division an organization, or an officer, belongs to."""

    division = SelectField(_l("Division"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.division.choices = division_choices()
