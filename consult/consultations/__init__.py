"""Consultations of draft acts (above all the programme of cooperation with NGOs).

``bp`` holds the public pages under /consultations; ``manage_bp`` the pages of staff and
institution managers under /manage/consultations.
"""

from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
manage_bp = Blueprint("consultations_manage", __name__, url_prefix="/manage/consultations")

from consult.consultations import routes  # noqa: E402, F401
