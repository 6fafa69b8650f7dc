"""The rules of events: who gets a seat, who waits, who is promoted, what is sent when.

Every function that changes seats first takes the event's lock (``lock_event``) and counts
seats only after that, so registrations for the last seats that arrive at the same moment
are served one after the other: exactly ``capacity`` get a seat, the rest wait in arrival
order. The caller commits once; mail is written to the outbox in the same transaction.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    select,
)
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value

from consult.core.text import unique_slug
from consult.core.timeutil import utcnow
from consult.events import mail, queries
from consult.events.locks import lock_event
from consult.events.models import (
    ACTIVE,
    MULTIPLE,
    SEAT_HOLDING,
    AgendaItem,
    Answer,
    EvaluationQuestion,
    Event,
    EventQuota,
    EventStatus,
    EventStatusChange,
    Question,
    Registration,
    RegistrationLog,
    RegistrationStatus,
    new_token,
)
from consult.extensions import db


class RegistrationError(Exception):
    """A registration cannot be made or changed; ``reason`` says why (the view words it)."""

    def __init__(self, reason: str, registration: Registration | None = None):
        super().__init__(reason)
        self.reason = reason
        self.registration = registration


# Reasons of RegistrationError.
NOT_OPEN_YET, CLOSED, EVENT_CANCELLED, NOT_PUBLISHED = (
    "not_open_yet", "closed", "event_cancelled", "not_published"
)
FULL, ALREADY_REGISTERED, NOT_ACTIVE = "full", "already_registered", "not_active"
GROUP_FULL = "group_full"  # the seats of the registrant's category (EventQuota) are taken


@dataclass
class RegistrationData:
    """What a registrant gives; ``answers`` maps question id → text or list of options."""

    full_name: str
    email: str
    category: str
    organisation: str = ""
    position: str = ""
    phone: str = ""
    needs: str = ""
    consent_needs: bool = False
    consent_image: bool = False
    answers: dict[int, str | list[str]] = field(default_factory=dict)


@dataclass
class SeatCounts:
    """Seats held and how many wait, as the event's seat counters stand."""

    total_held: int
    waiting: int  # people with a confirmed address: the only ones a freed seat goes to
    held: dict[str, int] = field(default_factory=dict)  # per category that has a quota


# ---------------------------------------------------------------- counting


def seat_counts(event) -> SeatCounts:
    """The event's seats, read from its counters (no query). ``event`` may be its heading
    row (``queries.heading_by_slug``), which has no quotas: then only the totals."""
    return SeatCounts(event.seats_taken, event.waitlist_length,
                      {quota.category: quota.seats_taken
                       for quota in getattr(event, "quotas", ())})


def seat_counts_by_event(events) -> dict[int, SeatCounts]:
    """The totals of a list of events (lists show no group's seats)."""
    return {event.id: SeatCounts(event.seats_taken, event.waitlist_length) for event in events}


def _seat_use(status: str, address_confirmed: bool) -> tuple[int, int]:
    """What a registration in ``status`` counts for: (seats held, people waiting)."""
    return (int(status in SEAT_HOLDING),
            int(status == RegistrationStatus.WAITLISTED and address_confirmed))


def _count_seat_change(event: Event, category: str, held: int, waiting: int) -> None:
    """Add to the event's seat counters (and its category's quota), in the database and on
    the objects read under the lock. Only ``set_status`` and ``confirm_address`` call it."""
    if not (held or waiting):
        return
    connection = db.session.connection()
    connection.execute(queries.seat_counter_change(),
                       {"event_id": event.id, "held": held, "waiting": waiting})
    set_committed_value(event, "seats_taken", event.seats_taken + held)
    set_committed_value(event, "waitlist_length", event.waitlist_length + waiting)
    quota = next((quota for quota in event.quotas if quota.category == category), None)
    if quota is not None and held:
        connection.execute(queries.quota_counter_change(), {"quota_id": quota.id, "held": held})
        set_committed_value(quota, "seats_taken", quota.seats_taken + held)


def recount_seats(event: Event) -> None:
    """Set the event's seat counters from a count of its registrations, under the lock:
    after staff changed its quotas (``event_saved``), and for registrations written
    outside the rules (the demo's and the benchmark's data)."""
    event = lock_event(event.id)
    held, waiting, by_category = queries.seat_recount(event.id)
    connection = db.session.connection()
    connection.execute(queries.seat_counter_change(), {
        "event_id": event.id, "held": held - event.seats_taken,
        "waiting": waiting - event.waitlist_length})
    set_committed_value(event, "seats_taken", held)
    set_committed_value(event, "waitlist_length", waiting)
    for quota in event.quotas:
        taken = by_category.get(quota.category, 0)
        connection.execute(queries.quota_counter_change(),
                           {"quota_id": quota.id, "held": taken - quota.seats_taken})
        set_committed_value(quota, "seats_taken", taken)


@dataclass
class GroupSeats:
    """The seats one participant category may take (its EventQuota) and how many it holds."""

    category: str
    seats: int
    taken: int

    @property
    def is_full(self) -> bool:
        return self.taken >= self.seats


def group_seats(event: Event, counts: SeatCounts) -> list[GroupSeats]:
    """The event's seats per participant category, in the order of its quotas."""
    return [GroupSeats(quota.category, quota.seats, counts.held.get(quota.category, 0))
            for quota in event.quotas]


def no_seat_reason(event: Event, category: str, counts: SeatCounts) -> str | None:
    """Why a registrant of ``category`` would get no seat now: FULL (the event's seats are
    taken), GROUP_FULL (the category's are, while the event still has free seats), or None.
    The page tells a person of a full group exactly that: not that the event is full."""
    if event.capacity is not None and counts.total_held >= event.capacity:
        return FULL
    quota = event.quota_for(category)
    if quota is not None and counts.held.get(category, 0) >= quota:
        return GROUP_FULL
    return None


def has_room(event: Event, category: str, counts: SeatCounts) -> bool:
    return no_seat_reason(event, category, counts) is None


def seats_left(event: Event, counts: SeatCounts) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - counts.total_held, 0)


def waitlist_position(registration: Registration) -> int | None:
    """The place in the order of ``promote_waiting``: confirmed addresses first."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    earlier = Registration.id <= registration.id
    confirmed = Registration.email_confirmed_at.is_not(None)
    ahead = (confirmed & earlier) if registration.email_confirmed_at else (confirmed | earlier)
    return db.session.scalar(
        select(func.count()).where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            ahead,
        )
    )


def registration_state(event: Event, now: datetime | None = None) -> str:
    """``open`` or the reason registration is not possible now."""
    now = now or utcnow()
    if event.status == EventStatus.CANCELLED:
        return EVENT_CANCELLED
    if event.status != EventStatus.PUBLISHED:
        return NOT_PUBLISHED
    if event.registration_opens_at and now < event.registration_opens_at:
        return NOT_OPEN_YET
    closes_at = event.registration_closes_at or event.starts_at
    if now >= closes_at or now >= event.ends_at:
        return CLOSED
    return "open"


# ---------------------------------------------------------------- status changes


def set_status(registration: Registration, status: str, actor=None, note: str = "",
               event: Event | None = None) -> None:
    """The one place that changes a registration's status; it logs the change and keeps
    the seat counters. ``event``: the event the registration moves to (``move``), which
    is then locked like its own."""
    old = registration.status if registration.id is not None else None  # None: just made
    confirmed = registration.email_confirmed_at is not None
    held, waiting = _seat_use(old, confirmed) if old is not None else (0, 0)
    source = registration.event
    if event is not None and event is not source:
        _count_seat_change(source, registration.category, -held, -waiting)
        registration.event, held, waiting = event, 0, 0
    registration.status = status
    now_held, now_waiting = _seat_use(status, confirmed)
    _count_seat_change(registration.event, registration.category,
                       now_held - held, now_waiting - waiting)
    if status != RegistrationStatus.PENDING or registration.email_confirmed_at is not None:
        registration.client_key = None  # needed only while an unconfirmed address holds a seat
    now = utcnow()
    if status == RegistrationStatus.CONFIRMED:
        registration.confirmed_at = now
        registration.hold_expires_at = None
    elif status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
        registration.cancelled_at = now
        registration.hold_expires_at = None
    registration.history.append(
        RegistrationLog(
            old_status=old, new_status=status, actor_id=getattr(actor, "id", None),
            note=note[:300], at=now,
        )
    )


def confirm_address(registration: Registration, now: datetime) -> None:
    """The registrant's address is proved: on the waiting list, they now count as waiting
    for a freed seat."""
    if registration.email_confirmed_at is not None:
        return
    registration.email_confirmed_at = now
    if registration.id is not None:
        _count_seat_change(registration.event, registration.category,
                           0, int(registration.status == RegistrationStatus.WAITLISTED))


def hold_minutes() -> int:
    """How long a seat is held for an address that is not confirmed yet: short, because the
    person is at the form and the message arrives in seconds, and a script making up
    addresses must not keep seats from people for long."""
    return current_app.config["EVENTS_GUEST_HOLD_MINUTES"]


def _hold_until(event: Event, now: datetime) -> datetime:
    hold = now + timedelta(minutes=hold_minutes())
    return min(hold, event.starts_at) if event.starts_at > now else hold


def _seat_status(event: Event, registration: Registration) -> str:
    """The status of someone who has just got a seat."""
    if registration.email_confirmed_at is None or (
        event.requires_approval and not registration.added_by_staff
    ):
        return RegistrationStatus.PENDING
    return RegistrationStatus.CONFIRMED


def _give_seat(event: Event, registration: Registration, now: datetime, actor=None,
               note: str = "") -> None:
    set_status(registration, _seat_status(event, registration), actor, note, event)
    if registration.awaits_email:
        registration.hold_expires_at = _hold_until(event, now)


def _owns(user, registration: Registration) -> bool:
    """The signed-in person is the registrant (their account, or their proved address)."""
    return user is not None and (
        registration.user_id == user.id
        or (user.email_verified and user.email.lower() == registration.email)
    )


def unconfirmed_holds_of(event: Event, client_key: str) -> int:
    """Seats of the event held, right now, for addresses not yet confirmed that were
    registered from one visitor (``client_key``)."""
    return db.session.scalar(
        select(func.count()).where(
            Registration.event_id == event.id, Registration.client_key == client_key,
            Registration.status == RegistrationStatus.PENDING,
            Registration.email_confirmed_at.is_(None),
        )
    )


def register(event: Event, data: RegistrationData, user=None, staff=None,
             locale: str = "pl", client_key: str | None = None) -> Registration:
    """Register someone for the event: a seat if there is room, else the waiting list.

    ``user``: the signed-in registrant (a verified address needs no confirmation link).
    ``staff``: a staff member adding someone by hand (allowed outside the registration
    period and without approval, but never beyond capacity).
    ``client_key``: a keyed hash of the visitor's network address. An address that is not
    confirmed holds a seat only for EVENTS_GUEST_HOLD_MINUTES, and one visitor holds at most
    EVENTS_GUEST_HOLDS_PER_VISITOR such seats of an event: beyond that the registration is
    kept on the waiting list and gets its seat when the address is confirmed (so a room of
    people behind one office address all register; a script making up addresses does not
    keep the seats).

    Someone registering an address that is already registered gets the answer a new
    registrant gets, and the address's owner a message with their own link: the form must
    not tell strangers who is registered. That registration is returned unchanged. Only
    its owner, signed in, is told (``ALREADY_REGISTERED``) and may be shown it.
    """
    event = lock_event(event.id)
    now = utcnow()
    email = data.email.strip().lower()
    of_email, expired = _registration_checks(event, email, now)
    if expired:
        expire_holds(event, now)
        of_email, _expired_now = _registration_checks(event, email, now)
    if staff is None:
        state = registration_state(event, now)
        if state != "open":
            raise RegistrationError(state)
    elif event.status == EventStatus.CANCELLED:
        raise RegistrationError(EVENT_CANCELLED)
    existing = find_active_registration(event, email) if of_email else None
    if existing is not None and (staff is not None or _owns(user, existing)):
        raise RegistrationError(ALREADY_REGISTERED, existing)

    reason = no_seat_reason(event, data.category, seat_counts(event))
    room = reason is None
    if not room and not event.waitlist_enabled and staff is None:
        raise RegistrationError(reason)
    if existing is not None:
        mail.already_registered(existing)
        return existing
    verified = staff is not None or (
        user is not None and user.email_verified and user.email.lower() == email
    )
    over_hold_limit = (
        room and not verified and client_key is not None
        and unconfirmed_holds_of(event, client_key)
        >= current_app.config["EVENTS_GUEST_HOLDS_PER_VISITOR"]
    )
    registration = Registration(
        event=event,
        token=new_token(),
        checkin_code=secrets.token_urlsafe(12),
        user_id=getattr(user, "id", None),
        status=RegistrationStatus.WAITLISTED,
        category=data.category,
        full_name=data.full_name.strip(),
        email=email,
        person_key=email,
        organisation=data.organisation.strip(),
        position=data.position.strip(),
        phone=data.phone.strip(),
        needs=data.needs.strip() if data.consent_needs else "",
        consent_needs=data.consent_needs and bool(data.needs.strip()),
        consent_rodo_at=now,
        consent_image=data.consent_image,
        email_confirmed_at=now if verified else None,
        added_by_staff=staff is not None,
        locale=locale,
        client_key=None if verified else client_key,
    )
    _store_answers(event, registration, data.answers)
    db.session.add(registration)
    note = "added by staff" if staff is not None else "registered"
    if over_hold_limit:
        set_status(registration, RegistrationStatus.WAITLISTED,
                   note="registered; the visitor's unconfirmed holds reached the limit: "
                        "waits for the address to be confirmed")
    elif room:
        _give_seat(event, registration, now, staff, note)
    else:
        set_status(registration, RegistrationStatus.WAITLISTED, staff, note)
    db.session.flush()
    if over_hold_limit:
        mail.confirm_for_seat(registration)
    else:
        _tell_registered(registration)
    return registration


def _registration_checks(event: Event, email: str, now: datetime) -> tuple[int, bool]:
    """Under the lock: active registrations of ``email``, and whether holds ran out."""
    return db.session.execute(queries.registration_checks(bool(email)), {
        "event_id": event.id, "email": email, "at": now,
        "waiting_since": now - unconfirmed_waiting_time()}).one()


def _tell_registered(registration: Registration) -> None:
    """The message a new registration gets: what the registrant must do, or has."""
    if registration.awaits_email:
        mail.confirm_address(registration, hold_minutes())
    elif registration.awaits_approval:
        mail.awaiting_approval(registration)
    elif registration.status == RegistrationStatus.CONFIRMED:
        mail.registration_confirmed(registration)
    else:
        mail.waitlisted(registration, waitlist_position(registration))


def _store_answers(event: Event, registration: Registration, answers: dict) -> None:
    for question in event.questions:
        value = answers.get(question.id)
        if value is None or value == "" or value == []:
            continue
        if question.kind == MULTIPLE and isinstance(value, list):
            value = "\n".join(value)
        registration.answers.append(Answer(question=question, value=str(value)))


def find_active_registration(event: Event, email: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.email == email.strip().lower(),
            Registration.status.in_(ACTIVE),
        )
    )


def confirm_email(registration: Registration) -> Registration:
    """The guest clicked the button on their page: the address is theirs."""
    lock_event(registration.event_id)
    db.session.refresh(registration)
    now = utcnow()
    expire_holds(registration.event, now)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    if registration.email_confirmed_at is not None:
        return registration
    confirm_address(registration, now)
    registration.client_key = None
    if registration.status == RegistrationStatus.PENDING:
        _give_seat(registration.event, registration, now, note="e-mail confirmed")
        if registration.status == RegistrationStatus.CONFIRMED:
            mail.registration_confirmed(registration)
        else:
            mail.awaiting_approval(registration)
    elif registration.status == RegistrationStatus.WAITLISTED:
        # Waiting for the address only (a hold that ran out, or the visitor's limit of
        # holds): a free seat is given now, and one freed later goes to it in turn.
        promote_waiting(registration.event)
    return registration


def cancel(registration: Registration, actor=None, note: str = "cancelled",
           reason: str = "") -> Registration:
    """Cancel by the registrant (or staff for them, with the ``reason`` they are told);
    frees the seat for the next in line."""
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    had_calendar_entry = registration.status == RegistrationStatus.CONFIRMED
    set_status(registration, RegistrationStatus.CANCELLED, actor,
               f"{note}: {reason}"[:300] if reason else note)
    mail.registration_cancelled(registration, had_calendar_entry, reason)
    promote_waiting(event)
    return registration


def approve(registration: Registration, actor) -> Registration:
    lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.PENDING:
        raise RegistrationError(NOT_ACTIVE, registration)
    confirm_address(registration, utcnow())
    set_status(registration, RegistrationStatus.CONFIRMED, actor, "approved")
    mail.registration_confirmed(registration)
    return registration


def reject(registration: Registration, actor, reason: str = "") -> Registration:
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    had_calendar_entry = registration.status == RegistrationStatus.CONFIRMED
    set_status(registration, RegistrationStatus.REJECTED, actor, reason or "rejected")
    mail.registration_rejected(registration, reason, had_calendar_entry)
    promote_waiting(event)
    return registration


def move(registration: Registration, target: Event, actor) -> Registration:
    """Move a registration to another event (e.g. the next edition of a full training).

    Both events are locked, in id order so two opposite moves cannot deadlock.
    """
    source_id = registration.event_id
    if target.id == source_id:
        return registration
    for event_id in sorted((source_id, target.id)):
        lock_event(event_id)
    db.session.refresh(registration)
    source, target = db.session.get(Event, source_id), db.session.get(Event, target.id)
    if registration.status not in ACTIVE:
        raise RegistrationError(NOT_ACTIVE, registration)
    if target.status == EventStatus.CANCELLED:
        raise RegistrationError(EVENT_CANCELLED)
    if find_active_registration(target, registration.email or "") is not None:
        raise RegistrationError(ALREADY_REGISTERED)
    had_calendar_entry = registration.status == RegistrationStatus.CONFIRMED
    registration.answers.clear()
    registration.reminded_at = None
    now = utcnow()
    note = f"moved from {source.slug}"
    if has_room(target, registration.category, seat_counts(target)):
        registration.added_by_staff = True
        _give_seat(target, registration, now, actor, note)
    else:
        set_status(registration, RegistrationStatus.WAITLISTED, actor, note, target)
    db.session.flush()
    mail.registration_moved(registration, source, had_calendar_entry)
    promote_waiting(source)
    return registration


def promote_waiting(event: Event) -> list[Registration]:
    """Give freed seats to the first people waiting in a category that has room.

    Only people whose address is confirmed are promoted: a seat handed to an address
    nobody has proved would be held for a script's made-up address as easily as for a
    person. Someone waiting with an unconfirmed address is promoted when they confirm it
    (``confirm_email``). Called under the event's lock after anything that frees a seat or
    adds capacity.
    """
    if event.status != EventStatus.PUBLISHED or event.is_past or _full(event):
        return []
    promoted = []
    now = utcnow()
    waiting = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id,
               Registration.status == RegistrationStatus.WAITLISTED,
               Registration.email_confirmed_at.is_not(None))
        .order_by(Registration.id)
    ).all()
    for registration in waiting:
        if _full(event):
            break
        if not has_room(event, registration.category, seat_counts(event)):
            continue
        _give_seat(event, registration, now, note="promoted from the waiting list")
        mail.registration_promoted(registration)
        promoted.append(registration)
    return promoted


def _full(event: Event) -> bool:
    return event.capacity is not None and event.seats_taken >= event.capacity


def unconfirmed_waiting_time() -> timedelta:
    """How long a registration whose address is not confirmed waits for that confirmation
    (on the waiting list: its hold ran out, or its visitor's holds were at their limit).
    Such entries are never promoted, and a script's made-up addresses never confirm, so
    they are cancelled after this time rather than kept for ever."""
    return timedelta(hours=current_app.config["EVENTS_UNCONFIRMED_WAITING_HOURS"])


def _expired(now: datetime, event_started) -> ColumnElement[bool]:
    """What ``expire_holds`` ends: a hold that ran out; an unconfirmed waiting entry that
    is too old, or whose event has started (``event_started``: a condition or a bool)."""
    unconfirmed_waiting = and_(Registration.status == RegistrationStatus.WAITLISTED,
                               Registration.email_confirmed_at.is_(None))
    return (queries.hold_expired(now)
            | queries.unconfirmed_waiting_expired(now - unconfirmed_waiting_time())
            | and_(unconfirmed_waiting, event_started))


def expire_holds(event: Event, now: datetime | None = None) -> int:
    """Release seats of guests who did not confirm their address in time (under the lock).

    The registration is not thrown away: it waits on the waiting list, and confirming the
    address later still gives a seat if one is free (``confirm_email``). A registration
    that has waited so for EVENTS_UNCONFIRMED_WAITING_HOURS, or when the event has started,
    is cancelled without a message (the address was never shown to be anyone's)."""
    now = now or utcnow()
    expired = list(db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   _expired(now, event.starts_at <= now))
        .order_by(Registration.id)
    ))
    released = 0
    for registration in expired:
        if registration.status == RegistrationStatus.WAITLISTED:
            set_status(registration, RegistrationStatus.CANCELLED,
                       note="address not confirmed in time: waiting entry cancelled")
            continue
        set_status(registration, RegistrationStatus.WAITLISTED,
                   note="address not confirmed in time")
        registration.hold_expires_at = None
        mail.hold_expired(registration, hold_minutes())
        released += 1
    if released:
        promote_waiting(event)
    return len(expired)


def expire_all_holds() -> int:
    """For cron: release expired holds and cancel stale unconfirmed waiting entries of
    every event, one event per transaction."""
    now = utcnow()
    event_ids = db.session.scalars(
        select(Registration.event_id).join(Event, Registration.event_id == Event.id)
        .where(_expired(now, Event.starts_at <= now)).distinct()
    ).all()
    released = 0
    for event_id in event_ids:
        released += expire_holds(lock_event(event_id))
        db.session.commit()
    return released


# ---------------------------------------------------------------- events


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
            for registration in active_registrations(event):
                mail.event_updated(registration, before)
    recount_seats(event)
    if event.status == EventStatus.PUBLISHED:
        promote_waiting(event)


def active_registrations(event: Event) -> list[Registration]:
    return list(db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
        .order_by(Registration.id)
    ))


def set_event_status(event: Event, status: str, actor=None, note: str = "") -> None:
    """The one place that changes an event's status; it logs the change."""
    event.status_history.append(EventStatusChange(
        old_status=event.status, new_status=status, actor_id=getattr(actor, "id", None),
        note=note[:300], at=utcnow()))
    event.status = status


def publish(event: Event, actor) -> None:
    if event.status == EventStatus.DRAFT:
        set_event_status(event, EventStatus.PUBLISHED, actor, "published")
        lock_event(event.id)
        promote_waiting(event)


def cancel_event(event: Event, reason: str, actor) -> None:
    """Cancel the event: every active registration is cancelled and told, with a calendar
    cancellation for those who had the entry."""
    event = lock_event(event.id)
    set_event_status(event, EventStatus.CANCELLED, actor, reason)
    event.cancel_reason = reason
    event.sequence += 1
    for registration in active_registrations(event):
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


def waitlist_positions(registrations: list[Registration]) -> dict[int, int]:
    """``waitlist_position`` of many registrations (a person's own list) in one query:
    registration id → place, for those on the waiting list."""
    waiting = [registration.id for registration in registrations
               if registration.status == RegistrationStatus.WAITLISTED]
    if not waiting:
        return {}
    mine, other = aliased(Registration), aliased(Registration)
    other_confirmed = other.email_confirmed_at.is_not(None)
    earlier = other.id <= mine.id
    ahead = case((mine.email_confirmed_at.is_not(None), other_confirmed & earlier),
                 else_=other_confirmed | earlier)
    return dict(db.session.execute(
        select(mine.id, func.count(other.id))
        .join(other, (other.event_id == mine.event_id)
              & (other.status == RegistrationStatus.WAITLISTED) & ahead)
        .where(mine.id.in_(waiting))
        .group_by(mine.id)).all())


# ---------------------------------------------------------------- the registrant's changes

EVENT_STARTED = "event_started"  # a reason of RegistrationError


@dataclass
class RegistrationDetails:
    """What a registrant may change themselves until the event starts. Name, address and
    category stay: seats and quotas were counted by the category, and the address is the
    person's identity (a new one would need proving again)."""

    organisation: str = ""
    position: str = ""
    phone: str = ""
    needs: str = ""
    consent_needs: bool = False


def details_refusal(registration: Registration, now: datetime | None = None) -> str | None:
    """Why the registrant may not change their details now, or None when they may."""
    if not registration.is_active or registration.personal_data_purged_at is not None:
        return NOT_ACTIVE
    if registration.event.starts_at <= (now or utcnow()):
        return EVENT_STARTED
    return None


def change_registration_details(registration: Registration, details: RegistrationDetails,
                                actor=None, now: datetime | None = None) -> list[str]:
    """The registrant changes what they told the organisers; returns the names of the
    fields that changed. The history records which fields changed and when, never their
    contents: needs may be about health (RODO art. 9). Needs are kept only with the
    consent to process them, as at registration."""
    now = now or utcnow()
    reason = details_refusal(registration, now)
    if reason is not None:
        raise RegistrationError(reason, registration)
    needs = details.needs.strip() if details.consent_needs else ""
    wanted = {"organisation": details.organisation.strip(),
              "position": details.position.strip(), "phone": details.phone.strip(),
              "needs": needs, "consent_needs": bool(needs)}
    changed = [name for name, value in wanted.items() if getattr(registration, name) != value]
    for name in changed:
        setattr(registration, name, wanted[name])
    if changed:
        registration.history.append(RegistrationLog(
            old_status=registration.status, new_status=registration.status,
            actor_id=getattr(actor, "id", None), at=now,
            note=f"details changed by the registrant: {', '.join(changed)}"[:300]))
    return changed
