"""Stopping form-filling scripts without a CAPTCHA (which shuts out people using screen
readers): a honeypot field and a minimum time between showing a form and sending it.

A form gets both by mixing in ``AntibotMixin``; ``form.hidden_tag()`` renders them, so a
template needs nothing else. A person never sees the honeypot (it is ``hidden``, which
screen readers skip too); a script that fills every input fills it. The form carries the
moment it was shown, signed, so a script cannot claim it waited. Either check failing is
a polite error on the form with everything typed kept — never a silent drop, since a
person who pastes fast or whose password manager fills a field must be able to go on.

``ANTIBOT_MIN_FILL_SECONDS`` = 0, the default, turns the minimum time off (programs that
post the forms by their documented field names would be refused; tests/security/
test_bots.py turns it on); the honeypot is always on. Who a visitor is for the rate limits
and the seat-hold cap is consult/core/visitors.py. The rate limits of these forms
(in their views) count per network address generously — a room of 30 people behind one
office address must get through — and tightly per e-mail address or account.
"""

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, TimestampSigner
from markupsafe import Markup, escape
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import HiddenInput

SALT = "consult:form-shown-at"
STAMP_MAX_AGE = 12 * 3600  # seconds: a form left open over a working day still goes


def _signer() -> TimestampSigner:
    return TimestampSigner(current_app.config["SECRET_KEY"], salt=SALT)


def form_shown_stamp() -> str:
    """The signed moment the form is shown (the hidden field's default)."""
    return _signer().sign("shown").decode()


def seconds_since_shown(stamp: str | None) -> float | None:
    """How long ago the form carrying ``stamp`` was shown; None when it is missing, forged
    or older than STAMP_MAX_AGE (a script must not wait once and reuse the stamp for ever)."""
    try:
        _value, shown_at = _signer().unsign(stamp or "", max_age=STAMP_MAX_AGE,
                                            return_timestamp=True)
    except BadSignature:  # SignatureExpired is one
        return None
    return time.time() - shown_at.timestamp()


class StampInput(HiddenInput):
    """The hidden moment the form was shown; its errors are the form's (flag ``antibot``:
    the error summary shows them without a link to a field nobody sees)."""

    field_flags = {"hidden": True, "antibot": True}


class HoneypotInput(StampInput):
    """A text input nobody sees: rendered by ``hidden_tag()`` (it is a HiddenInput to
    Flask-WTF) but typed ``text`` with a label, as a script expects a real field to be."""

    def __call__(self, field, **_render_kw):
        return Markup(  # noqa: S704 - every value escaped
            f'<span hidden><label for="{escape(field.id)}">{escape(field.label.text)}</label> '
            f'<input type="text" name="{escape(field.name)}" id="{escape(field.id)}" value="" '
            f'autocomplete="off" tabindex="-1"></span>'
        )


TOO_FAST = _l("The form was sent very quickly after it was shown, as programs that send "
              "spam do. Nothing is lost: check what you typed and send the form again.")
NO_STAMP = _l("We could not check when the form was shown (it may be an old copy of the "
              "page). Nothing is lost: check what you typed and send the form again.")
HONEYPOT = _l("A field meant to stay empty was filled in (perhaps by an automatic "
              "form filler). Nothing is lost: check what you typed and send the form again.")


class AntibotMixin:
    """Mix into a FlaskForm (before FlaskForm): the honeypot ``website`` and the signed
    moment ``form_shown`` are checked with the form's other fields."""

    form_shown = HiddenField(default=form_shown_stamp, widget=StampInput())
    website = StringField(_l("Leave this field empty"), widget=HoneypotInput())

    def validate_website(self, field):
        if field.data:
            raise ValidationError(HONEYPOT)

    def validate_form_shown(self, field):
        minimum = current_app.config.get("ANTIBOT_MIN_FILL_SECONDS", 0)
        if minimum <= 0:
            return
        age = seconds_since_shown(field.data)
        if age is None:
            field.data = form_shown_stamp()  # the form shown again starts the clock again
            raise ValidationError(NO_STAMP)
        if age < minimum:
            raise ValidationError(TOO_FAST)  # the same stamp: sending again soon passes


class AntibotForm(AntibotMixin, FlaskForm):
    """The CSRF token and the checks alone: for a page whose fields are rendered once and
    cached (the blank registration and comment forms); the checks are each request's."""
