from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from portal.core.forms import AtLeastOne, CheckboxListField, DescriptionFields, TitleFields, require_one_language
from portal.core.i18n import current_locale
from portal.core.permissions import Role
from portal.extensions import db
from portal.accounts.models import User
from portal.agreements.forms import agreement_label
from portal.agreements.services import citable_agreements
from portal.needs.forms import currency_choices, subsector_choices
from portal.organizations.forms import country_choices
from portal.projects.labels import BUDGET_TYPE_LABELS, DIRECTORATE_LABELS, PARTNER_ROLE_LABELS
from portal.reference.services import beneficiary_group_names

PROJECT_CODE = r"^[A-Za-z]{2,5}-[0-9]{4}-[0-9]{2,4}$"


class ProjectForm(TitleFields, DescriptionFields, FlaskForm):
    code = StringField(_l("Code (like EDU-2027-014)"), validators=[
        InputRequired(), Regexp(PROJECT_CODE, message=_l("Write the code as letters, the year and a number: EDU-2027-014.")),
    ])
    directorate = SelectField(_l("Directorate"), validators=[InputRequired()])
    subsector_codes = CheckboxListField(_l("Subsectors"), validators=[AtLeastOne(_l("Choose at least one subsector."))])
    country_codes = SelectMultipleField(_l("Target countries"), validators=[AtLeastOne(_l("Choose at least one country."))])
    group_codes = CheckboxListField(_l("Beneficiary groups"), validators=[AtLeastOne(_l("Choose at least one group."))])
    budget_usd = DecimalField(_l("Budget in US dollars"), places=2, validators=[InputRequired(), NumberRange(min=0, max=10**12)])
    budget_type = SelectField(_l("Budget"), validators=[InputRequired()])
    start_date = DateField(_l("From"), validators=[InputRequired()])
    end_date = DateField(_l("Until"), validators=[InputRequired()])
    officer_id = SelectField(_l("Officer in charge"), validators=[Optional()])
    agreement_id = SelectField(_l("Under the agreement"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.agreement_id.choices = agreement_choices(citable_agreements(), lang)
        self.directorate.choices = [SelectChoice(code, label) for code, label in DIRECTORATE_LABELS.items()]
        self.subsector_codes.choices = subsector_choices(lang)
        self.country_codes.choices = country_choices()
        self.group_codes.choices = [SelectChoice(code, name) for code, name in beneficiary_group_names(lang)]
        self.budget_type.choices = [SelectChoice(code, label) for code, label in BUDGET_TYPE_LABELS.items()]
        officers = db.session.execute(
            db.select(User.id, User.name).where(User.role.in_((Role.OFFICER, Role.ADMIN)), User.active.is_(True)).order_by(User.name)
        )
        self.officer_id.choices = [SelectChoice("", _l("Nobody yet"))] + [SelectChoice(str(id_), name) for id_, name in officers]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        valid &= require_one_language(self, "description", _l("Give a description in at least one language."))
        if self.start_date.data and self.end_date.data and self.end_date.data < self.start_date.data:
            self.end_date.errors = [*self.end_date.errors, _l("The end comes before the start.")]
            valid = False
        return valid


class ProposalForm(FlaskForm):
    need_id = HiddenField(validators=[InputRequired()])
    project_id = HiddenField(validators=[InputRequired()])
    note = TextAreaField(_l("Note to the organization"), validators=[Optional(), Length(max=2000)])


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why you decline"), validators=[
        InputRequired(message=_l("Say why: the officer will read it.")), Length(max=2000),
    ])


def agreement_choices(agreements, lang: str) -> list[SelectChoice]:
    return [SelectChoice("", _l("None"))] + [SelectChoice(str(agreement.id), agreement_label(agreement, lang))
                                            for agreement in agreements]


class PartnerForm(FlaskForm):
    """An organization that funds or implements a project, with the amount it brings."""

    organization_id = SelectField(_l("Organization"), validators=[InputRequired()])
    role = SelectField(_l("Role"), validators=[InputRequired()])
    amount_usd = DecimalField(_l("Amount in US dollars (optional)"), places=2,
                              validators=[Optional(), NumberRange(min=0, max=10**12)])

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.organization_id.choices = [SelectChoice(str(org.id), org.names.render(lang).text) for org in organizations]
        self.role.choices = [SelectChoice(code, label) for code, label in PARTNER_ROLE_LABELS.items()]


class PledgeForm(FlaskForm):
    organization_id = SelectField(_l("In the name of"), validators=[InputRequired()])
    amount = DecimalField(_l("Amount"), places=2, validators=[
        InputRequired(), NumberRange(min=0.01, max=10**12, message=_l("Pledge an amount greater than zero.")),
    ])
    currency = SelectField(_l("Currency"), validators=[InputRequired()], default="USD")
    need_id = SelectField(_l("For one of your needs (optional)"), validators=[Optional()])
    agreement_id = SelectField(_l("Under your organization's agreement with ISESCO (optional)"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def __init__(self, organizations, needs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.organization_id.choices = [SelectChoice(str(org.id), org.names.render(lang).text) for org in organizations]
        self.currency.choices = currency_choices()
        self.need_id.choices = [SelectChoice("", _l("No particular need"))] + [
            SelectChoice(str(need_id), title.render(lang).text) for need_id, title in needs
        ]
        self.agreement_id.choices = agreement_choices(citable_agreements(organizations), lang)
