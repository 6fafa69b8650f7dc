"""Events: trainings, workshops, conferences … with registration, quotas and waiting list.

``bp`` holds the public pages (/events, /registrations, /embed); ``manage_bp`` the staff
pages under /manage/events.
"""

from flask import Blueprint

from consult.events.evaluation import EvaluationState
from consult.events.log_notes import readable_note
from consult.events.mail import RegistrationMail
from consult.events.models import EventStatus, RegistrationStatus

bp = Blueprint("events", __name__)
manage_bp = Blueprint("events_manage", __name__, url_prefix="/manage/events")


@bp.record_once
def _statuses_in_templates(state) -> None:
    """Templates of every area compare statuses with the enums, never with raw strings,
    and show the status logs' notes in the reader's language."""
    state.app.jinja_env.globals.update(EventStatus=EventStatus,
                                       RegistrationStatus=RegistrationStatus,
                                       EvaluationState=EvaluationState,
                                       RegistrationMail=RegistrationMail,
                                       readable_note=readable_note)


from consult.events import routes  # noqa: E402, F401
