from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import (
    AtLeastOne, CheckboxListField, DescriptionFields, ShortDescriptionFields, TitleFields, require_one_language,
)
from portal.core.i18n import current_locale, language_name, zone_choices
from portal.core.text import without_bidi_controls
from portal.forum.labels import PARTICIPANT_TYPE_LABELS, SESSION_KIND_LABELS
from portal.forum.models import INTERPRETATION_LANGUAGES
from portal.organizations.forms import country_choices


def language_choices(codes=INTERPRETATION_LANGUAGES) -> list[SelectChoice]:
    lang = current_locale()
    return [SelectChoice(code, language_name(code, lang)) for code in codes]


class EditionForm(TitleFields, DescriptionFields, FlaskForm):
    ordinal = IntegerField(_l("Edition number"), validators=[InputRequired(), NumberRange(min=1, max=100)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(min=2000, max=2100)])
    city_ar = StringField(_l("City in Arabic"), validators=[Optional(), Length(max=200)])
    city_en = StringField(_l("City in English"), validators=[Optional(), Length(max=200)])
    city_fr = StringField(_l("City in French"), validators=[Optional(), Length(max=200)])
    country_code = SelectField(_l("Country"), validators=[InputRequired()])
    venue_ar = StringField(_l("Venue in Arabic"), validators=[Optional(), Length(max=200)])
    venue_en = StringField(_l("Venue in English"), validators=[Optional(), Length(max=200)])
    venue_fr = StringField(_l("Venue in French"), validators=[Optional(), Length(max=200)])
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    timezone = SelectField(_l("Time zone of the venue"), validators=[InputRequired()], default="Africa/Casablanca")
    registration_opens = DateField(_l("Registration opens on"), validators=[InputRequired()])
    registration_closes = DateField(_l("Registration closes on"), validators=[InputRequired()])
    capacity = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(min=1, max=100000)])
    interpretation_languages = CheckboxListField(
        _l("Interpretation languages"), validators=[AtLeastOne(_l("Choose at least one language."))],
    )
    approve_automatically = BooleanField(_l("Approve registrations while seats remain, then waitlist"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country_code.choices = country_choices()
        self.timezone.choices = [SelectChoice(zone, label) for zone, label in zone_choices()]
        self.interpretation_languages.choices = language_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for prefix, message in (
            ("title", _l("Give a title in at least one language.")),
            ("description", _l("Give a description in at least one language.")),
            ("city", _l("Give the city in at least one language.")),
            ("venue", _l("Give the venue in at least one language.")),
        ):
            valid &= require_one_language(self, prefix, message)
        if self.start_date.data and self.end_date.data and self.end_date.data < self.start_date.data:
            self.end_date.errors = [*self.end_date.errors, _l("The end comes before the start.")]
            valid = False
        opens, closes = self.registration_opens.data, self.registration_closes.data
        if opens and closes and closes < opens:
            self.registration_closes.errors = [*self.registration_closes.errors, _l("The end comes before the start.")]
            valid = False
        if closes and self.end_date.data and closes > self.end_date.data:
            self.registration_closes.errors = [
                *self.registration_closes.errors, _l("Registration must close by the last day of the forum."),
            ]
            valid = False
        return valid


class SessionForm(TitleFields, ShortDescriptionFields, FlaskForm):
    kind = SelectField(_l("Kind"), validators=[InputRequired()])
    starts_at = DateTimeLocalField(_l("Starts (venue time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends (venue time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    room = StringField(_l("Room"), validators=[Optional(), Length(max=120)])
    capacity = IntegerField(_l("Seats (leave empty when open to all)"), validators=[Optional(), NumberRange(min=1, max=100000)])
    speakers = TextAreaField(_l("Speakers, one per line"), validators=[Optional(), Length(max=3000)])
    languages = CheckboxListField(_l("Languages"), validators=[AtLeastOne(_l("Choose at least one language."))])

    def __init__(self, edition, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.kind.choices = [SelectChoice(code, label) for code, label in SESSION_KIND_LABELS.items()]
        self.languages.choices = language_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid &= require_one_language(self, "title", _l("Give a title in at least one language."))
        starts, ends = self.starts_at.data, self.ends_at.data
        if starts and ends and ends <= starts:
            self.ends_at.errors = [*self.ends_at.errors, _l("The session must end after it starts.")]
            valid = False
        if starts and not self.edition.start_date <= starts.date() <= self.edition.end_date:
            self.starts_at.errors = [*self.starts_at.errors, _l("The session must take place during the forum.")]
            valid = False
        return valid


class RegistrationForm(FlaskForm):
    organization_id = SelectField(_l("I come"))
    participant_type = SelectField(_l("I take part as"), validators=[InputRequired()])
    interpretation_language = SelectField(_l("Interpretation language"), validators=[InputRequired()])
    accessibility_needs = TextAreaField(_l("Accessibility needs (optional)"), validators=[Optional(), Length(max=1000)])
    dietary_needs = TextAreaField(_l("Dietary needs (optional)"), validators=[Optional(), Length(max=1000)])
    listed_publicly = BooleanField(_l("Show my name and organization in the public list of participants"))
    visa_letter_requested = BooleanField(_l("I need a visa invitation letter"))
    passport_name = StringField(_l("Name as in the passport"), validators=[Optional(), Length(max=200)], filters=[without_bidi_controls])
    passport_number = StringField(_l("Passport number"), validators=[Optional(), Length(max=40)])
    nationality = SelectField(_l("Nationality"), validators=[Optional()])
    passport_expiry = DateField(_l("Passport valid until"), validators=[Optional()])

    def __init__(self, edition, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        lang = current_locale()
        self.organization_id.choices = [SelectChoice("", _l("On my own"))] + [
            SelectChoice(str(org.id), _l("On behalf of %(name)s", name=org.names.render(lang).text))
            for org in organizations
        ]
        self.participant_type.choices = [SelectChoice(code, label) for code, label in PARTICIPANT_TYPE_LABELS.items()]
        self.interpretation_language.choices = language_choices(edition.interpretation_languages)
        self.nationality.choices = [SelectChoice("", "—")] + country_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.visa_letter_requested.data:
            for passport_field in (self.passport_name, self.passport_number, self.nationality, self.passport_expiry):
                if not passport_field.data:
                    passport_field.errors = [*passport_field.errors, _l("Needed for the visa letter.")]
                    valid = False
            expiry = self.passport_expiry.data
            if isinstance(expiry, date) and expiry <= self.edition.end_date:
                self.passport_expiry.errors = [
                    *self.passport_expiry.errors, _l("The passport must be valid beyond the last day of the forum."),
                ]
                valid = False
        return valid


class CheckInForm(FlaskForm):
    code = StringField(_l("Badge code"), validators=[InputRequired(message=_l("Type or scan the badge's code.")), Length(max=64)])
