"""The views of consultations, by audience: ``public`` (the list, a consultation's page,
the feed), ``comments`` (the commenter's pages), ``follow`` (following by e-mail),
``report`` (the published report and adopted version) and the staff's ``manage_*`` pages."""

from consult.consultations.routes import (  # noqa: F401
    comments,
    follow,
    manage_comments,
    manage_consultations,
    manage_paper_comments,
    manage_report,
    manage_sections,
    public,
    report,
)
