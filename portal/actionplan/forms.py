from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, DecimalField, IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.actionplan.labels import COMPUTED_LABELS, LEVEL_LABELS, MEASURE_LABELS
from portal.core.forms import SHORT_DESCRIPTION_LENGTH, TitleFields, require_one_language


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class _Titled(TitleFields, FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return require_one_language(self, "title", _l("Give a title in at least one language.")) and valid


def _position():
    return IntegerField(_l("Place in the list (smallest first)"), default=0,
                        validators=[Optional(), NumberRange(min=0, max=1000)])


class PlanForm(_Titled):
    start_year = IntegerField(_l("First year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    end_year = IntegerField(_l("Last year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])


class ProgrammeForm(_Titled):
    budget_usd = DecimalField(_l("Budget (USD)"), places=2, validators=[InputRequired(), NumberRange(min=0)])
    position = _position()


class ResultForm(_Titled):
    level = SelectField(_l("Level"), choices=_choices(LEVEL_LABELS), validators=[InputRequired()])
    position = _position()


class IndicatorForm(_Titled):
    measure = SelectField(_l("Measure"), choices=_choices(MEASURE_LABELS), validators=[InputRequired()])
    computed = SelectField(_l("Actual value"), validators=[Optional()])
    ascending = BooleanField(_l("Higher is better (untick when the indicator should go down)"), default=True)
    cumulative = BooleanField(_l("Cumulative: the periods add up, and targets are running totals"))
    baseline_year = IntegerField(_l("Baseline year"), validators=[Optional(), NumberRange(min=1990, max=2100)])
    baseline_value = DecimalField(_l("Baseline value"), places=2, validators=[Optional(), NumberRange(min=0)])
    verification_ar = TextAreaField(_l("Means of verification in Arabic"), validators=[Optional(), Length(max=SHORT_DESCRIPTION_LENGTH)])
    verification_en = TextAreaField(_l("Means of verification in English"), validators=[Optional(), Length(max=SHORT_DESCRIPTION_LENGTH)])
    verification_fr = TextAreaField(_l("Means of verification in French"), validators=[Optional(), Length(max=SHORT_DESCRIPTION_LENGTH)])
    position = _position()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.computed.choices = [SelectChoice("", _l("Entered by officers, through approved updates"))] + [
            SelectChoice(kind, _l("Computed from the portal's data: %(figure)s", figure=label))
            for kind, label in COMPUTED_LABELS.items()
        ]


class PeriodForm(FlaskForm):
    start_date = DateField(_l("Start"), validators=[InputRequired()])
    end_date = DateField(_l("End"), validators=[InputRequired()])
    target = DecimalField(_l("Target"), places=2, validators=[Optional(), NumberRange(min=0)])


class UpdateForm(FlaskForm):
    value = DecimalField(_l("Value reached"), places=2, validators=[Optional(), NumberRange(min=0)])
    narrative = TextAreaField(_l("Narrative"), validators=[Optional(), Length(max=SHORT_DESCRIPTION_LENGTH)])
    evidence = FileField(_l("Evidence (PDF, PNG or JPEG)"))


class UpdateDecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment, for the author"), validators=[Optional(), Length(max=2000)])
