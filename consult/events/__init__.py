"""Events: trainings, workshops, conferences … with registration, quotas and waiting list.

``bp`` holds the public pages (/events, /registrations, /embed); ``manage_bp`` the staff
pages under /manage/events.
"""

from flask import Blueprint

bp = Blueprint("events", __name__)
manage_bp = Blueprint("events_manage", __name__, url_prefix="/manage/events")

from consult.events import manage_events, manage_registrations, routes  # noqa: E402, F401
