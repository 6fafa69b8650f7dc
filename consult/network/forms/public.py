"""The member's forms: joining the network and editing one's own entry.

The institution is chosen without JavaScript: the person types part of its name in
``institution_q`` and presses "Find" (the ``find`` button); the same form comes back with
the matching JSTs as radio buttons (``institution``) and everything else as typed.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from consult.core.forms import MultiCheckboxField, choices, email_field, strip
from consult.network.models import (
    FIELD_LABELS,
    FIELDS,
    JOIN_VISIBILITY,
    VISIBILITY_LABELS,
    Visibility,
)


class MemberForm(FlaskForm):
    institution_q = StringField(
        _l("Find your institution"), validators=[Optional(), Length(max=200)], filters=[strip])
    find = SubmitField(_l("Find"))
    institution = RadioField(
        _l("Institution"), coerce=int, choices=[],
        validators=[InputRequired(_l("Choose your institution: type part of its name and "
                                     "press “Find”."))])
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        filters=[strip])
    position = StringField(
        _l("Position"),
        validators=[DataRequired(_l("Enter your position.")), Length(max=200)],
        filters=[strip])
    department = StringField(
        _l("Department"), validators=[Optional(), Length(max=200)], filters=[strip])
    work_email = email_field(_l("Work e-mail"))
    work_phone = StringField(
        _l("Work phone"),
        validators=[Optional(), Length(max=40),
                    Regexp(r"^[0-9+() .\-/wew]*$",
                           message=_l("Enter a phone number: digits, spaces and + ( ) - only."))],
        filters=[strip])
    is_coordinator = BooleanField(
        _l("I am my institution's designated coordinator for cooperation with NGOs"))
    topics = MultiCheckboxField(_l("Topics I work on"), coerce=int, choices=[])
    announcements = BooleanField(_l("Send me the network's announcements by e-mail"))
    bio = TextAreaField(
        _l("About me"), validators=[Optional(), Length(max=1000)], filters=[strip])

    def visibility_fields(self) -> dict:
        return {name: self[f"{name}_visibility"] for name in FIELDS}

    def visibility_choices(self) -> dict[str, str]:
        return {name: field.data for name, field in self.visibility_fields().items()}


# One "who may see it" radio group per field, e.g. ``work_phone_visibility``, shown as one
# row of the visibility table. Optional: one choice is always ticked, and a group the
# browser does not send keeps it (WTForms leaves the default when no value comes).
for _name in FIELDS:
    setattr(MemberForm, f"{_name}_visibility", RadioField(
        _l("Who may see: %(field)s", field=FIELD_LABELS[_name]),
        choices=choices((v, VISIBILITY_LABELS[v]) for v in Visibility),
        default=JOIN_VISIBILITY[_name], validators=[Optional()],
    ))


class JoinForm(MemberForm):
    consent = BooleanField(
        _l("I agree that my entry is published as I chose above (each field only to the "
           "people I chose) and that my data is processed to run the officials' network."),
        validators=[DataRequired(_l("Your consent is needed to join the network."))])


class EntryForm(MemberForm):
    """The member's own entry: the same fields; saving records the choices as consent."""
