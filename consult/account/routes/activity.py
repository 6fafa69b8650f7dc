"""My activity: what the signed-in user has done in every area, with the way to act on
each."""

from flask import render_template
from flask_login import current_user, login_required

from consult.account import bp, services
from consult.consultations.models import COMMENT_STATUS_LABELS, DECISION_LABELS
from consult.consultations.services import can_change
from consult.core.security import no_store
from consult.events.models import REGISTRATION_STATUS_LABELS
from consult.events.registrant_details import details_refusal
from consult.network.models import MEMBER_STATUS_LABELS


@bp.get("/activity")
@login_required
@no_store
def activity():
    """My activity: registrations, comments, follows and the network entry, each with the
    way to act on it (the pages and actions of the areas that own them)."""
    user = current_user._get_current_object()
    return render_template(
        "account/public/activity.html", activity=services.activity_of(user),
        can_change_comment=lambda comment: can_change(comment, user),
        details_changeable=lambda registration: details_refusal(registration) is None,
        registration_labels=REGISTRATION_STATUS_LABELS, comment_labels=COMMENT_STATUS_LABELS,
        decision_labels=DECISION_LABELS, member_labels=MEMBER_STATUS_LABELS,
    )
