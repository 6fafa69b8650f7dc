"""Form pieces shared by every area."""

import re

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    DecimalField,
    EmailField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, Regexp, StopValidation


class LocalDecimalField(DecimalField):
    """A number as people in Poland type it: "135 940,00" as well as "135940.00" (spaces,
    also non-breaking ones, between thousands; a comma or a point before the fraction).
    A text box (``inputmode="decimal"`` brings the digits keyboard): a browser's number
    box refuses the space and the comma, or sends nothing. Shown as the language writes
    it."""

    widget = widgets.TextInput()

    def __init__(self, *args, render_kw=None, **kwargs):
        super().__init__(*args, render_kw={"inputmode": "decimal", **(render_kw or {})},
                         **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format_decimal(self.data, format="#,##0." + "0" * (self.places or 0),
                              locale=str(get_locale() or "pl"))

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [re.sub(r"[\s\u00a0\u202f]", "", valuelist[0]).replace(",", ".")]
        super().process_formdata(valuelist)


class ButtonForm(FlaskForm):
    """A form with only the CSRF token: a confirmation button for a state change."""


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes instead of a multiple select: usable on a phone and without a mouse."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class QuickSelect(widgets.Select):
    """WTForms' select, writing plain options itself: WTForms builds each option's
    attributes with ``html_params`` (tens of microseconds an option), and the comment form
    lists every section of the draft. The HTML is the same."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        return Markup(f'<option{selected} value="{escape(value)}">{label}</option>')  # noqa: S704 - escaped


class RequiredWhen:
    """A WTForms validator: the field must be filled in when the field ``other`` has one of
    ``values`` (an organisation for NGO and JST participants); otherwise it is optional and
    its further validators are skipped while it is empty. It sets no ``required`` flag: the
    browser must not demand a field the server does not always require."""

    def __init__(self, other: str, values: tuple[str, ...], message):
        self.other, self.values, self.message = other, values, message

    def __call__(self, form, field):
        if field.data:
            return
        field.errors[:] = []
        raise StopValidation(self.message if form[self.other].data in self.values else None)


def strip(value):
    """A WTForms filter: text without surrounding spaces."""
    return value.strip() if isinstance(value, str) else value


class BulkMessageForm(FlaskForm):
    """The subject (one line, so no header can be injected) and the Markdown body of a
    message staff send to many: network announcements, mailings."""

    subject = StringField(
        _l("Subject"),
        validators=[DataRequired(_l("Enter the subject.")), Length(max=200),
                    Regexp(r"^[^\r\n]*$", message=_l("The subject must fit on one line."))],
        filters=[strip],
    )
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(_l("Write the message.")), Length(max=20000)],
        filters=[strip],
    )


def email_field(label=None, **kwargs) -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address, e.g. name@example.pl.")),
            Length(max=320),
        ],
        filters=[strip],
        **kwargs,
    )


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select options."""
    return [SelectChoice(value, label) for value, label in pairs]
