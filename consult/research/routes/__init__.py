from consult.research.routes import (  # noqa: F401
    manage,
    manage_invitations,
    manage_questionnaire,
    manage_results,
    public,
    respond,
)
