"""Staff messages to an event's registrants, one e-mail per person through the outbox."""

from flask_babel import force_locale
from sqlalchemy import or_, select

from consult.core.mail import queue_mail
from consult.core.urls import external_url
from consult.events.mail import registrant_link
from consult.events.models import ACTIVE, Event, Registration, RegistrationStatus
from consult.extensions import db


def recipients(event: Event, statuses, registration_ids) -> list[Registration]:
    """Active registrants of the event in ``statuses``, plus those picked by id.

    Ids are only ever matched among this event's active registrations, so an id of another
    event's registrant posted in the form reaches nobody. "Waiting" means people who have
    confirmed their address: the others may be a script's made-up addresses or a
    stranger's, and are reached only when picked by name.
    """
    statuses = [status for status in statuses if status in ACTIVE]
    chosen = []
    if statuses:
        chosen.append(Registration.status.in_(statuses) & or_(
            Registration.status != RegistrationStatus.WAITLISTED,
            Registration.email_confirmed_at.is_not(None)))
    if registration_ids:
        chosen.append(Registration.id.in_(list(registration_ids)))
    if not chosen:
        return []
    return list(db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status.in_(ACTIVE),
            Registration.email.is_not(None),
            Registration.email != "",
            or_(*chosen),
        )
        .order_by(Registration.full_name, Registration.id)
    ))


def send_message(event: Event, subject: str, body: str, people: list[Registration]) -> int:
    """Queue the message for each person (the caller commits once); returns how many."""
    body = body.replace("\r\n", "\n")
    for registration in people:
        with force_locale(registration.locale):
            queue_mail(
                registration.email,
                subject,
                "events/mail/message",
                registration=registration,
                event=event,
                body=body,
                **registrant_link(registration),
                event_url=external_url("events.detail", slug=event.slug),
            )
    return len(people)
