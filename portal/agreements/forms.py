from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField, DateField, DecimalField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from portal.agreements.labels import TYPE_LABELS
from portal.agreements.services import today as agreement_today
from portal.core.forms import AtLeastOne, TitleFields, require_one_language
from portal.core.i18n import current_locale
from portal.core.text import without_bidi_controls
from portal.needs.forms import currency_choices
from portal.organizations.forms import division_choices

AGREEMENT_REFERENCE = r"^[A-Za-z]{2,5}-[0-9]{4}-[0-9]{2,4}$"
NAME = [Optional(), Length(max=200)]


def agreement_label(agreement, lang: str) -> str:
    return f"{agreement.reference} · {agreement.title.render(lang).text}"


def organization_label(organization, lang: str) -> str:
    return organization.names.render(lang).text


class AgreementForm(TitleFields, FlaskForm):
    version = HiddenField()
    reference = StringField(_l("Reference (like AGR-2027-031)"), validators=[
        InputRequired(), Regexp(AGREEMENT_REFERENCE, message=_l("Write the reference as letters, the year and a number: AGR-2027-031.")),
    ])
    type = SelectField(_l("Type"), validators=[InputRequired()])
    parent_id = SelectField(_l("The agreement it amends"), validators=[Optional()])
    partner_ids = SelectMultipleField(_l("Partner organizations"), validators=[
        AtLeastOne(_l("Choose at least one partner organization.")),
    ])
    division = SelectField(_l("Division"), validators=[Optional()])
    focal_point_id = SelectField(_l("Focal point at ISESCO"), validators=[Optional()])
    isesco_signed_on = DateField(_l("Signed by ISESCO on"), validators=[Optional()])
    isesco_signatory_name = StringField(_l("ISESCO's signatory"), validators=NAME, filters=[without_bidi_controls])
    isesco_signatory_title = StringField(_l("Title of ISESCO's signatory"), validators=NAME)
    partner_signed_on = DateField(_l("Signed by the partner on"), validators=[Optional()])
    partner_signatory_name = StringField(_l("The partner's signatory"), validators=NAME, filters=[without_bidi_controls])
    partner_signatory_title = StringField(_l("Title of the partner's signatory"), validators=NAME)
    start_date = DateField(_l("In force from"), validators=[Optional()])
    end_date = DateField(_l("Until"), validators=[Optional()])
    automatic_renewal = BooleanField(_l("Renews automatically"))
    renewal_term_months = IntegerField(_l("Renewal term in months"), validators=[Optional(), NumberRange(min=1, max=600)])
    notice_days = IntegerField(_l("Notice period in days"), default=0, validators=[
        Optional(), NumberRange(min=0, max=3650, message=_l("Give a notice period between 0 and 3,650 days.")),
    ])
    document = FileField(_l("Signed agreement (PDF)"))

    def __init__(self, partners, officers, parents, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.type.choices = [SelectChoice(code, label) for code, label in TYPE_LABELS.items()]
        self.parent_id.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(str(parent.id), agreement_label(parent, lang)) for parent in parents]
        self.partner_ids.choices = [SelectChoice(str(org.id), organization_label(org, lang)) for org in partners]
        self.division.choices = [SelectChoice("", _l("The first partner's"))] + division_choices()
        self.focal_point_id.choices = [SelectChoice("", _l("Nobody yet"))] + [
            SelectChoice(str(officer.id), officer.name) for officer in officers]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        if self.type.data == "amendment" and not self.parent_id.data:
            self.parent_id.errors = [*self.parent_id.errors, _l("An amendment names the agreement it amends.")]
            valid = False
        if self.start_date.data and self.end_date.data and self.end_date.data < self.start_date.data:
            self.end_date.errors = [*self.end_date.errors, _l("The end comes before the start.")]
            valid = False
        if self.automatic_renewal.data and not self.renewal_term_months.data:
            self.renewal_term_months.errors = [
                *self.renewal_term_months.errors, _l("Give the renewal term of an agreement that renews automatically.")]
            valid = False
        return valid


class StateForm(FlaskForm):
    reason = TextAreaField(_l("Reason (to terminate or suspend)"), validators=[Optional(), Length(max=2000)])
    # Only bringing into force reads it; the service says when it is missing or out of range.
    in_force_on = DateField(_l("In force since"), validators=[Optional()], default=agreement_today)


class ObligationForm(FlaskForm):
    party_id = SelectField(_l("Party"), validators=[Optional()])
    description = TextAreaField(_l("What the party undertakes"), validators=[
        InputRequired(message=_l("Say what the party undertakes.")), Length(max=2000),
    ])
    due_date = DateField(_l("Due date"), validators=[InputRequired()])
    amount = DecimalField(_l("Amount (optional)"), places=2, validators=[Optional(), NumberRange(min=0, max=10**12)])
    currency = SelectField(_l("Currency"), validators=[Optional()])

    def __init__(self, partners, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.party_id.choices = [SelectChoice("", _l("ISESCO"))] + [
            SelectChoice(str(org.id), organization_label(org, lang)) for org in partners]
        self.currency.choices = [SelectChoice("", "—")] + currency_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.amount.data is not None and not self.currency.data:
            self.currency.errors = [*self.currency.errors, _l("Give the amount's currency.")]
            valid = False
        return valid
