"""An event's life as staff steer it: its slug, publishing, an edit saved (and the
registrants told what changed in its time or place), a copy for the next edition, and
cancelling it with every registration.

What changes seats goes through the rules of services.py (``promote_waiting``) under the
event's lock, like a registration.
"""

from datetime import datetime

from consult.core.text import unique_slug
from consult.events import log_notes, mail, queries
from consult.events.locks import lock_event
from consult.events.models import (
    AgendaItem,
    EvaluationQuestion,
    Event,
    EventQuota,
    EventStatus,
    Question,
    RegistrationStatus,
)
from consult.events.services import promote_waiting
from consult.events.status import recount_seats, set_event_status, set_status
from consult.extensions import db


def slugify(title: str) -> str:
    return unique_slug(title, Event.slug, "wydarzenie")


# What, when changed on a published event, makes registrants' calendars out of date.
CALENDAR_FIELDS = ("starts_at", "ends_at", "format", "venue_name", "venue_address", "online_url")


def calendar_snapshot(event: Event) -> dict:
    """What registrants are told about when it changes, as it is before an edit."""
    return {name: getattr(event, name) for name in CALENDAR_FIELDS}


def event_saved(event: Event, before: dict | None) -> None:
    """After staff edited an event: tell registrants what changed in its time or place
    (old → new), and give seats to people waiting if capacity or quotas grew. A quota the
    edit added starts from the seats its category holds (counted under the lock)."""
    if before is not None and before != calendar_snapshot(event):
        event.sequence += 1
        if event.status == EventStatus.PUBLISHED:
            for registration in queries.active_registrations(event):
                mail.event_updated(registration, before)
    recount_seats(event)
    if event.status == EventStatus.PUBLISHED:
        promote_waiting(event)


def publish(event: Event, actor) -> None:
    if event.status == EventStatus.DRAFT:
        set_event_status(event, EventStatus.PUBLISHED, actor, log_notes.PUBLISHED)
        lock_event(event.id)
        promote_waiting(event)


def cancel_event(event: Event, reason: str, actor) -> None:
    """Cancel the event: every active registration is cancelled and told, with a calendar
    cancellation for those who had the entry."""
    event = lock_event(event.id)
    set_event_status(event, EventStatus.CANCELLED, actor, reason)
    event.cancel_reason = reason
    event.sequence += 1
    for registration in queries.active_registrations(event):
        had_calendar_entry = registration.status == RegistrationStatus.CONFIRMED
        set_status(registration, RegistrationStatus.CANCELLED, actor, "event cancelled")
        mail.event_cancelled(registration, had_calendar_entry)


def duplicate(event: Event, starts_at: datetime) -> Event:
    """A draft copy for the next edition, every time moved by the same amount."""
    shift = starts_at - event.starts_at

    def moved(value):
        return value + shift if value else None

    copy = Event(
        slug=slugify(event.title),
        duplicated_from_id=event.id,
        status=EventStatus.DRAFT,
        starts_at=starts_at,
        ends_at=event.ends_at + shift,
        registration_opens_at=moved(event.registration_opens_at),
        registration_closes_at=moved(event.registration_closes_at),
        partners=list(event.partners),
        quotas=[EventQuota(category=q.category, seats=q.seats) for q in event.quotas],
        questions=[
            Question(kind=q.kind, label=q.label, options=q.options, required=q.required,
                     position=q.position, help_text=q.help_text)
            for q in event.questions
        ],
        evaluation_questions=[
            EvaluationQuestion(kind=q.kind, key=q.key, label=q.label, required=q.required,
                               position=q.position)
            for q in event.evaluation_questions
        ],
        agenda=[
            AgendaItem(starts_at=item.starts_at + shift, ends_at=moved(item.ends_at),
                       title=item.title, speakers=item.speakers)
            for item in event.agenda
        ],
    )
    for name in (
        "type", "title", "summary", "description", "speakers", "format", "venue_name",
        "venue_address", "powiat_id", "accessibility_info", "online_url", "organiser",
        "other_partners", "funding_project_id", "hours", "kilometres", "capacity",
        "requires_approval", "waitlist_enabled",
    ):
        setattr(copy, name, getattr(event, name))
    db.session.add(copy)
    db.session.flush()
    return copy
