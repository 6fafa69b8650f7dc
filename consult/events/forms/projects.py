"""Staff forms of a funding project: the project and its public page, its logos, its
partners, and the period of its funder's report (consult/projects)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from consult.core.forms import LocalDecimalField, choices, strip
from consult.events.funding import DEFAULT_BLANK_ROWS


class FundingProjectForm(FlaskForm):
    name = StringField(
        _l("Name of the project"),
        validators=[DataRequired(_l("Enter the name.")), Length(max=300)], filters=[strip],
    )
    funder = StringField(_l("Funder"), validators=[Length(max=300)], filters=[strip])
    notice = TextAreaField(
        _l("Funder's notice"), filters=[strip],
        description=_l("Shown on every page and document of the project's events, e.g. "
                       "“Projekt … finansowany z Funduszy EOG w ramach programu Aktywni "
                       "Obywatele – Fundusz Regionalny”."),
    )
    notice_en = TextAreaField(
        _l("Funder's notice in English"), filters=[strip],
        description=_l("Shown instead of the Polish one on pages, e-mails and attendance "
                       "lists in English; leave empty to show the Polish one."),
    )
    blank_rows = IntegerField(
        _l("Empty rows on attendance lists"),
        validators=[Optional(), NumberRange(min=0, max=40)],
        filters=[lambda value: DEFAULT_BLANK_ROWS if value is None else value],
        description=_l("For people who come without registering: they write their name "
                       "and sign."),
    )
    retention_until = DateField(
        _l("Keep registrations' personal data until"), validators=[Optional()],
        invalid_value_message=_l("Enter a date."),
        description=_l("As the grant agreement requires. After this date the personal data "
                       "of registrations is removed; the counts stay."),
    )
    # The public page (consult/projects)
    published = BooleanField(
        _l("Show the project's public page"),
        description=_l("Its page under /projects/ with the counters, events, materials and "
                       "news of the project, and the project in the API."))
    programme = StringField(_l("Programme"), validators=[Length(max=300)], filters=[strip],
                            description=_l("e.g. “Aktywni Obywatele – Fundusz Krajowy”."))
    agreement_number = StringField(
        _l("Grant agreement number"), validators=[Length(max=100)], filters=[strip],
        description=_l("Printed on the funder's report."))
    starts_on = DateField(_l("Start of the project"), validators=[Optional()],
                          invalid_value_message=_l("Enter a date."))
    ends_on = DateField(_l("End of the project"), validators=[Optional()],
                        invalid_value_message=_l("Enter a date."))
    total_cost = LocalDecimalField(
        _l("Total cost"), places=2,
        validators=[Optional(), NumberRange(min=0, max=10**11,
                                            message=_l("Enter an amount of 0 or more."))],
        invalid_value_message=_l("Enter an amount, e.g. 135 940,00."))
    grant_amount = LocalDecimalField(
        _l("Grant"), places=2,
        validators=[Optional(), NumberRange(min=0, max=10**11,
                                            message=_l("Enter an amount of 0 or more."))],
        invalid_value_message=_l("Enter an amount, e.g. 135 940,00."))
    currency = SelectField(_l("Currency"), choices=choices(
        [("PLN", "PLN"), ("EUR", "EUR"), ("NOK", "NOK"), ("CHF", "CHF"), ("USD", "USD")]))
    target_groups = TextAreaField(_l("Target groups"), filters=[strip], validators=[
        Length(max=5000)])
    reach = TextAreaField(_l("Planned reach"), filters=[strip], validators=[Length(max=5000)],
                          description=_l("What the grant agreement promises, e.g. “225 "
                                         "participants of 17 trainings”; the page shows the "
                                         "counters beside it."))
    description = TextAreaField(_l("Description"), filters=[strip],
                                validators=[Length(max=20000)],
                                description=_l("Markdown: **bold**, lists, links."))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end cannot come before the start."))

    def validate_grant_amount(self, field):
        if (field.data is not None and self.total_cost.data is not None
                and field.data > self.total_cost.data):
            raise ValidationError(_l("The grant cannot be more than the total cost."))


class PartnerForm(FlaskForm):
    partner_name = StringField(
        _l("Partner's name"), validators=[DataRequired(_l("Enter the partner's name.")),
                                          Length(max=300)], filters=[strip],
        description=_l("As the project's page shows it. An organisation of the register "
                       "with this very name is linked to its page."))
    teryt = StringField(
        _l("TERYT code, if the partner is a local government"), filters=[strip],
        validators=[Optional(), Regexp(r"^\d{2}(\d{2}(\d{3})?)?$",
                                       message=_l("Enter 2, 4 or 7 digits, e.g. 1420."))],
        description=_l("Links the partner to the local government's page in the monitor."))


class ReportForm(FlaskForm):
    """GET: the report's period, in the query string of the file's address."""

    class Meta:
        csrf = False

    since = DateField(_l("Start of the period"), validators=[Optional()],
                      invalid_value_message=_l("Enter a date."))
    until = DateField(_l("End of the period"), validators=[Optional()],
                      invalid_value_message=_l("Enter a date."))

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("The end cannot come before the start."))


class LogoForm(FlaskForm):
    logo = FileField(_l("Logo (PNG or JPEG, up to 2 MB)"),
                     validators=[FileRequired(_l("Choose the file of the logo."))])
    alt_text = StringField(
        _l("What the logo shows"), filters=[strip],
        validators=[DataRequired(_l("Say what the logo shows, e.g. “Fundusze EOG”.")),
                    Length(max=300)],
        description=_l("Read out instead of the image on the project's page, e.g. "
                       "“Fundusze EOG” or “Aktywni Obywatele – Fundusz Krajowy”."))
