"""The events' views by audience: ``public`` (lists, an event's page, registration, feeds,
the embeddable list), ``groups`` (a coordinator registering colleagues) and ``registrant``
(a registrant's own pages by their link) on ``bp``;
the staff pages on ``manage_bp``: ``manage_events`` (events, questions, funding projects),
``manage_registrations`` (registrations, messages, check-in), ``manage_materials`` and
``manage_reports`` (impact, evaluation, thanks, the embed snippet); ``certificates``
(verification, the holder's download, the staff's section) on both."""

from consult.events.routes import (  # noqa: F401
    certificates,
    groups,
    manage_events,
    manage_materials,
    manage_registrations,
    manage_reports,
    public,
    registrant,
)
