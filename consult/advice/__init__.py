"""The log of individual advice (*doradztwo*) the federation's staff give organisations and
JSTs; its hours count in the impact figures. ``manage_bp``: the staff pages under
/manage/advice (staff only)."""

from flask import Blueprint

from consult.advice.models import duration_text

manage_bp = Blueprint("advice_manage", __name__, url_prefix="/manage/advice")


@manage_bp.record_once
def _duration_filter(state) -> None:
    """``{{ minutes|duration }}``: "2 h 45 min" (the impact page uses it too)."""
    state.app.jinja_env.filters["duration"] = duration_text


from consult.advice import routes  # noqa: E402, F401
