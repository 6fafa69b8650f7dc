"""Reminders before an event, and the claim that makes every "sent at" message of the
events (reminder, thank-you) go once even when two cron runs meet."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from consult.core.timeutil import utcnow
from consult.events import mail
from consult.events.models import Event, EventStatus, Registration, RegistrationStatus
from consult.extensions import db


def send_reminders(now: datetime | None = None) -> int:
    """Remind confirmed participants of events starting within EVENTS_REMINDER_HOURS.

    Each registration is claimed with one UPDATE … WHERE reminded_at IS NULL, so two cron
    runs at the same moment never remind anyone twice.
    """
    now = now or utcnow()
    horizon = now + timedelta(hours=current_app.config["EVENTS_REMINDER_HOURS"])
    due = select(Registration.id).join(Event).where(
        Event.status == EventStatus.PUBLISHED,
        Event.starts_at > now,
        Event.starts_at <= horizon,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.reminded_at.is_(None),
    )
    claimed = claim_registrations(
        Registration.reminded_at, now,
        Registration.id.in_(due.scalar_subquery()), Registration.reminded_at.is_(None),
    )
    for registration in claimed:
        mail.reminder(registration)
    return len(claimed)


def claim_registrations(flag, now: datetime, *conditions) -> list[Registration]:
    """Set ``flag`` (a "sent at" column) on the registrations matching ``conditions`` in one
    UPDATE … RETURNING and return them: of two runs at the same moment, each registration
    is claimed by one only, so nobody gets the same e-mail twice."""
    claimed = db.session.scalars(
        update(Registration)
        .where(*conditions)
        .values({flag: now})
        .returning(Registration.id)
        .execution_options(synchronize_session=False)
    ).all()
    return list(db.session.scalars(
        select(Registration).where(Registration.id.in_(claimed)).order_by(Registration.id)
    ))
