"""The cooperation monitor: each JST's cycle of its programme of cooperation with NGOs, year
by year, with sources (DOMAIN.md, "Watching the cycle of cooperation").

``bp`` holds the public pages under /cooperation; ``manage_bp`` the recording pages of staff
and institution managers under /manage/cooperation.
"""

from flask import Blueprint

from consult.cooperation.models import Step, Timeliness

bp = Blueprint("cooperation", __name__, url_prefix="/cooperation")
manage_bp = Blueprint("cooperation_manage", __name__, url_prefix="/manage/cooperation")


@bp.record_once
def _enums_in_templates(state) -> None:
    """Templates compare steps and timeliness with the enums, never with raw strings."""
    state.app.jinja_env.globals.update(CooperationStep=Step, Timeliness=Timeliness)


from consult.cooperation import routes  # noqa: E402, F401
