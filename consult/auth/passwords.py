"""Password rules: a minimum length and no common or easily guessed password."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError
from zxcvbn import zxcvbn


def password_problem(password: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why a password is not acceptable, or None.

    zxcvbn knows the most common passwords, keyboard patterns and dictionary words; score 2
    ("somewhat guessable", about 10^8 guesses) is the least we accept.
    """
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _l("Use at least %(n)d characters.", n=minimum)
    inputs = [value for value in user_inputs if value]
    inputs += [part for value in inputs for part in value.replace("@", " ").split()]
    if zxcvbn(password[:100], user_inputs=inputs)["score"] < 2:
        return _l("This password is too common or too easy to guess. Add words or characters.")
    return None


class StrongPassword:
    """WTForms validator; other fields of the form are passed to zxcvbn as user inputs."""

    def __init__(self, *input_fields: str):
        self.input_fields = input_fields

    def __call__(self, form, field):
        inputs = tuple(str(getattr(form, name).data or "") for name in self.input_fields)
        problem = password_problem(field.data or "", inputs)
        if problem:
            raise ValidationError(problem)
