"""The officials' network: joining, verification, the directory with per-field visibility,
vCards, announcements and coverage of the region.

``bp`` holds the public and members' pages under /network; ``manage_bp`` the staff pages
under /manage/network.
"""

from flask import Blueprint

from consult.network.models import MemberStatus, Visibility

bp = Blueprint("network", __name__, url_prefix="/network")
manage_bp = Blueprint("network_manage", __name__, url_prefix="/manage/network")


@bp.record_once
def _member_status_in_templates(state) -> None:
    """Templates compare a member's status and a viewer's audience with the enums, never
    with raw strings."""
    state.app.jinja_env.globals.update(MemberStatus=MemberStatus, Visibility=Visibility)


from consult.network import routes  # noqa: E402, F401
