"""The signed-in user's own account: profile, e-mail, password, data export, deletion."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")

from consult.account import routes  # noqa: E402, F401
