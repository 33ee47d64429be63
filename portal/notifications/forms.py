from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets


class MailPreferencesForm(FlaskForm):
    """The categories of mail the user wants; unticked ones stay notifications only."""

    categories = SelectMultipleField(option_widget=widgets.CheckboxInput(), widget=widgets.ListWidget(prefix_label=False))


class MarkReadForm(FlaskForm):
    """A button and its CSRF token."""
