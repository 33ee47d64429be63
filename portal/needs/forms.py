from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import DateField, DecimalField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import (
    AtLeastOne, CheckboxListField, DescriptionFields, ShortDescriptionFields, TitleFields, require_one_language,
)
from portal.core.i18n import currency_label, current_locale
from portal.extensions import db
from portal.needs.labels import URGENCY_LABELS
from portal.organizations.forms import country_choices
from portal.reference.models import ExchangeRate
from portal.reference.services import beneficiary_group_names, field_names


def subsector_choices(lang: str) -> list[SelectChoice]:
    """Every subsector, named with its field: "Education — Scholarships"."""
    return [
        SelectChoice(code, f"{field_name} — {name}")
        for _field_code, field_name, subsectors in field_names(lang)
        for code, name in subsectors
    ]


def currency_choices() -> list[SelectChoice]:
    """Only currencies with a rate: every amount keeps its USD equivalent."""
    currencies = db.session.scalars(db.select(ExchangeRate.currency_code).distinct().order_by(ExchangeRate.currency_code))
    return [SelectChoice(code, currency_label(code)) for code in currencies]


class NeedForm(TitleFields, DescriptionFields, FlaskForm):
    organization_id = SelectField(_l("Organization"), validators=[InputRequired()])
    country_code = SelectField(_l("Country"), validators=[InputRequired()])
    area = StringField(_l("Area (province, city, camp…)"), validators=[Optional(), Length(max=200)])
    subsector_codes = CheckboxListField(_l("Subsectors"), validators=[AtLeastOne(_l("Choose at least one subsector."))])
    group_codes = CheckboxListField(_l("Beneficiary groups"), validators=[AtLeastOne(_l("Choose at least one group."))])
    beneficiary_count = IntegerField(_l("Number of beneficiaries"), validators=[InputRequired(), NumberRange(min=1, max=100_000_000)])
    urgency = SelectField(_l("Urgency"), validators=[InputRequired()])
    cost_amount = DecimalField(_l("Estimated cost"), places=2, validators=[InputRequired(), NumberRange(min=0, max=10**12)])
    cost_currency = SelectField(_l("Currency"), validators=[InputRequired()], default="USD")
    start_date = DateField(_l("From"), validators=[InputRequired()])
    end_date = DateField(_l("Until"), validators=[InputRequired()])
    attachments = MultipleFileField(_l("Attachments (PDF, PNG or JPEG)"))
    version = HiddenField()

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.organization_id.choices = [SelectChoice(str(org.id), org.names.render(lang).text) for org in organizations]
        self.country_code.choices = [SelectChoice("", _l("Choose…"))] + country_choices()
        self.subsector_codes.choices = subsector_choices(lang)
        self.group_codes.choices = [SelectChoice(code, name) for code, name in beneficiary_group_names(lang)]
        self.urgency.choices = [SelectChoice(code, label) for code, label in URGENCY_LABELS.items()]
        self.cost_currency.choices = currency_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        valid &= require_one_language(self, "description", _l("Give a description in at least one language."))
        if self.start_date.data and self.end_date.data and self.end_date.data < self.start_date.data:
            self.end_date.errors = [*self.end_date.errors, _l("The end comes before the start.")]
            valid = False
        if self.end_date.data and self.end_date.data < date.today() and not self.errors:
            self.end_date.errors = [*self.end_date.errors, _l("The end date has already passed.")]
            valid = False
        return valid


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("What should change"), validators=[InputRequired(message=_l("Say what should change: the author will read it.")), Length(max=2000)])


class PriorityForm(TitleFields, ShortDescriptionFields, FlaskForm):
    organization_id = SelectField(_l("Ministry or commission"), validators=[InputRequired()])
    subsector_code = SelectField(_l("Subsector"), validators=[InputRequired()])
    rank = IntegerField(_l("Rank (1 is the first priority)"), validators=[InputRequired(), NumberRange(min=1, max=99)], default=1)
    period_start = IntegerField(_l("From the year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)], default=date.today().year)
    period_end = IntegerField(_l("Until the year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)], default=date.today().year + 2)

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.organization_id.choices = [SelectChoice(str(org.id), org.names.render(lang).text) for org in organizations]
        self.subsector_code.choices = subsector_choices(lang)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        if self.period_start.data and self.period_end.data and self.period_end.data < self.period_start.data:
            self.period_end.errors = [*self.period_end.errors, _l("The period ends before it starts.")]
            valid = False
        return valid


class RankForm(FlaskForm):
    rank = IntegerField(_l("Rank"), validators=[InputRequired(), NumberRange(min=1, max=99)])
