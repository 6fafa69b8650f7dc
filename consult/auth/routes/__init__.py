"""The views of accounts: ``public`` (sign-up, e-mail verification, sign-in and out,
password reset)."""

from consult.auth.routes import public  # noqa: F401
