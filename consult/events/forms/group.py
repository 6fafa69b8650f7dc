"""The group registration form (consult/events/groups.py): the organisation, a row per
colleague (name, optional address, group), and the coordinator's declaration. Works
without JavaScript: "Add a row" posts the form back with one more empty row."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from consult.core.forms import choices, strip
from consult.events.choices import CATEGORIES, CATEGORY_LABELS, NGO
from consult.events.groups import MAX_PEOPLE

FIRST_ROWS = 3


class ColleagueForm(Form):
    full_name = StringField(_l("Full name"), validators=[Length(max=200)], filters=[strip])
    email = EmailField(
        _l("E-mail address (optional)"), filters=[strip],
        validators=[Optional(), Email(_l("Enter a valid e-mail address, e.g. "
                                         "name@example.pl.")), Length(max=320)])
    category = SelectField(_l("Takes part as"), default=NGO,
                           choices=choices((c, CATEGORY_LABELS[c]) for c in CATEGORIES))

    def validate_full_name(self, field):
        if not field.data and self.email.data:
            raise ValidationError(_l("Enter the name of the person with this address."))


class GroupRegistrationForm(FlaskForm):
    organisation = StringField(
        _l("Organisation or institution"), filters=[strip],
        validators=[DataRequired(_l("Enter the name of your organisation or institution.")),
                    Length(max=300)])
    people = FieldList(FormField(ColleagueForm), min_entries=FIRST_ROWS,
                       max_entries=MAX_PEOPLE)
    consent = BooleanField(
        _l("I have told these people that I am registering them, and how the organisers "
           "use their data (the privacy policy), and they agreed."),
        validators=[DataRequired(_l("Confirm that the people agreed to be registered."))])
    add_row = SubmitField(_l("Add a row"))

    def colleagues(self) -> list[dict]:
        """The rows with a name, as typed."""
        return [row.data for row in self.people if row.full_name.data]

    def validate(self, extra_validators=None) -> bool:
        """Beside each row's own checks: at least one person (told at the first name) and
        each address once (told at the repeated one)."""
        valid = super().validate(extra_validators)
        if not self.colleagues():
            self.people[0].full_name.errors.append(_l("Enter at least one person."))
            valid = False
        seen = set()
        for row in self.people:
            address = (row.email.data or "").lower()
            if address and address in seen:
                row.email.errors.append(_l("This address is already in the list."))
                valid = False
            seen.add(address)
        return valid
