"""Staff pages (/manage): users and roles, institutions, outbox, settings."""

from flask import Blueprint

bp = Blueprint("manage", __name__, url_prefix="/manage")

from consult.manage import routes  # noqa: E402, F401
