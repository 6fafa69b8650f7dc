"""The views of the JSON API: ``events``, ``consultations``, ``network`` (its members),
``cooperation`` (the JSTs' programmes of cooperation), ``research`` (published
diagnoses of the quality of cooperation), ``projects`` (the federation's projects and
their counters) and ``openapi`` (the description of
them all)."""

from consult.api.routes import (  # noqa: F401
    consultations,
    cooperation,
    events,
    network,
    openapi,
    projects,
    research,
)
