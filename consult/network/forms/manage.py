"""Staff forms of the network: rejecting a request, topics, announcements."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.core.forms import BulkMessageForm, strip

NOT_GIVEN = 0  # the "all" option of the announcement filters (coerce=int)


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (sent to the person)"),
        validators=[DataRequired(_l("Give the reason: it is sent to the person.")),
                    Length(max=2000)],
        filters=[strip],
    )


class TopicForm(FlaskForm):
    """A new topic; it goes to the end of the list."""

    name = StringField(
        _l("Name of the topic"),
        validators=[DataRequired(_l("Enter the name of the topic.")), Length(max=200)],
        filters=[strip],
    )


class TopicEditForm(FlaskForm):
    """One row of the topic list. The view gives each row the prefix ``topic-<id>`` so the
    ids of the fields stay unique on the page; ``action`` is the value of the pressed
    button (save, deactivate, activate)."""

    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the name of the topic.")), Length(max=200)],
        filters=[strip],
    )
    position = IntegerField(
        _l("Place in the list"),
        validators=[InputRequired(_l("Enter a whole number.")),
                    NumberRange(min=0, max=9999, message=_l("Enter a number from 0 to 9999."))],
    )


class AnnouncementForm(BulkMessageForm):
    """An announcement to approved members; the view fills the choices of the filters.

    ``previewed`` holds the filters whose recipient count staff saw; "Send" with other
    filters shows the new count first instead of sending."""

    powiat = SelectField(_l("Only members in the county"), coerce=int, default=NOT_GIVEN,
                         validators=[Optional()])
    topic = SelectField(_l("Only members working on the topic"), coerce=int,
                        default=NOT_GIVEN, validators=[Optional()])
    previewed = HiddenField()

    def filters_key(self) -> str:
        return f"{self.powiat.data or NOT_GIVEN}:{self.topic.data or NOT_GIVEN}"
