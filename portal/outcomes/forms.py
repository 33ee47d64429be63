from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.core.forms import AtLeastOne, CheckboxListField, DescriptionFields, TitleFields, require_one_language
from portal.core.i18n import current_locale
from portal.needs.forms import subsector_choices
from portal.organizations.forms import country_choices
from portal.outcomes.labels import COMMITMENT_STEP_LABELS


def organization_choices(organizations) -> list[SelectChoice]:
    lang = current_locale()
    return [SelectChoice(str(organization.id), organization.names.render(lang).text) for organization in organizations]


def _titled_choices(items, label) -> list[SelectChoice]:
    lang = current_locale()
    return [SelectChoice(str(item.id), label(item, lang)) for item in items]


class ProposalForm(TitleFields, DescriptionFields, FlaskForm):
    organization_id = SelectField(_l("In the name of"), validators=[InputRequired()])
    subsector_codes = CheckboxListField(_l("Subsectors"), validators=[AtLeastOne(_l("Choose at least one subsector."))])
    country_codes = SelectMultipleField(_l("Countries"), validators=[AtLeastOne(_l("Choose at least one country."))])

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = organization_choices(organizations)
        self.subsector_codes.choices = subsector_choices(current_locale())
        self.country_codes.choices = country_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        valid &= require_one_language(self, "description", _l("Give a description in at least one language."))
        return valid


class EndorsementForm(FlaskForm):
    organization_id = SelectField(_l("In the name of"), validators=[InputRequired()])

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = organization_choices(organizations)


class ProposalDecisionForm(FlaskForm):
    project_id = SelectField(_l("The project it becomes"), validators=[Optional()])
    reason = TextAreaField(_l("Reason, for the authors and endorsers"), validators=[Optional(), Length(max=2000)])

    def __init__(self, projects, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.project_id.choices = [SelectChoice("", _l("Choose…"))] + _titled_choices(
            projects, lambda project, lang: f"{project.code} · {project.title.render(lang).text}")


class CommitmentForm(FlaskForm):
    organization_id = SelectField(_l("In the name of"), validators=[InputRequired()])
    description_ar = TextAreaField(_l("What your organization commits to, in Arabic"), validators=[Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("What your organization commits to, in English"), validators=[Optional(), Length(max=5000)])
    description_fr = TextAreaField(_l("What your organization commits to, in French"), validators=[Optional(), Length(max=5000)])
    proposal_id = SelectField(_l("On the proposal"), validators=[Optional()])
    project_id = SelectField(_l("On the project"), validators=[Optional()])
    due_date = DateField(_l("Due date"), validators=[InputRequired()])

    def __init__(self, organizations, proposals, projects, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = organization_choices(organizations)
        self.proposal_id.choices = [SelectChoice("", _l("None"))] + _titled_choices(
            proposals, lambda proposal, lang: proposal.title.render(lang).text)
        self.project_id.choices = [SelectChoice("", _l("None"))] + _titled_choices(
            projects, lambda project, lang: f"{project.code} · {project.title.render(lang).text}")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "description", _l("Say in at least one language what your organization commits to."))
        if not self.proposal_id.data and not self.project_id.data:
            self.proposal_id.errors = [*self.proposal_id.errors, _l("Link the commitment to a proposal or a project.")]
            valid = False
        return valid


class ProgressForm(FlaskForm):
    noted_on = DateField(_l("Date"), validators=[InputRequired()])
    text = TextAreaField(_l("Progress note"), validators=[
        InputRequired(message=_l("Write what has happened.")), Length(max=5000),
    ])
    new_state = SelectField(_l("State"), validators=[Optional()])

    def __init__(self, steps, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_state.choices = [SelectChoice("", _l("Unchanged"))] + [
            SelectChoice(step, COMMITMENT_STEP_LABELS[step]) for step in steps
        ]
