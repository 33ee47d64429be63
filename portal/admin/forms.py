"""Forms of the administrators' pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired

from portal.accounts.administration import ROLE_LABELS


class RoleChangeForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[InputRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(code, str(label)) for code, label in ROLE_LABELS.items()]


class ActionForm(FlaskForm):
    """A button and its CSRF token."""
