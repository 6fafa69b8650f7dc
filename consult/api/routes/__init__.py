"""The views of the JSON API: ``events``, ``consultations``, ``network`` (its members),
``cooperation`` (the JSTs' programmes of cooperation) and ``openapi`` (the description of
them all)."""

from consult.api.routes import consultations, cooperation, events, network, openapi  # noqa: F401
