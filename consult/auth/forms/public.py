from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from consult.auth.passwords import NotTooLong, StrongPassword
from consult.core.antibot import AntibotMixin
from consult.core.forms import email_field


def new_password_fields(*user_inputs: str) -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password.")), StrongPassword(*user_inputs)],
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The passwords do not match.")),
        ],
    )
    return password, confirm


class RegisterForm(AntibotMixin, FlaskForm):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=200)],
    )
    email = email_field()
    password, password_confirm = new_password_fields("email", "full_name")
    consent_rodo = BooleanField(
        _l("I have read the privacy policy and agree to the processing of my personal data "
           "to run my account."),
        validators=[DataRequired(_l("Your consent is needed to create an account."))],
    )


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), NotTooLong()]
    )
    remember = BooleanField(_l("Keep me signed in on this device"))


class ResetRequestForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password, password_confirm = new_password_fields()
