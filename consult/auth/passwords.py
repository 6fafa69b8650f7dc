"""Password rules: a minimum and a maximum length and no common or easily guessed password.

Long passphrases are welcome. The maximum (``PASSWORD_MAX_LENGTH``, 1024 characters) is far
beyond any typed passphrase or generated password and only keeps megabytes out of a field:
the hash (werkzeug's scrypt) hashes a long password once down to a fixed size, so its cost
does not grow with the length. zxcvbn does grow (its matching is quadratic, and it refuses
more than 72 characters), so it sees at most two windows of 72 characters, the beginning and
the end: a password is at least as hard to guess as any part of it, so one strong window
is enough.
"""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError
from zxcvbn import zxcvbn

ZXCVBN_WINDOW = 72  # the longest input zxcvbn accepts


def too_long(password: str) -> str | None:
    maximum = current_app.config["PASSWORD_MAX_LENGTH"]
    if len(password) > maximum:
        return _l("Use at most %(n)d characters.", n=maximum)
    return None


def _strong(password: str, inputs: list[str]) -> bool:
    windows = [password[:ZXCVBN_WINDOW]]
    if len(password) > ZXCVBN_WINDOW:
        windows.append(password[-ZXCVBN_WINDOW:])
    return any(zxcvbn(window, user_inputs=inputs)["score"] >= 2 for window in windows)


def password_problem(password: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """Why a password is not acceptable, or None.

    zxcvbn knows the most common passwords, keyboard patterns and dictionary words; score 2
    ("somewhat guessable", about 10^8 guesses) is the least we accept.
    """
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _l("Use at least %(n)d characters.", n=minimum)
    if problem := too_long(password):
        return problem
    inputs = [value[:ZXCVBN_WINDOW] for value in user_inputs if value]
    inputs += [part for value in inputs for part in value.replace("@", " ").split()]
    if not _strong(password, inputs):
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


class NotTooLong:
    """WTForms validator for a password typed to sign in or confirm: no longer than a new
    one may be (nothing longer can be right, and it is not worth hashing)."""

    def __call__(self, _form, field):
        problem = too_long(field.data or "")
        if problem:
            raise ValidationError(problem)
