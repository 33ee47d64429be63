"""Administrators' forms for reference data: names in the three languages, flags, rates."""
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Regexp

from portal.core.translated import TranslatedText

NAME_LENGTH = 200


class NamesForm(FlaskForm):
    # Reference names appear in every language's pages and exports: all three are required.
    name_ar = StringField(_l("Name in Arabic"), validators=[InputRequired(), Length(max=NAME_LENGTH)])
    name_en = StringField(_l("Name in English"), validators=[InputRequired(), Length(max=NAME_LENGTH)])
    name_fr = StringField(_l("Name in French"), validators=[InputRequired(), Length(max=NAME_LENGTH)])

    def names(self) -> TranslatedText:
        return TranslatedText({"ar": self.name_ar.data, "en": self.name_en.data, "fr": self.name_fr.data}, "en")

    def fill(self, names: TranslatedText) -> None:
        for lang in ("ar", "en", "fr"):
            getattr(self, f"name_{lang}").data = names.texts.get(lang, "")


class CountryForm(NamesForm):
    member_state = BooleanField(_l("ISESCO member state"))
    special_circumstances = BooleanField(_l("In special circumstances"))


class NewEntryForm(NamesForm):
    code = StringField(_l("Code"), validators=[
        InputRequired(), Length(max=64),
        Regexp(r"^[a-z][a-z0-9_]*$", message=_l("Lower-case letters, digits and underscores, starting with a letter.")),
    ])
    field_code = SelectField(_l("Field"), validate_choice=False)


class RateForm(FlaskForm):
    units_per_usd = DecimalField(_l("Units for one US dollar"), places=6, validators=[
        InputRequired(message=_l("Give the rate as a number.")),
        NumberRange(min=0.000001, message=_l("A rate is a number of units for one US dollar, above zero.")),
    ])
    valid_from = DateField(_l("Applies from"), default=date.today, validators=[InputRequired()])
