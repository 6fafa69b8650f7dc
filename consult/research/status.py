"""When a diagnosis takes answers: its status, set by staff, and its dates, on Warsaw's
calendar (both days counted)."""

from datetime import date

from consult.core.timeutil import local_today
from consult.research.models import Diagnosis, DiagnosisStatus


def accepting_answers(diagnosis: Diagnosis, today: date | None = None) -> bool:
    """Open, and today is between its opening and closing day."""
    today = today or local_today()
    return (diagnosis.status == DiagnosisStatus.OPEN
            and diagnosis.opens_on <= today <= diagnosis.closes_on)


def answers_closed(diagnosis: Diagnosis, today: date | None = None) -> bool:
    """No more answers will come: closed by staff, or its last day has passed."""
    today = today or local_today()
    return diagnosis.status == DiagnosisStatus.CLOSED or (
        diagnosis.status == DiagnosisStatus.OPEN and today > diagnosis.closes_on)
