"""Group registration: a training coordinator of an NGO or an office registers several
colleagues for an event at once, as they do by e-mail today.

The coordinator is signed in with a proven address and vouches for the colleagues, so their
addresses need no confirmation link (a colleague may have none). Each colleague is an
ordinary registration (``services.register``, in one transaction): their own seat in their
own group's quota or a place on the waiting list, their own link to cancel, their own
messages when they gave an address. The coordinator gets one message listing everyone with
their links, and the registrations remember who made them (``registered_by_id``).

A colleague whose address is already registered is not registered twice, and the
coordinator never gets that registration's link: its owner is told, as when anyone
registers an address that is taken.
"""

from dataclasses import dataclass

from consult.events import mail, services
from consult.events.models import Event, Registration

MAX_PEOPLE = 20  # a group larger than this is an event of its own: talk to the organisers


@dataclass(frozen=True)
class Colleague:
    full_name: str
    email: str  # may be empty
    category: str


class GroupRegistrationError(services.RegistrationError):
    """Why ``colleague`` could not be registered: then nobody is."""

    def __init__(self, reason: str, colleague: Colleague):
        super().__init__(reason)
        self.colleague = colleague


@dataclass(frozen=True)
class GroupResult:
    registered: list[Registration]  # the coordinator's, each with its own link
    already_registered: list[str]  # names of colleagues whose address was registered before


def register_group(event: Event, coordinator, organisation: str, colleagues: list[Colleague],
                   locale: str = "pl") -> GroupResult:
    """Register every colleague (the caller commits once); raises ``GroupRegistrationError``
    when registration is not open, or when the event has no room and no waiting list for
    one of them — then nobody is registered (the caller rolls back)."""
    registered, taken = [], []
    for colleague in colleagues:
        try:
            registration = services.register(
                event, services.RegistrationData(
                    full_name=colleague.full_name, email=colleague.email,
                    category=colleague.category, organisation=organisation),
                locale=locale, coordinator=coordinator)
        except services.RegistrationError as exc:
            raise GroupRegistrationError(exc.reason, colleague) from exc
        if registration.registered_by_id == coordinator.id:
            registered.append(registration)
        else:
            taken.append(colleague.full_name)
    if registered:
        mail.group_registered(event, coordinator, registered, locale)
    return GroupResult(registered, taken)
