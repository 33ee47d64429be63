"""Form pieces shared by every domain."""
from wtforms import SelectMultipleField

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
