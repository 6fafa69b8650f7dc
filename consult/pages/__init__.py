"""Public pages: home, about, accessibility statement, privacy, health check, language."""

from flask import Blueprint

bp = Blueprint("pages", __name__)

from consult.pages import routes  # noqa: E402, F401
