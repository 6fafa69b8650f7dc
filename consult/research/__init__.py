"""Research: the quality-of-cooperation survey (a local diagnosis modelled on the Lokalny
Indeks Jakości Współpracy, DOMAIN.md) and its published results.

``bp`` holds the published results under /research; ``respond_bp`` the respondent's pages
under /survey (personal and open links); ``manage_bp`` the staff pages under
/manage/research.
"""

from flask import Blueprint

from consult.research.models import DiagnosisStatus, QuestionKind

bp = Blueprint("research", __name__, url_prefix="/research")
respond_bp = Blueprint("research_respond", __name__, url_prefix="/survey")
manage_bp = Blueprint("research_manage", __name__, url_prefix="/manage/research")


@bp.record_once
def _enums_in_templates(state) -> None:
    """Templates compare statuses and kinds with the enums, never with raw strings."""
    state.app.jinja_env.globals.update(DiagnosisStatus=DiagnosisStatus,
                                       QuestionKind=QuestionKind)


from consult.research import routes  # noqa: E402, F401
