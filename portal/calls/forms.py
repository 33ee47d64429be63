
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateTimeLocalField, DecimalField, FieldList, FormField, HiddenField, IntegerField, SelectField, SelectMultipleField,
    StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.calls.models import MAX_SCORE, TOTAL_WEIGHT
from portal.core.forms import (
    CheckboxListField, DescriptionFields, TitleFields, require_one_language,
)
from portal.core.i18n import LANGUAGE_NAMES, current_locale, zone_choices
from portal.needs.forms import currency_choices
from portal.organizations.forms import country_choices
from portal.organizations.labels import KIND_LABELS
from portal.projects.labels import PARTNER_ROLE_LABELS
from portal.reference.services import field_names

# Blank criterion rows offered beyond the call's own (rows left empty are ignored).
SPARE_CRITERIA = 3


class CriterionForm(FlaskForm):
    class Meta:
        csrf = False

    title = StringField(_l("Criterion"), validators=[Optional(), Length(max=200)])
    weight = IntegerField(_l("Weight"), validators=[Optional(), NumberRange(min=1, max=TOTAL_WEIGHT)])


class CallForm(TitleFields, DescriptionFields, FlaskForm):
    version = HiddenField()
    project_id = SelectField(_l("Off-budget project"), validators=[InputRequired()])
    eligible_kinds = CheckboxListField(_l("Eligible kinds of organization (none ticked: every kind)"))
    country_codes = SelectMultipleField(_l("Countries"), validators=[Optional()])
    field_codes = CheckboxListField(_l("Fields of competence"))
    documents_ar = TextAreaField(_l("Documents requested, in Arabic"), validators=[Optional(), Length(max=2000)])
    documents_en = TextAreaField(_l("Documents requested, in English"), validators=[Optional(), Length(max=2000)])
    documents_fr = TextAreaField(_l("Documents requested, in French"), validators=[Optional(), Length(max=2000)])
    deadline = DateTimeLocalField(_l("Deadline (on the clock of the time zone below)"), format="%Y-%m-%dT%H:%M",
                                  validators=[InputRequired()])
    timezone = SelectField(_l("Time zone of the deadline"), validators=[InputRequired()], default="Asia/Riyadh")
    criteria = FieldList(FormField(CriterionForm), label=_l("Criteria"))
    reviewer_ids = CheckboxListField(_l("Reviewers"))

    def __init__(self, projects, officers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.project_id.choices = [SelectChoice(str(project.id), f"{project.code} · {project.title.render(lang).text}")
                                   for project in projects]
        self.eligible_kinds.choices = [SelectChoice(code, label) for code, label in KIND_LABELS.items()]
        self.country_codes.choices = country_choices()
        self.field_codes.choices = [SelectChoice(code, name) for code, name, _subsectors in field_names(lang)]
        self.timezone.choices = [SelectChoice(zone, label) for zone, label in zone_choices()]
        self.reviewer_ids.choices = [SelectChoice(str(officer.id), officer.name) for officer in officers]
        while len(self.criteria) < len([entry for entry in self.criteria if entry.title.data]) + SPARE_CRITERIA:
            self.criteria.append_entry()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        valid &= require_one_language(self, "description", _l("Give a description in at least one language."))
        for entry in self.criteria:
            if bool((entry.title.data or "").strip()) != (entry.weight.data is not None):
                entry.weight.errors = [*entry.weight.errors, _l("Give each criterion a title and a weight.")]
                valid = False
        return valid


class ApplicationForm(FlaskForm):
    organization_id = SelectField(_l("Applying organization"), validators=[InputRequired()])
    concept_note = TextAreaField(_l("Concept note"), validators=[Optional(), Length(max=20000)])
    language = SelectField(_l("Language of the concept note"), validators=[InputRequired()])
    budget_amount = DecimalField(_l("Budget"), places=2, validators=[Optional(), NumberRange(min=0.01, max=10**12)])
    budget_currency = SelectField(_l("Currency"), validators=[Optional()], default="USD")
    documents = MultipleFileField(_l("Documents (PDF, PNG or JPEG)"))

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_locale()
        self.organization_id.choices = [SelectChoice(str(org.id), org.names.render(lang).text) for org in organizations]
        self.language.choices = [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
        if not self.language.data:
            self.language.data = lang
        self.budget_currency.choices = currency_choices()


class ScoreForm(FlaskForm):
    class Meta:
        csrf = False

    criterion_id = HiddenField()
    score = IntegerField(_l("Score"), validators=[InputRequired(), NumberRange(min=0, max=MAX_SCORE)])
    comment = StringField(lazy_pgettext("remark", "Comment"), validators=[Optional(), Length(max=2000)])


class ReviewForm(FlaskForm):
    scores = FieldList(FormField(ScoreForm))
    comment = TextAreaField(_l("Overall comment"), validators=[Optional(), Length(max=5000)])


class SelectForm(FlaskForm):
    role = SelectField(_l("Role in the project"), validators=[InputRequired()], default="implementing",
                       choices=[SelectChoice(code, label) for code, label in PARTNER_ROLE_LABELS.items()])


class StateForm(FlaskForm):
    reason = TextAreaField(_l("Reason (to cancel)"), validators=[Optional(), Length(max=2000)])
