"""What the event pages say about an event's seats and its registration: the numbers and
the state the services compute, put together once for the templates, which only print
them (the list of events, the event's page, the registration form, the embeddable list).
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _

from consult.core.datetext import format_moment
from consult.events import services


@dataclass(frozen=True)
class Availability:
    """An event's seats and whether one may register now.

    ``state`` is ``services.registration_state``; ``groups`` the seats set aside per
    participant category (``services.GroupSeats``), filled only where a page shows them.
    """

    capacity: int | None
    seats_left: int | None  # None when the event has no limit
    waiting: int  # people with a confirmed address on the waiting list
    state: str
    opens_at: datetime | None
    groups: list[services.GroupSeats] = field(default_factory=list)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    @property
    def is_open(self) -> bool:
        return self.state == services.OPEN

    @property
    def closed_note(self) -> str:
        """Why registration is not possible now, in words (empty while it is open)."""
        if self.is_open:
            return ""
        if self.state == services.NOT_OPEN_YET:
            return _("Registration opens on %(time)s.", time=format_moment(self.opens_at))
        if self.state == services.EVENT_CANCELLED:
            return _("The event is cancelled; registration is closed.")
        if self.state == services.NOT_PUBLISHED:
            return _("Registration opens when the event is published.")
        return _("Registration is closed.")


def availability(event, counts: services.SeatCounts, *, groups: bool = False) -> Availability:
    """``event`` may be an Event or its heading row (``queries.heading_by_slug``); the
    groups' seats read the event's quotas, so only pages that show them ask for them."""
    return Availability(
        capacity=event.capacity, seats_left=services.seats_left(event, counts),
        waiting=counts.waiting,
        state=services.registration_state(event), opens_at=event.registration_opens_at,
        groups=services.group_seats(event, counts) if groups else [],
    )


def availability_by_event(events, counts: dict[int, services.SeatCounts]
                          ) -> dict[int, Availability]:
    """The seats of a list of events (read from their seat counters: ``seat_counts_by_event``)."""
    return {event.id: availability(event, counts[event.id]) for event in events}
