"""Who runs which consultation: staff every one, an institution manager their own only."""

from flask import abort
from flask_login import current_user
from sqlalchemy import Select

from consult.consultations.models import Consultation
from consult.extensions import db


def managed_consultation_or_404(consultation_id: int) -> Consultation:
    """The consultation, if the signed-in person runs it; 404 if missing, 403 if not theirs."""
    consultation = db.get_or_404(Consultation, consultation_id)
    if not current_user.can_manage_institution(consultation.institution):
        abort(403)
    return consultation


def limit_to_managed(stmt: Select) -> Select:
    """A query of consultations narrowed to what the signed-in person runs."""
    if current_user.is_staff:
        return stmt
    ids = [institution.id for institution in current_user.managed_institutions]
    return stmt.where(Consultation.institution_id.in_(ids))
