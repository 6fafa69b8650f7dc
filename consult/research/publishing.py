"""Publishing a diagnosis's results to /research/ and taking them back.

Results are published only once no more answers can come (``status.answers_closed``), so a
published figure never changes afterwards and a late answer cannot tip a small group over
the threshold in public.
"""

from flask import current_app

from consult.core.timeutil import utcnow
from consult.research.models import Diagnosis
from consult.research.status import answers_closed


class NotClosed(Exception):
    """The diagnosis still takes answers."""


def publish(diagnosis: Diagnosis, summary: str, by) -> None:
    if not answers_closed(diagnosis):
        raise NotClosed
    diagnosis.summary = summary or ""
    diagnosis.published_at = utcnow()
    current_app.logger.info("research: diagnosis %s published by user %s", diagnosis.slug,
                            by.id)


def unpublish(diagnosis: Diagnosis, by) -> None:
    diagnosis.published_at = None
    current_app.logger.info("research: diagnosis %s unpublished by user %s", diagnosis.slug,
                            by.id)
