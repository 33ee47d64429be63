from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.core.forms import DescriptionFields, TitleFields, require_one_language

POST_MAX_LENGTH = 20000


class ThemeForm(TitleFields, DescriptionFields, FlaskForm):
    position = IntegerField(_l("Place in the list (smallest first)"), default=0,
                            validators=[Optional(), NumberRange(min=0, max=1000)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        return require_one_language(self, "title", _l("Give a title in at least one language.")) and valid


class PostForm(FlaskForm):
    body = TextAreaField(
        _l("Your message"), render_kw={"rows": 8},
        validators=[InputRequired(message=_l("Write your message first.")), Length(max=POST_MAX_LENGTH)],
    )


class ThreadForm(PostForm):
    title = StringField(_l("Title of the thread"),
                        validators=[InputRequired(message=_l("Give the thread a title.")), Length(max=200)])
