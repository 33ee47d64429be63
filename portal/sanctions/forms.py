from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length


class FlagDecisionForm(FlaskForm):
    """Clearing or confirming a sanctions flag: the officer says why."""

    comment = TextAreaField(_l("Why"), validators=[InputRequired(message=_l("Say why, in a comment.")), Length(max=2000)])
