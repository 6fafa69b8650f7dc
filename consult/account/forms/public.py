from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from consult.auth.forms.public import new_password_fields
from consult.core.forms import choices, email_field

LANGUAGE_CHOICES = (("pl", "Polski"), ("en", "English"))


class ProfileForm(FlaskForm):
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)]
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^\+?[0-9 ()-]{6,}$", message=_l("Enter a phone number, e.g. 22 123 45 67.")),
        ],
    )
    locale = SelectField(_l("Language of e-mails and pages"), choices=choices(LANGUAGE_CHOICES))


class EmailChangeForm(FlaskForm):
    new_email = email_field(_l("New e-mail address"))
    password = PasswordField(
        _l("Your current password"), validators=[DataRequired(_l("Enter your password."))]
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your password."))]
    )
    password, password_confirm = new_password_fields()


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Your current password"), validators=[DataRequired(_l("Enter your password."))]
    )
    confirm = BooleanField(
        _l("I understand that my account and personal data will be deleted for good."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )


class NotificationsForm(FlaskForm):
    flagged_comments = BooleanField(
        _l("At once when a reader reports a comment in a consultation I run"))
    daily_digest = BooleanField(
        _l("Once a day, a summary of new comments and of requests to join the network"))
