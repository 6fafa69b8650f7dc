"""Who sees and runs which consultation: the public an announced one, staff every one, an
institution manager their own only (a draft or an unpublished report as a preview)."""

from flask import abort
from flask_login import current_user
from sqlalchemy import Select

from consult.consultations import queries
from consult.consultations.models import Consultation
from consult.extensions import db


def may_preview(consultation: Consultation) -> bool:
    """The signed-in person runs the consultation, so sees it before it is public."""
    return current_user.is_authenticated and current_user.can_manage_institution(
        consultation.institution)


def shown_consultation_or_404(slug: str,
                              query=queries.bare_consultation_by_slug) -> Consultation:
    """An announced consultation, or a draft for those who may preview it; 404 otherwise.
    ``query``: a prebuilt statement with the bound parameter ``slug``."""
    consultation = db.session.scalars(query(), {"slug": slug}).first()
    if consultation is None or (consultation.announced_at is None
                                and not may_preview(consultation)):
        abort(404)
    return consultation


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
