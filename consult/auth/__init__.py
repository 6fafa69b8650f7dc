"""Sign-up, sign-in, e-mail verification, password reset."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from consult.auth import routes  # noqa: E402, F401
