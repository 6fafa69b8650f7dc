"""Staff: registrations of an event, check-in, exports."""

from flask import redirect, url_for

from consult.core.permissions import staff_required
from consult.events import manage_bp as bp


@bp.get("/checkin/<code>")
@staff_required
def checkin_scan(code):
    return redirect(url_for("manage.dashboard"))
