from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.duediligence.labels import (
    CHECK_RESULT_LABELS,
    CHECKLIST_ITEM_LABELS,
    FLAG_CATEGORY_LABELS,
    FLAG_SEVERITY_LABELS,
)
from portal.duediligence.models import ChecklistItem
from portal.duediligence.services import allowed_results


class VerificationForm(FlaskForm):
    """The checklist an officer fills in to verify, reject or reinstate an organization, and the
    reason a rejection gives the owner. Each item has a `<item>_result` and a `<item>_comment` field."""

    reason = TextAreaField(_l("Reason (for a rejection: the owner will read it)"), validators=[Optional(), Length(max=2000)])

    def checklist(self) -> dict:
        return {item: {"result": self[f"{item}_result"].data, "comment": self[f"{item}_comment"].data}
                for item in ChecklistItem.ALL}

    def items(self):
        """(item, label, result field, comment field) for each item, in order."""
        return [(item, CHECKLIST_ITEM_LABELS[item], self[f"{item}_result"], self[f"{item}_comment"])
                for item in ChecklistItem.ALL]


for _item in ChecklistItem.ALL:
    setattr(VerificationForm, f"{_item}_result", RadioField(
        CHECKLIST_ITEM_LABELS[_item],
        choices=[SelectChoice(result, CHECK_RESULT_LABELS[result]) for result in allowed_results(_item)],
        validators=[InputRequired(message=_l("Tick a result for this item."))],
    ))
    setattr(VerificationForm, f"{_item}_comment", StringField(lazy_pgettext("remark", "Comment"), validators=[Optional(), Length(max=1000)]))
del _item


class FlagForm(FlaskForm):
    category = SelectField(_l("Category"), choices=[SelectChoice(code, label) for code, label in FLAG_CATEGORY_LABELS.items()], validators=[InputRequired()])
    severity = SelectField(_l("Severity"), choices=[SelectChoice(code, label) for code, label in FLAG_SEVERITY_LABELS.items()], validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(message=_l("Give the reason for the flag.")),
                                                     Length(max=2000)])
    evidence = TextAreaField(_l("Evidence"), validators=[Optional(), Length(max=5000)])
    evidence_file = FileField(_l("Evidence file (PDF, PNG or JPEG, optional)"))


class FlagDecisionForm(FlaskForm):
    comment = TextAreaField(lazy_pgettext("remark", "Comment"), validators=[InputRequired(message=_l("Say why, in a comment.")),
                                                       Length(max=2000)])
    # The page the flag was decided from (duediligence.views.FLAG_PAGES), to go back to.
    back = HiddenField()
