"""Attendance: who was present on which day of an event (the signed list's counterpart).

Days are local dates in CONSULT_TIMEZONE: a training from 9:00 to 16:00 in Warsaw is one
day whatever UTC says, and a two-day seminar has two lists to sign.

Attendance is what funders are told, so it cannot be recorded ahead: a day can be checked in
from that day on (the desk opens before the first session, so from the start of the day,
not the start's minute) and afterwards, when staff copy a signed paper list, but never for
a day still to come.
"""

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.core.search import search_term
from consult.core.text import search_key
from consult.core.timeutil import local_day, to_local, utcnow
from consult.events.models import Attendance, Event, Registration, RegistrationStatus
from consult.extensions import db

# Reasons of CheckInError.
NOT_CONFIRMED, NOT_EVENT_DAY, NOT_YET = "not_confirmed", "not_event_day", "not_yet"


class CheckInError(Exception):
    """A check-in cannot be recorded; ``reason`` says why (the view words it)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def days_of(event: Event) -> list[date]:
    """The local dates the event takes place on, first to last.

    An event ending exactly at midnight does not take place on the day that starts then.
    """
    first = local_day(event.starts_at)
    end = to_local(event.ends_at)
    last = end.date()
    if end.time() == time.min and last > first:
        last -= timedelta(days=1)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def today_of(event: Event) -> date | None:
    """Today's local date if the event takes place today."""
    today = local_day(utcnow())
    return today if today in days_of(event) else None


def recordable_days(event: Event) -> list[date]:
    """The event's days whose attendance can be recorded now: those up to today."""
    today = local_day(utcnow())
    return [day for day in days_of(event) if day <= today]


def default_day(event: Event) -> date:
    return today_of(event) or days_of(event)[0]


def find_attendance(registration: Registration, day: date) -> Attendance | None:
    return db.session.scalar(
        select(Attendance).where(
            Attendance.registration_id == registration.id, Attendance.day == day
        )
    )


def check_in(registration: Registration, day: date, actor) -> Attendance:
    """Record that a confirmed participant is present on ``day``; already present is fine.

    Two phones may scan the same badge at once: the unique (registration, day) row makes
    the second insert fail inside a savepoint, and the first one's row is returned.
    """
    if registration.status != RegistrationStatus.CONFIRMED:
        raise CheckInError(NOT_CONFIRMED)
    if day not in days_of(registration.event):
        raise CheckInError(NOT_EVENT_DAY)
    if day > local_day(utcnow()):
        raise CheckInError(NOT_YET)
    existing = find_attendance(registration, day)
    if existing is not None:
        return existing
    attendance = Attendance(
        registration_id=registration.id, day=day, checked_in_by_id=getattr(actor, "id", None)
    )
    try:
        with db.session.begin_nested():
            db.session.add(attendance)
    except IntegrityError:
        return find_attendance(registration, day)
    certificate_follows(registration)
    return attendance


def undo_check_in(registration: Registration, day: date) -> bool:
    """Remove the day's check-in (ticked by mistake); False if there was none."""
    attendance = find_attendance(registration, day)
    if attendance is None:
        return False
    db.session.delete(attendance)
    db.session.flush()
    certificate_follows(registration)
    return True


def certificate_follows(registration: Registration) -> None:
    """A certificate is issued only after the event, so only then can a correction of the
    attendance change one (``certificates.attendance_changed``)."""
    if registration.event.is_past:
        from consult.events import certificates  # it reads days_of from here

        certificates.attendance_changed(registration)


def days_by_registration(registration_ids: list[int]) -> dict[int, list[date]]:
    """The days each registration was present on, with one query (lists, exports)."""
    days: dict[int, list[date]] = {registration_id: [] for registration_id in registration_ids}
    if not registration_ids:
        return days
    rows = db.session.execute(
        select(Attendance.registration_id, Attendance.day)
        .where(Attendance.registration_id.in_(registration_ids))
        .order_by(Attendance.day)
    )
    for registration_id, day in rows:
        days[registration_id].append(day)
    return days


def matching(query: str):
    """Name, e-mail or organisation contains the search, ignoring case and Polish letters."""
    return Registration.search_text.contains(search_term(query).key, autoescape=True)


def confirmed_participants(event: Event, query: str = "") -> list[Registration]:
    """Confirmed participants in alphabetical order (Ł after L, not after Z)."""
    stmt = select(Registration).where(
        Registration.event_id == event.id, Registration.status == RegistrationStatus.CONFIRMED
    )
    if query:
        stmt = stmt.where(matching(query))
    return sorted(db.session.scalars(stmt), key=lambda r: (search_key(r.full_name), r.id))


def present_on(event: Event, day: date) -> dict[int, Attendance]:
    """Registration id → the day's check-in, for everyone present on ``day``."""
    rows = db.session.scalars(
        select(Attendance)
        .join(Registration, Registration.id == Attendance.registration_id)
        .where(Registration.event_id == event.id, Attendance.day == day)
    )
    return {attendance.registration_id: attendance for attendance in rows}
