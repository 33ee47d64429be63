
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import TitleFields, require_one_language
from portal.core.i18n import current_locale, zone_choices
from portal.core.text import without_bidi_controls
from portal.meetings.labels import (
    ACTION_ITEM_STEP_LABELS, MEETING_KIND_LABELS, MEETING_MODE_LABELS, OUTCOME_KIND_LABELS, PRIORITY_LABELS,
)
from portal.organizations.labels import DIVISION_LABELS
from portal.organizations.forms import country_choices
from portal.outcomes.forms import organization_choices
from portal.projects.labels import DIRECTORATE_LABELS

TEXT_LENGTH = 5000


def _labelled(labels) -> list[SelectChoice]:
    return [SelectChoice(code, label) for code, label in labels.items()]


def _optional(choices, label=_l("None")) -> list[SelectChoice]:
    return [SelectChoice("", label), *choices]


def _titled(items, label) -> list[SelectChoice]:
    lang = current_locale()
    return [SelectChoice(str(item.id), label(item, lang)) for item in items]


def agreement_choices(agreements) -> list[SelectChoice]:
    return _titled(agreements, lambda agreement, lang: f"{agreement.reference} · {agreement.title.render(lang).text}")


def division_choices() -> list[SelectChoice]:
    return _optional(_labelled(DIVISION_LABELS), _l("From the partner"))


def emails_in(text: str | None) -> list[str]:
    return [line.strip().lower() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class CommitteeForm(FlaskForm):
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=300)], filters=[without_bidi_controls])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=300)], filters=[without_bidi_controls])
    name_fr = StringField(_l("Name in French"), validators=[Optional(), Length(max=300)], filters=[without_bidi_controls])
    partner_id = SelectField(_l("Partner"), validators=[Optional()])
    agreement_id = SelectField(_l("Agreement"), validators=[Optional()])
    division = SelectField(_l("Division"), validators=[Optional()])

    def __init__(self, partners, agreements, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = _optional(organization_choices(partners))
        self.agreement_id.choices = _optional(agreement_choices(agreements))
        self.division.choices = division_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "name", _l("Give the name in at least one language."))
        if not self.partner_id.data and not self.agreement_id.data:
            self.partner_id.errors = [*self.partner_id.errors,
                                      _l("A joint committee belongs to an agreement or to a partner: choose one.")]
            valid = False
        return valid


class MeetingForm(TitleFields, FlaskForm):
    kind = SelectField(_l("Kind"), validators=[InputRequired()])
    committee_id = SelectField(_l("Joint committee"), validators=[Optional()])
    session_number = IntegerField(_l("Session number"), validators=[Optional(), NumberRange(min=1, max=999)])
    starts_at = DateTimeLocalField(_l("Starts (venue time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends (venue time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    timezone = SelectField(_l("Time zone of the venue"), validators=[InputRequired()], default="Africa/Casablanca")
    venue = StringField(_l("Venue"), validators=[Optional(), Length(max=300)])
    country_code = SelectField(_l("Country"), validators=[Optional()])
    mode = SelectField(_l("Mode"), validators=[InputRequired()], default="in_person")
    division = SelectField(_l("Division"), validators=[Optional()])
    organization_ids = SelectMultipleField(_l("Invited organizations"), validators=[Optional()])
    people_emails = TextAreaField(_l("Invited people (their accounts' email addresses, one a line)"),
                                  validators=[Optional(), Length(max=5000)])

    def __init__(self, committees, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _labelled(MEETING_KIND_LABELS)
        lang = current_locale()
        self.committee_id.choices = _optional([SelectChoice(str(committee.id), committee.name.render(lang).text)
                                               for committee in committees])
        self.timezone.choices = [SelectChoice(zone, label) for zone, label in zone_choices()]
        self.country_code.choices = _optional(country_choices())
        self.mode.choices = _labelled(MEETING_MODE_LABELS)
        self.division.choices = _optional(_labelled(DIVISION_LABELS), _l("From the committee or the partners"))
        self.organization_ids.choices = organization_choices(organizations)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        if self.kind.data == "joint_committee":
            if not self.committee_id.data:
                self.committee_id.errors = [*self.committee_id.errors, _l("Choose the joint committee.")]
                valid = False
            if not self.session_number.data:
                self.session_number.errors = [*self.session_number.errors, _l("Give the session's number.")]
                valid = False
        if self.starts_at.data and self.ends_at.data and self.ends_at.data < self.starts_at.data:
            self.ends_at.errors = [*self.ends_at.errors, _l("The meeting ends before it starts.")]
            valid = False
        return valid


class AgendaItemForm(TitleFields, FlaskForm):
    presenter = StringField(_l("Presenter"), validators=[Optional(), Length(max=200)])
    duration_minutes = IntegerField(_l("Duration in minutes"), validators=[Optional(), NumberRange(min=1, max=1440)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return valid & require_one_language(self, "title", _l("Give the item's title in at least one language."))


class MinutesForm(FlaskForm):
    text = TextAreaField(_l("Minutes"), validators=[
        InputRequired(message=_l("Write the minutes.")), Length(max=100000),
    ])


class ActionFields:
    """What an action item says, in the standalone form and in the outcome form."""

    description_ar = TextAreaField(_l("The action, in Arabic"), validators=[Optional(), Length(max=TEXT_LENGTH)])
    description_en = TextAreaField(_l("The action, in English"), validators=[Optional(), Length(max=TEXT_LENGTH)])
    description_fr = TextAreaField(_l("The action, in French"), validators=[Optional(), Length(max=TEXT_LENGTH)])
    organization_id = SelectField(_l("Responsible organization"), validators=[Optional()])
    directorate = SelectField(_l("Or the ISESCO directorate responsible"), validators=[Optional()])
    person_in_charge = StringField(_l("Person in charge"), validators=[Optional(), Length(max=200)])
    person_in_charge_email = StringField(_l("Email of the person in charge, if they have an account"),
                                         validators=[Optional(), Length(max=254)])
    due_date = DateField(_l("Due date"), validators=[Optional()])
    priority = SelectField(_l("Priority"), validators=[InputRequired()], default="normal")

    def _set_action_choices(self, organizations) -> None:
        self.organization_id.choices = _optional(organization_choices(organizations))
        self.directorate.choices = _optional(_labelled(DIRECTORATE_LABELS))
        self.priority.choices = _labelled(PRIORITY_LABELS)

    def _validate_action(self) -> bool:
        valid = require_one_language(self, "description", _l("Describe the action in at least one language."))
        if not self.organization_id.data and not self.directorate.data:
            self.organization_id.errors = [*self.organization_id.errors,
                                           _l("Name the organization or the ISESCO directorate responsible.")]
            valid = False
        if not self.due_date.data:
            self.due_date.errors = [*self.due_date.errors, _l("Give the due date.")]
            valid = False
        return valid


class ActionItemForm(ActionFields, FlaskForm):
    project_id = SelectField(_l("Project"), validators=[Optional()])
    agreement_id = SelectField(_l("Agreement"), validators=[Optional()])
    need_id = IntegerField(_l("Need number"), validators=[Optional(), NumberRange(min=1)])
    division = SelectField(_l("Division"), validators=[Optional()])

    def __init__(self, organizations, projects, agreements, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_action_choices(organizations)
        self.project_id.choices = _optional(_titled(
            projects, lambda project, lang: f"{project.code} · {project.title.render(lang).text}"))
        self.agreement_id.choices = _optional(agreement_choices(agreements))
        self.division.choices = division_choices()

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) & self._validate_action()


class OutcomeForm(ActionFields, FlaskForm):
    kind = SelectField(_l("Kind of outcome"), validators=[InputRequired()])
    text_ar = TextAreaField(_l("Outcome in Arabic"), validators=[Optional(), Length(max=TEXT_LENGTH)])
    text_en = TextAreaField(_l("Outcome in English"), validators=[Optional(), Length(max=TEXT_LENGTH)])
    text_fr = TextAreaField(_l("Outcome in French"), validators=[Optional(), Length(max=TEXT_LENGTH)])

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = _labelled(OUTCOME_KIND_LABELS)
        self._set_action_choices(organizations)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "text", _l("Write the outcome in at least one language."))
        if self.kind.data == "action":
            valid &= self._validate_action()
        return valid


class ProgressForm(FlaskForm):
    new_state = SelectField(_l("State"), validators=[Optional()])
    comment = TextAreaField(_l("Progress comment"), validators=[Optional(), Length(max=TEXT_LENGTH)])

    def __init__(self, steps, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_state.choices = _optional([SelectChoice(step, ACTION_ITEM_STEP_LABELS[step]) for step in steps],
                                           _l("Unchanged"))


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Comment or reason"), validators=[Optional(), Length(max=TEXT_LENGTH)])
