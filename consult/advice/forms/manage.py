"""Staff's form of a session of advice. Who was advised is typed: an organisation's name
(the register's names are suggested; a name not in it is kept as typed) and a JST found
without JavaScript — "Find" posts the form back with the matching JSTs in the select and
everything else as typed (as the network's join form does). The rules are
``services.check``'s."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from consult.advice.models import CATEGORY_LABELS, FORM_LABELS, AdviceForm, TopicCategory
from consult.advice.services import AdviceData
from consult.core.forms import choices, strip

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def optional_id(value):
    """A select's value as an id, or None for its empty choice."""
    if value in (None, "", "None"):
        return None
    return int(value)


class AdviceSessionForm(FlaskForm):
    held_on = DateField(
        _l("Date"), format=DATE_FORMATS, validators=[InputRequired(_l("Enter the date."))],
        invalid_value_message=_l("Enter a date, e.g. 2026-11-27."))
    start_time = TimeField(
        _l("Start time"), validators=[Optional()],
        invalid_value_message=_l("Enter a time, e.g. 15:30, or leave it empty."))
    minutes = IntegerField(
        _l("Duration in minutes"),
        validators=[InputRequired(_l("Enter the duration in minutes."))],
        invalid_value_message=_l("Enter the duration in minutes, e.g. 90."),
        description=_l("E.g. 90 for 1 h 30 min; at most 12 hours."))
    advised = StringField(
        _l("Organisation"), validators=[Length(max=300)], filters=[strip],
        render_kw={"list": "organisation-names", "autocomplete": "off"},
        description=_l("Start typing: the names in the register of organisations are "
                       "suggested. A name not in the register is kept as typed."))
    institution_q = StringField(
        _l("Find a local government"), validators=[Optional(), Length(max=200)],
        filters=[strip])
    find = SubmitField(_l("Find"))
    institution = SelectField(_l("Local government (JST)"), coerce=optional_id,
                              choices=[], validate_choice=True)
    person_name = StringField(
        _l("Person advised"), validators=[Length(max=200)], filters=[strip],
        description=_l("Optional. Their name is kept for the funder's report only, with "
                       "this record."))
    topic = StringField(
        _l("Topic"), validators=[DataRequired(_l("Enter the topic.")), Length(max=300)],
        filters=[strip])
    category = SelectField(_l("Category"), choices=choices(
        (str(value), label) for value, label in CATEGORY_LABELS.items()))
    mode = SelectField(lazy_pgettext("advice", "Form"), choices=choices(
        (str(value), label) for value, label in FORM_LABELS.items()))
    advisor = SelectField(_l("Advisor"), coerce=optional_id, choices=[])
    funding_project = SelectField(_l("Funding project"), coerce=optional_id, choices=[])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)], filters=[strip],
                          description=_l("For staff only."))

    def data_of(self) -> AdviceData:
        return AdviceData(
            held_on=self.held_on.data, minutes=self.minutes.data, topic=self.topic.data or "",
            category=TopicCategory(self.category.data), form=AdviceForm(self.mode.data),
            advised=self.advised.data or "", institution_id=self.institution.data,
            start_time=self.start_time.data, person_name=self.person_name.data or "",
            advisor_id=self.advisor.data, funding_project_id=self.funding_project.data,
            notes=self.notes.data or "")
