"""The views of the JSON API: ``events``, ``consultations``, ``network`` (its members) and
``openapi`` (the description of them all)."""

from consult.api.routes import consultations, events, network, openapi  # noqa: F401
