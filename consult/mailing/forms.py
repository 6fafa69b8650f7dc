"""Forms of the mailing list: staff's mailing, the account's choice, and the consent on the
event registration form (``CONSENT_LABEL``, shared so both say the same)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField
from wtforms.validators import InputRequired, Optional

from consult.core.forms import BulkMessageForm, choices
from consult.mailing.models import AUDIENCE_LABELS, Audience

NOT_GIVEN = 0  # the "all counties" option (coerce=int)
ALL_AREAS = ""

CONSENT_LABEL = _l(
    "I want to get news by e-mail about trainings, consultations and the federation's "
    "projects (optional). I can withdraw at any time with one click in any message.")


class AccountMailingForm(FlaskForm):
    consent_mailing = BooleanField(CONSENT_LABEL)


class MailingForm(BulkMessageForm):
    """A mailing; the view fills the choices of the organisations' filters.

    ``previewed`` holds the audience and filters whose recipient count staff saw; "Send"
    with others shows the new count first instead of sending."""

    audience = RadioField(
        _l("Send to"), default=Audience.BOTH,
        choices=choices((audience, AUDIENCE_LABELS[audience]) for audience in Audience),
        validators=[InputRequired(_l("Choose who gets the message."))],
    )
    area = SelectField(_l("Only organisations working in the area"), default=ALL_AREAS,
                       validators=[Optional()])
    powiat = SelectField(_l("Only organisations seated in the county"), coerce=int,
                         default=NOT_GIVEN, validators=[Optional()])
    previewed = HiddenField()

    def filters_key(self) -> str:
        return f"{self.audience.data}:{self.area.data or ALL_AREAS}:{self.powiat.data or NOT_GIVEN}"
