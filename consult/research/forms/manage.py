"""Staff's forms: a new diagnosis (for one JST or several), its details, its groups, areas
and questions, and the invitations."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from consult.core.forms import MultiCheckboxField, choices, strip
from consult.research.models import QUESTION_KIND_LABELS, QuestionKind

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _date(label):
    return DateField(label, format=DATE_FORMATS,
                     validators=[InputRequired(_l("Enter the date, e.g. 2026-11-02."))],
                     invalid_value_message=_l("Enter the date, e.g. 2026-11-02."))


def _threshold():
    return IntegerField(
        _l("Smallest group shown in the results"),
        validators=[InputRequired(_l("Enter a whole number from 1 to 100.")),
                    NumberRange(min=1, max=100, message=_l("Enter a whole number from 1 to 100."))],
        invalid_value_message=_l("Enter a whole number from 1 to 100."),
        description=_l("No figure is shown for a group with fewer finished answers, so that "
                       "no respondent can be recognised."))


class DetailsForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Enter the title.")), Length(max=200)], filters=[strip])
    opens_on = _date(_l("First day of answers"))
    closes_on = _date(_l("Last day of answers"))
    min_group_answers = _threshold()


class NewDiagnosisForm(FlaskForm):
    institutions = MultiCheckboxField(
        _l("Local governments"), coerce=int, choices=[],
        validators=[DataRequired(_l("Choose at least one local government."))],
        description=_l("Choose several to make one diagnosis for each, all alike."))
    year = IntegerField(
        _l("Year"), validators=[InputRequired(_l("Enter the year, e.g. 2026.")),
                                NumberRange(min=2000, max=2100,
                                            message=_l("Enter the year, e.g. 2026."))],
        invalid_value_message=_l("Enter the year, e.g. 2026."))
    title = StringField(
        _l("Title (optional)"), validators=[Length(max=150)], filters=[strip],
        description=_l("Empty: \"Diagnoza jakości współpracy\", the name and the year. With "
                       "several local governments each title ends with the name."))
    opens_on = _date(_l("First day of answers"))
    closes_on = _date(_l("Last day of answers"))
    min_group_answers = _threshold()

    def __init__(self, *args, institution_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.institutions.choices = choices(institution_choices)
        if self.min_group_answers.data is None and not self.is_submitted():
            self.min_group_answers.data = current_app.config["RESEARCH_MIN_GROUP_ANSWERS"]


class GroupForm(FlaskForm):
    key = StringField(
        _l("Key"), filters=[strip],
        validators=[DataRequired(_l("Enter the key.")), Length(max=40),
                    Regexp(r"^[a-z0-9-]+$", message=_l("Use small letters without Polish "
                                                       "characters, digits and hyphens."))],
        description=_l("A short name used in the lists of addresses, e.g. ngo."))
    name_pl = StringField(_l("Name in Polish"), filters=[strip], validators=[
        DataRequired(_l("Enter the name in Polish.")), Length(max=120)])
    name_en = StringField(_l("Name in English"), filters=[strip], validators=[
        DataRequired(_l("Enter the name in English.")), Length(max=120)])


def _position():
    return IntegerField(_l("Order"), validators=[
        InputRequired(_l("Enter a whole number from 0 to 999.")),
        NumberRange(min=0, max=999, message=_l("Enter a whole number from 0 to 999."))],
        invalid_value_message=_l("Enter a whole number from 0 to 999."),
        description=_l("Smaller numbers come first."))


class AreaForm(FlaskForm):
    title_pl = StringField(_l("Title in Polish"), filters=[strip], validators=[
        DataRequired(_l("Enter the title in Polish.")), Length(max=200)])
    title_en = StringField(_l("Title in English"), filters=[strip], validators=[
        DataRequired(_l("Enter the title in English.")), Length(max=200)])
    description_pl = TextAreaField(_l("Description in Polish"), filters=[strip],
                                   validators=[Length(max=2000)])
    description_en = TextAreaField(_l("Description in English"), filters=[strip],
                                   validators=[Length(max=2000)])
    weight = IntegerField(_l("Weight in the overall index"), validators=[
        InputRequired(_l("Enter a whole number from 0 to 10.")),
        NumberRange(min=0, max=10, message=_l("Enter a whole number from 0 to 10."))],
        invalid_value_message=_l("Enter a whole number from 0 to 10."),
        description=_l("0 leaves the area out of the overall index."))
    position = _position()


def _lines(value):
    return value.strip() if isinstance(value, str) else value


class IndicatorForm(FlaskForm):
    kind = SelectField(_l("Kind of question"), choices=choices(
        (str(kind), QUESTION_KIND_LABELS[kind]) for kind in QuestionKind))
    text_pl = TextAreaField(_l("Question in Polish"), filters=[strip], validators=[
        DataRequired(_l("Enter the question in Polish.")), Length(max=1000)])
    text_en = TextAreaField(_l("Question in English"), filters=[strip], validators=[
        DataRequired(_l("Enter the question in English.")), Length(max=1000)])
    labels_pl = TextAreaField(
        _l("Scale labels in Polish"), filters=[_lines], validators=[Length(max=2000)],
        description=_l("For a scale only: one label per line, from the worst to the best."))
    labels_en = TextAreaField(
        _l("Scale labels in English"), filters=[_lines], validators=[Length(max=2000)],
        description=_l("As many lines as in Polish, in the same order."))
    dont_know = BooleanField(_l("Offer \"hard to say\" (a scale or yes/no)"))
    reversed = BooleanField(_l("Reversed: \"yes\" or a high choice is the bad answer"))
    position = _position()

    @staticmethod
    def split(text: str | None) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


class InvitationsForm(FlaskForm):
    group = SelectField(_l("Group"), choices=[],
                        description=_l("For the addresses without a group of their own."))
    addresses = TextAreaField(
        _l("Addresses"), validators=[Optional(), Length(max=200_000)],
        description=_l("One address per line; to give a line its own group add a semicolon "
                       "and the group's key, e.g. biuro@fundacja.pl;ngo."))
    file = FileField(
        _l("Or a CSV file"),
        description=_l("Columns \"email\" and (optionally) \"group\", with a header line."))

    def validate_addresses(self, field) -> None:
        if not (field.data or "").strip() and not self.file.data:
            raise ValidationError(_("Paste the addresses or choose a file."))


class GroupChoiceForm(FlaskForm):
    """Invitations from the network: only the group is chosen."""

    group = SelectField(_l("Group"), choices=[])
