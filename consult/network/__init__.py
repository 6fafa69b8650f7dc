"""The officials' network: joining, verification, the directory with per-field visibility,
vCards, announcements and coverage of the region.

``bp`` holds the public and members' pages under /network; ``manage_bp`` the staff pages
under /manage/network.
"""

from flask import Blueprint

bp = Blueprint("network", __name__, url_prefix="/network")
manage_bp = Blueprint("network_manage", __name__, url_prefix="/manage/network")

from consult.network import routes  # noqa: E402, F401
