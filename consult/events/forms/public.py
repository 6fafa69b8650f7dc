"""Forms of the public: the registration form (the contract's fields plus the event's own
questions), the registrant's own change of details and the evaluation questionnaire."""

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from consult.core.antibot import AntibotMixin
from consult.core.forms import MultiCheckboxField, RequiredWhen, choices, email_field, strip
from consult.events import evaluation
from consult.events.choices import (
    CATEGORIES,
    CATEGORY_LABELS,
    CHOICE,
    COMMENT,
    JST,
    MULTIPLE,
    NGO,
    RATING,
    YESNO,
)
from consult.events.models import EvaluationQuestion, Event
from consult.mailing.forms import CONSENT_LABEL as MAILING_CONSENT_LABEL

# The organisers report who came from which organisation: NGO and JST participants name it.
ORGANISATION_REQUIRED = (NGO, JST)
organisation_required = RequiredWhen(
    "category", ORGANISATION_REQUIRED,
    _l("Enter the name of your organisation or institution: it is required when you take "
       "part for an NGO or a local government."))


class RegistrationForm(AntibotMixin, FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
        filters=[strip],
    )
    email = email_field()
    category = RadioField(
        _l("I take part as"),
        choices=choices((c, CATEGORY_LABELS[c]) for c in CATEGORIES),
        validators=[InputRequired(_l("Choose who you take part as."))],
    )
    organisation = StringField(
        _l("Organisation or institution"),
        validators=[organisation_required, Length(max=300)], filters=[strip],
    )
    position = StringField(
        _l("Position or role"), validators=[Optional(), Length(max=200)], filters=[strip]
    )
    phone = StringField(
        _l("Phone"), validators=[Optional(), Length(max=40)], filters=[strip]
    )
    needs = TextAreaField(
        _l("Accessibility or dietary needs"),
        validators=[Optional(), Length(max=2000)],
        filters=[strip],
    )
    consent_needs = BooleanField(
        _l("I agree that the organisers process the information about my needs (which may "
           "concern my health) only to prepare the event; it is deleted after the event.")
    )
    consent_rodo = BooleanField(
        _l("I have read the information on personal data and agree to the processing of my "
           "data to organise the event and report it to the funder."),
        validators=[DataRequired(_l("Your consent is needed to register."))],
    )
    consent_image = BooleanField(
        _l("I agree to photographs or recordings of me from the event being published "
           "(optional).")
    )
    # Unticked unless the person ticks it; taken once the address is proved (consult.mailing).
    consent_mailing = BooleanField(MAILING_CONSENT_LABEL)

    def validate_consent_needs(self, field):
        if self.needs.data and not field.data:
            raise ValidationError(
                _l("Tick this box so that we may use what you wrote about your needs, or "
                   "leave the needs field empty.")
            )

    def question_fields(self):
        return [field for name, field in self._fields.items() if name.startswith("q_")]

    def answers(self) -> dict[int, str | list[str]]:
        return {int(field.name[2:]): field.data for field in self.question_fields()}


YES_NO = (("yes", _l("yes")), ("no", _l("no")))


def _question_field(kind: str, label: str, option_list: tuple[str, ...], required: bool,
                    help_text: str = ""):
    message = _l("Answer this question.")
    if kind == MULTIPLE:
        return MultiCheckboxField(
            label, description=help_text,
            choices=choices((o, o) for o in option_list),
            validators=[DataRequired(message)] if required else [Optional()],
        )
    if kind in (CHOICE, YESNO):
        return RadioField(
            label, description=help_text,
            choices=choices(YES_NO if kind == YESNO else [(o, o) for o in option_list]),
            validators=[InputRequired(message)] if required else [Optional()],
        )
    return TextAreaField(
        label, description=help_text,
        validators=[DataRequired(message) if required else Optional(), Length(max=2000)],
        filters=[strip],
    )


@lru_cache(maxsize=512)
def _form_class(questions: tuple[tuple, ...]) -> type[RegistrationForm]:
    """The form class of a set of questions (id, kind, label, options, required, help
    text), made once per set: making a form class costs more than the rest of building
    the form."""
    if not questions:
        return RegistrationForm
    return type("EventRegistrationForm", (RegistrationForm,), {
        f"q_{question_id}": _question_field(*spec) for question_id, *spec in questions
    })


def registration_form_class(event: Event) -> type[RegistrationForm]:
    """The form class of one event: its questions become fields named ``q_<id>``."""
    return _form_class(tuple((question.id, question.kind, question.label,
                              tuple(question.option_list), question.required,
                              question.help_text)
                             for question in event.questions))


def registration_form(event: Event, **kwargs) -> RegistrationForm:
    return registration_form_class(event)(**kwargs)


class RegistrationDetailsForm(FlaskForm):
    """The registration form's own fields for what the registrant may change later; their
    rules stay the same."""

    # The registration's category, set by the view (never taken from the request): the
    # organisation is required for NGO and JST participants.
    category = HiddenField()
    organisation = RegistrationForm.organisation
    position = RegistrationForm.position
    phone = RegistrationForm.phone
    needs = RegistrationForm.needs
    consent_needs = RegistrationForm.consent_needs
    validate_consent_needs = RegistrationForm.validate_consent_needs


RATING_CHOICES = choices([
    (1, _l("1 — very poor")),
    (2, _l("2 — poor")),
    (3, _l("3 — average")),
    (4, _l("4 — good")),
    (5, _l("5 — very good")),
])


def _rating(label, required: bool):
    return RadioField(label, choices=RATING_CHOICES, coerce=int, validators=[
        InputRequired(_l("Choose a rating from 1 to 5.")) if required else Optional()])


def _comment(label, required: bool):
    return TextAreaField(label, validators=[
        DataRequired(_l("Answer this question.")) if required else Optional(),
        Length(max=3000)])


def questionnaire_form(questions: list[EvaluationQuestion]) -> FlaskForm:
    """The event's questionnaire as a form: a field per question, in its order."""
    make = {RATING: _rating, COMMENT: _comment}
    return type("EvaluationForm", (FlaskForm,), {
        evaluation.field_name(question): make[question.kind](evaluation.label_of(question),
                                                              question.required)
        for question in questions
    })()
