"""Form pieces shared by every domain."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from portal.config import LOCALES
from portal.core.i18n import current_locale
from portal.core.translated import TranslatedText
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget


class CheckboxListField(SelectMultipleField):
    """Several choices as checkboxes (the macros render them in a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AtLeastOne:
    """At least one box ticked. Unlike InputRequired it sets no `required` flag, which would
    mark every single checkbox as required."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field) -> None:
        if not field.data:
            raise StopValidation(self.message)


def translated_text(form, prefix: str) -> TranslatedText | None:
    """The `<prefix>_ar/_en/_fr` fields of a form as one TranslatedText (None if all are empty);
    the page's language is the original when it was filled in."""
    texts = {lang: getattr(form, f"{prefix}_{lang}").data for lang in LOCALES}
    if not any((text or "").strip() for text in texts.values()):
        return None
    return TranslatedText.build(texts, original=current_locale())


def set_translated_values(target, prefix: str, text: TranslatedText) -> None:
    """The reverse of translated_text: `<prefix>_ar/_en/_fr` attributes of a form's `obj`."""
    for lang in LOCALES:
        setattr(target, f"{prefix}_{lang}", text.get(lang) or "")


def require_one_language(form, prefix: str, message) -> bool:
    """A translated text needs at least one of its `<prefix>_ar/_en/_fr` fields filled in."""
    fields = [getattr(form, f"{prefix}_{lang}") for lang in LOCALES]
    if any((field.data or "").strip() for field in fields):
        return True
    fields[0].errors = [*fields[0].errors, message]
    return False


# The longest title and descriptions a person may write, in each language (the API's too).
TITLE_LENGTH = 200
DESCRIPTION_LENGTH = 10000
SHORT_DESCRIPTION_LENGTH = 5000


# A title and a description in each portal language, for `translated_text(form, "title")` and
# the `translated_fields` macro; a form takes them by inheriting these (WTForms collects fields
# from every base class).
class TitleFields:
    title_ar = StringField(_l("Title in Arabic"), validators=[Optional(), Length(max=TITLE_LENGTH)])
    title_en = StringField(_l("Title in English"), validators=[Optional(), Length(max=TITLE_LENGTH)])
    title_fr = StringField(_l("Title in French"), validators=[Optional(), Length(max=TITLE_LENGTH)])


class DescriptionFields:
    description_ar = TextAreaField(_l("Description in Arabic"), validators=[Optional(), Length(max=DESCRIPTION_LENGTH)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=DESCRIPTION_LENGTH)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Optional(), Length(max=DESCRIPTION_LENGTH)])


class ShortDescriptionFields:
    description_ar = TextAreaField(_l("Description in Arabic"), validators=[Optional(), Length(max=SHORT_DESCRIPTION_LENGTH)])
    description_en = TextAreaField(_l("Description in English"), validators=[Optional(), Length(max=SHORT_DESCRIPTION_LENGTH)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Optional(), Length(max=SHORT_DESCRIPTION_LENGTH)])
