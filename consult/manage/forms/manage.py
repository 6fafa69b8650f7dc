from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from consult.auth.models import ROLE_LABELS, ROLES
from consult.core.forms import choices
from consult.pages.models import Compliance


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=choices((role, ROLE_LABELS[role]) for role in ROLES))
    institutions = StringField(
        _l("Managed institutions (TERYT codes)"),
        validators=[Length(max=500)],
        description=_l("For an institution manager: 7-digit codes separated by spaces."),
    )


class InstitutionForm(FlaskForm):
    email_domains = StringField(
        _l("Official e-mail domains"),
        validators=[Length(max=1000)],
        description=_l("Separated by spaces, e.g. plonsk.pl um.plonsk.pl"),
    )
    website = URLField(
        _l("Website"),
        validators=[Optional(), URL(message=_l("Enter a full address starting with https://."))],
    )


class AccessibilityForm(FlaskForm):
    entity_name = StringField(
        _l("Name of the entity"), validators=[DataRequired(_l("Enter the name.")), Length(max=300)]
    )
    published_on = DateField(
        _l("Date of publication of the website"),
        validators=[DataRequired(_l("Enter a date."))],
    )
    updated_on = DateField(
        _l("Date of the last major update"), validators=[DataRequired(_l("Enter a date."))]
    )
    compliance = SelectField(
        _l("Compliance status"),
        choices=choices(
            zip(Compliance, [_l("fully compliant"), _l("partially compliant"),
                             _l("not compliant")], strict=True)
        ),
    )
    non_accessible_content = TextAreaField(
        _l("Non-accessible content and reasons (Markdown)"), validators=[Optional()]
    )
    prepared_on = DateField(
        _l("Date the statement was prepared"), validators=[DataRequired(_l("Enter a date."))]
    )
    reviewed_on = DateField(_l("Date of the last review"), validators=[Optional()])
    assessment_method = TextAreaField(
        _l("How the statement was prepared (self-assessment or audit)"), validators=[Optional()]
    )
    keyboard_shortcuts = TextAreaField(_l("Keyboard shortcuts"), validators=[Optional()])
    contact_person = StringField(
        _l("Contact person"),
        validators=[DataRequired(_l("Enter the name of the contact person.")), Length(max=200)],
    )
    contact_email = StringField(
        _l("Contact e-mail"),
        validators=[DataRequired(_l("Enter the e-mail address.")),
                    Email(_l("Enter a valid e-mail address, e.g. name@example.pl."))],
    )
    contact_phone = StringField(
        _l("Contact phone"), validators=[DataRequired(_l("Enter the phone number.")),
                                         Length(max=40)]
    )
    architectural_accessibility = TextAreaField(
        _l("Architectural accessibility of the office (Markdown)"), validators=[Optional()]
    )
    mobile_apps = TextAreaField(_l("Mobile applications"), validators=[Optional()])
