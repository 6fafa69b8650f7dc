"""The e-mails of events: what is sent to whom and when, each through the outbox.

Messages are written in the language the person registered in. Confirmed participants get
the calendar entry (with the online link) and their check-in QR code; when their entry
stops being valid they get a calendar cancellation.
"""

import io
from datetime import datetime
from enum import StrEnum

import segno
from flask_babel import force_locale, ngettext, pgettext
from flask_babel import gettext as _

from consult.core.datetext import format_clock, format_moment, format_moment_range
from consult.core.mail import Attachment, queue_mail
from consult.core.timeutil import local_day
from consult.core.urls import external_url
from consult.events.calendar import registration_ics
from consult.events.choices import FORMAT_LABELS, ONLINE, ONSITE
from consult.events.models import (
    REGISTRATION_STATUS_LABELS,
    Event,
    Registration,
    RegistrationStatus,
)

CALENDAR_TYPE = "text/calendar; charset=utf-8; method={method}"


class RegistrationMail(StrEnum):
    """Which message about a registration is sent: the one template
    (``events/mail/registration``) says what this one says at its start (``_intro``)."""

    CONFIRM_ADDRESS = "confirm_address"
    CONFIRM_FOR_SEAT = "confirm_for_seat"
    ALREADY_REGISTERED = "already_registered"
    AWAITING_APPROVAL = "awaiting_approval"
    WAITLISTED = "waitlisted"
    CONFIRMED = "confirmed"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    CANCELLED_BY_ORGANISERS = "cancelled_by_organisers"
    REJECTED = "rejected"
    HOLD_EXPIRED = "hold_expired"
    MOVED = "moved"
    UPDATED = "updated"
    EVENT_CANCELLED = "event_cancelled"
    REMINDER = "reminder"


def _calendar(registration: Registration, cancelled: bool = False,
              event: Event | None = None) -> Attachment:
    """The calendar file; its MIME type names the file's own METHOD (Outlook refuses a
    mismatch)."""
    calendar = registration_ics(registration, cancelled, event)
    return Attachment(
        filename="zaproszenie.ics" if not cancelled else "odwolanie.ics",
        content_type=CALENDAR_TYPE.format(method=calendar.method),
        data=calendar.data,
    )


def registrant_link(registration: Registration) -> dict:
    """What a message needs to carry the registrant's own page: its ``page_url``, and
    whether the message is kept from staff in the outbox (``contains_secret``): until a
    guest has confirmed the address, that link confirms it, so it is readable only in that
    mailbox (and by administrators)."""
    return {"page_url": external_url("events.registration", token=registration.token),
            "contains_secret": registration.email_confirmed_at is None}


def checkin_url(registration: Registration) -> str:
    return external_url("events_manage.checkin_scan", code=registration.checkin_code)


def checkin_qr_png(registration: Registration) -> bytes:
    buffer = io.BytesIO()
    segno.make(checkin_url(registration), error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def _qr(registration: Registration) -> Attachment:
    return Attachment("kod-qr-wejscie.png", "image/png", checkin_qr_png(registration))


def _send(registration: Registration, kind: RegistrationMail, subject: str, *,
          calendar: bool = False, cancel_calendar: bool = False,
          cancel_entry_of: Event | None = None, **context) -> None:
    if not registration.email:
        return
    attachments = []
    if calendar:
        attachments += [_calendar(registration), _qr(registration)]
    if cancel_calendar or cancel_entry_of:
        attachments.append(_calendar(registration, cancelled=True, event=cancel_entry_of))
    queue_mail(
        registration.email,
        subject,
        "events/mail/registration",
        attachments=tuple(attachments),
        kind=kind,
        registration=registration,
        event=registration.event,
        **registrant_link(registration),
        event_url=external_url("events.detail", slug=registration.event.slug),
        show_online=registration.status == RegistrationStatus.CONFIRMED and not cancel_calendar,
        **context,
    )


def _subject(text: str, event: Event) -> str:
    return text % {"title": event.title}


def confirm_address(registration: Registration, hold_minutes: int) -> None:
    """The seat is held ``hold_minutes`` for the guest to confirm their address."""
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.CONFIRM_ADDRESS,
              _subject(_("Confirm your registration: %(title)s"), registration.event),
              hold_until=format_moment(registration.hold_expires_at),
              hold_minutes=hold_minutes)


def confirm_for_seat(registration: Registration) -> None:
    """Registered while the visitor's unconfirmed holds were at their limit: the seat is
    given when the address is confirmed."""
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.CONFIRM_FOR_SEAT,
              _subject(_("Confirm your registration: %(title)s"), registration.event))


def already_registered(registration: Registration) -> None:
    """Someone registered this address again: its owner gets their own link (the form
    answered as for anyone, so it tells nobody else that the address is registered)."""
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.ALREADY_REGISTERED,
              _subject(_("You are already registered: %(title)s"), registration.event))


def group_registered(event: Event, coordinator, registrations: list[Registration],
                     locale: str) -> None:
    """The coordinator's list of the colleagues they registered: each one's status and own
    link (to see or cancel that registration). It holds the links of registrations the
    coordinator made, never of anyone registered before."""
    with force_locale(coordinator.locale or locale):
        queue_mail(
            coordinator.email,
            ngettext("You registered %(num)d person: %(title)s",
                     "You registered %(num)d people: %(title)s", len(registrations),
                     title=event.title),
            "events/mail/group_registered", user=coordinator, event=event,
            people=[(registration, external_url("events.registration",
                                                token=registration.token))
                    for registration in registrations],
            status_labels=REGISTRATION_STATUS_LABELS,
            event_url=external_url("events.detail", slug=event.slug))


def awaiting_approval(registration: Registration) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.AWAITING_APPROVAL,
              _subject(_("Registration received: %(title)s"), registration.event))


def waitlisted(registration: Registration, position: int | None) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.WAITLISTED,
              _subject(_("You are on the waiting list: %(title)s"), registration.event),
              position=position)


def registration_confirmed(registration: Registration) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.CONFIRMED,
              _subject(_("Registration confirmed: %(title)s"), registration.event),
              calendar=True)


def registration_promoted(registration: Registration) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.PROMOTED,
              _subject(_("A seat is free for you: %(title)s"), registration.event),
              calendar=registration.status == RegistrationStatus.CONFIRMED,
              hold_until=format_moment(registration.hold_expires_at)
              if registration.hold_expires_at else "")


def registration_cancelled(registration: Registration, had_calendar_entry: bool,
                           reason: str = "") -> None:
    """Cancelled by the registrant, or by the organisers with the ``reason`` they gave."""
    with force_locale(registration.locale):
        kind = RegistrationMail.CANCELLED_BY_ORGANISERS if reason else RegistrationMail.CANCELLED
        _send(registration, kind,
              _subject(_("Registration cancelled: %(title)s"), registration.event),
              cancel_calendar=had_calendar_entry, reason=reason)


def registration_rejected(registration: Registration, reason: str,
                          had_calendar_entry: bool) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.REJECTED,
              _subject(_("Registration not accepted: %(title)s"), registration.event),
              cancel_calendar=had_calendar_entry, reason=reason)


def hold_expired(registration: Registration, hold_minutes: int) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.HOLD_EXPIRED,
              _subject(_("Confirm your address to get a seat: %(title)s"), registration.event),
              hold_minutes=hold_minutes)


def registration_moved(registration: Registration, source: Event,
                       had_calendar_entry: bool) -> None:
    """The new event's entry once there is a seat, and the removal of the entry of the
    event they were moved from (its own UID), so it does not stay in their calendar."""
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.MOVED,
              _subject(_("Your registration was moved: %(title)s"), registration.event),
              calendar=registration.status == RegistrationStatus.CONFIRMED,
              cancel_entry_of=source if had_calendar_entry else None, source=source)


def _clock_range(start: datetime, end: datetime) -> str:
    return f"{format_clock(start)}–{format_clock(end)}"


def _place(values: dict) -> str:
    """The venue of an event described by ``values``; an online event has none."""
    if values["format"] == ONLINE:
        return "—"
    return ", ".join(part for part in (values["venue_name"], values["venue_address"])
                     if part) or "—"


def _link(values: dict) -> str:
    """The online link of an event described by ``values``; an event on site has none."""
    if values["format"] == ONSITE:
        return "—"
    return values["online_url"] or "—"


def changes(event: Event, before: dict, with_link: bool) -> list[tuple[str, str, str]]:
    """What changed since ``before`` (lifecycle.calendar_snapshot) as (what, old, new), in
    the current language; only what changed. A time moved within the same day is written
    as hours ("10:00–16:00 → 11:00–17:00"), the day being in the details below. The online
    link is named only to those who may see it."""
    found = []
    old_start, old_end = before["starts_at"], before["ends_at"]
    if (old_start, old_end) != (event.starts_at, event.ends_at):
        days = {local_day(moment) for moment in (old_start, old_end, event.starts_at,
                                                 event.ends_at)}
        write = _clock_range if len(days) == 1 else format_moment_range
        found.append((pgettext("event change", "Date and time"), write(old_start, old_end),
                      write(event.starts_at, event.ends_at)))
    if before["format"] != event.format:
        found.append((_("Format"), str(FORMAT_LABELS[before["format"]]),
                       str(FORMAT_LABELS[event.format])))
    after = {name: getattr(event, name) for name in before}
    for label, describe, told in ((_("Venue"), _place, True),
                                  (_("Online meeting link"), _link, with_link)):
        if told and describe(before) != describe(after):
            found.append((label, describe(before), describe(after)))
    return found


def event_updated(registration: Registration, before: dict) -> None:
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.UPDATED,
              _subject(_("New time or place: %(title)s"), registration.event),
              calendar=confirmed, changes=changes(registration.event, before, confirmed))


def event_cancelled(registration: Registration, had_calendar_entry: bool) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.EVENT_CANCELLED,
              _subject(_("Event cancelled: %(title)s"), registration.event),
              cancel_calendar=had_calendar_entry, reason=registration.event.cancel_reason)


def reminder(registration: Registration) -> None:
    with force_locale(registration.locale):
        _send(registration, RegistrationMail.REMINDER,
              _subject(_("Reminder: %(title)s"), registration.event), calendar=True)
