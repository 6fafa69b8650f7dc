"""Consultations of draft acts (above all the programme of cooperation with NGOs).

``bp`` holds the public pages under /consultations; ``manage_bp`` the pages of staff and
institution managers under /manage/consultations.
"""

from flask import Blueprint

from consult.consultations.following import FollowerNotice
from consult.consultations.models import CommentStatus, ConsultationStatus, Decision

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
manage_bp = Blueprint("consultations_manage", __name__, url_prefix="/manage/consultations")


@bp.record_once
def _statuses_in_templates(state) -> None:
    """Templates of every area compare statuses with the enums, never with raw strings."""
    state.app.jinja_env.globals.update(ConsultationStatus=ConsultationStatus,
                                       CommentStatus=CommentStatus, Decision=Decision,
                                       FollowerNotice=FollowerNotice)

from consult.consultations import routes  # noqa: E402, F401
