"""Staff forms for an event's registrations: decisions, adding by hand, messages, check-in."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from consult.core.forms import MultiCheckboxField, RequiredWhen, choices, email_field, strip
from consult.events.choices import CATEGORIES, CATEGORY_LABELS
from consult.events.forms.public import ORGANISATION_REQUIRED
from consult.events.models import RegistrationStatus

MESSAGE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING,
                    RegistrationStatus.WAITLISTED)
MESSAGE_STATUS_LABELS = {
    RegistrationStatus.CONFIRMED: _l("confirmed participants"),
    RegistrationStatus.PENDING: _l("registrations waiting for confirmation or approval"),
    RegistrationStatus.WAITLISTED: _l("people on the waiting list"),
}


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (sent to the person)"),
        validators=[Optional(), Length(max=300)],
        filters=[strip],
    )


class CancelRegistrationForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (sent to the person)"),
        validators=[DataRequired(_l("Enter the reason; the person reads it in the e-mail.")),
                    Length(max=300)],
        filters=[strip],
    )


class MoveForm(FlaskForm):
    """Move to another event; the view fills the choices with events staff may pick."""

    target_event = SelectField(
        _l("Move to the event"), coerce=int,
        validators=[InputRequired(_l("Choose the event to move the registration to."))],
    )


class AddRegistrationForm(FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter the participant's name.")), Length(max=200)],
        filters=[strip],
    )
    email = email_field()
    category = RadioField(
        _l("Takes part as"),
        choices=choices((c, CATEGORY_LABELS[c]) for c in CATEGORIES),
        validators=[InputRequired(_l("Choose who the participant takes part as."))],
    )
    organisation = StringField(
        _l("Organisation or institution"),
        validators=[RequiredWhen("category", ORGANISATION_REQUIRED, _l(
            "Enter the participant's organisation or institution: it is required for NGO "
            "and local government participants.")), Length(max=300)],
        filters=[strip],
    )
    position = StringField(
        _l("Position or role"), validators=[Optional(), Length(max=200)], filters=[strip]
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)], filters=[strip])
    note = TextAreaField(
        _l("Note for staff"), validators=[Optional(), Length(max=2000)], filters=[strip]
    )


class MessageForm(FlaskForm):
    """A message to participants: everyone in the ticked statuses plus the ticked people."""

    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(_l("Enter the subject.")), Length(max=200)],
        filters=[strip],
    )
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(_l("Write the message.")), Length(max=10000)],
        filters=[strip],
    )
    statuses = MultiCheckboxField(
        _l("Send to everyone who is"),
        choices=choices((s, MESSAGE_STATUS_LABELS[s]) for s in MESSAGE_STATUSES),
    )
    registration_ids = MultiCheckboxField(_l("And to these people"), coerce=int)

    def validate_statuses(self, field):
        if not field.data and not self.registration_ids.data:
            raise ValidationError(_l("Choose who receives the message."))


class CheckInForm(FlaskForm):
    """A check-in button: the day, ``present`` (the button's value: "yes", or "no" to undo)
    and the search to return to. Saying which state is wanted, not "toggle", keeps two
    phones pressing at once from undoing each other."""

    day = HiddenField(validators=[DataRequired()])
    present = HiddenField(validators=[Optional()])
    q = HiddenField(validators=[Optional()], filters=[strip])
