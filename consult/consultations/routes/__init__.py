"""The views of consultations, by audience: ``public`` (the list, a consultation's page,
the feed), ``comments`` (the commenter's pages), ``follow`` (following by e-mail),
``report`` (the published report and adopted version) and the staff's ``manage_*`` pages."""

from consult.consultations import (  # noqa: F401 - the staff views, until moved here
    manage_comments,
    manage_consultations,
    manage_report,
    manage_sections,
    paper_comments,
)
from consult.consultations.routes import comments, follow, public, report  # noqa: F401
