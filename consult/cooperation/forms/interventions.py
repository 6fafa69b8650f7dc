"""Staff's forms of the interventions: one for adding and correcting an intervention (its
reply, outcome and follow-up too). The rules (dates
in order, the letter's type and size) are ``interventions.check``'s and ``attach_letter``'s."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from consult.cooperation.interventions import SUMMARY_MAX, InterventionData
from consult.cooperation.models import (
    OUTCOME_LABELS,
    PROBLEM_LABELS,
    InterventionOutcome,
    InterventionProblem,
)
from consult.core.forms import choices, strip

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
INVALID_DATE = _l("Enter a date, e.g. 2026-11-27.")


class InterventionForm(FlaskForm):
    sent_on = DateField(
        _l("Date of the letter"), format=DATE_FORMATS,
        validators=[InputRequired(_l("Enter the date of the letter."))],
        invalid_value_message=INVALID_DATE)
    subject = StringField(
        _l("Subject"), validators=[DataRequired(_l("Enter the subject.")), Length(max=300)],
        filters=[strip], description=_l("E.g. “Request to adopt the programme for 2027”."))
    problem = SelectField(_l("Problem"), choices=choices(
        (str(kind), label) for kind, label in PROBLEM_LABELS.items()))
    details = TextAreaField(
        _l("Details"), validators=[Length(max=10000)], filters=[strip],
        description=_l("What the federation asked for and why; for staff only."))
    letter = FileField(_l("The letter"))
    reply_on = DateField(_l("Date of the reply"), format=DATE_FORMATS,
                         validators=[Optional()], invalid_value_message=INVALID_DATE)
    reply = TextAreaField(_l("Reply"), validators=[Length(max=10000)], filters=[strip],
                          description=_l("What the local government answered; for staff only."))
    outcome = SelectField(_l("Outcome"), choices=choices(
        (str(outcome), label) for outcome, label in OUTCOME_LABELS.items()))
    outcome_note = StringField(
        _l("Why the outcome changed"), validators=[Length(max=500)], filters=[strip],
        description=_l("Optional; kept in the history of the outcome."))
    follow_up_on = DateField(
        _l("Follow up on"), format=DATE_FORMATS, validators=[Optional()],
        invalid_value_message=INVALID_DATE,
        description=_l("On this day the person who entered the intervention gets a reminder "
                       "by e-mail, unless it is resolved."))
    public_summary = TextAreaField(
        _l("Public summary"), validators=[Length(max=SUMMARY_MAX)], filters=[strip],
        description=_l("A few sentences for the local government's public page. It is shown "
                       "only once you publish it; the letter, the details and the reply never "
                       "are."))

    def data_of(self) -> InterventionData:
        return InterventionData(
            sent_on=self.sent_on.data, subject=self.subject.data or "",
            problem=InterventionProblem(self.problem.data), details=self.details.data or "",
            reply_on=self.reply_on.data, reply=self.reply.data or "",
            outcome=InterventionOutcome(self.outcome.data),
            follow_up_on=self.follow_up_on.data,
            public_summary=self.public_summary.data or "")

