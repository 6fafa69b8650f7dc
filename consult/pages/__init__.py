"""Public pages: home, about, accessibility statement, privacy, health check, language."""

from flask import Blueprint

from consult.pages.models import Compliance

bp = Blueprint("pages", __name__)


@bp.record_once
def _statuses_in_templates(state) -> None:
    state.app.jinja_env.globals["Compliance"] = Compliance

from consult.pages import routes  # noqa: E402, F401
