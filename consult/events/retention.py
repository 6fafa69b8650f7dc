"""Removing participants' personal data when the law says it must go (RODO).

Two steps, both safe to repeat:

1. After an event (or once it is cancelled), the accessibility and dietary needs go:
   they may concern health, a special category of data (RODO art. 9) collected only to
   prepare the event.
2. When the retention period ends — the funding project's ``retention_until`` (set by the
   grant agreement), or EVENTS_RETENTION_DAYS after the event for events without a
   project — everything that identifies a participant goes. What remains is what the
   impact figures need: category, organisation (not for residents: a resident's
   "organisation" may point at the person), status and attendance. ``person_key``
   becomes an anonymous value shared by the registrations of the same person purged in
   the same run, so the distinct counts of people stay right.

Events of a project without a retention date are left alone and reported, since the
grant agreement may require their data to be kept.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from consult.core.mail import OutboxMessage, OutboxStatus
from consult.core.timeutil import local_day, utcnow
from consult.events import certificates
from consult.events.choices import RESIDENT
from consult.events.funding import FundingProject
from consult.events.models import (
    Answer,
    Event,
    EventStatus,
    Registration,
    RegistrationLog,
    new_token,
)
from consult.extensions import db


@dataclass
class PurgeReport:
    needs_events: list[Event] = field(default_factory=list)
    needs_cleared: int = 0
    purged_events: list[Event] = field(default_factory=list)
    registrations_purged: int = 0
    kept_without_date: list[Event] = field(default_factory=list)


def _with_needs(ended_ids):
    return [
        Registration.event_id.in_(ended_ids),
        or_(Registration.needs != "", Registration.consent_needs.is_(True)),
    ]


def purge_needs(now: datetime, report: PurgeReport, dry_run: bool) -> None:
    """Clear the needs of every registration of an event that has ended or was cancelled."""
    over = or_(Event.ends_at <= now, Event.status == EventStatus.CANCELLED)
    ended = select(Event.id).where(over)
    report.needs_events = list(db.session.scalars(
        select(Event).where(over, Event.needs_purged_at.is_(None)).order_by(Event.starts_at)
    ))
    report.needs_cleared = db.session.scalar(
        select(func.count()).select_from(Registration).where(*_with_needs(ended))
    )
    if dry_run:
        return
    db.session.execute(
        update(Registration).where(*_with_needs(ended))
        .values(needs="", consent_needs=False)
        .execution_options(synchronize_session=False)
    )
    for event in report.needs_events:
        event.needs_purged_at = now


def events_past_retention(now: datetime) -> tuple[list[Event], list[Event]]:
    """(events whose participants' data must go now, ended events of a project without a
    retention date)."""
    today = local_day(now)
    default_end = now - timedelta(days=current_app.config["EVENTS_RETENTION_DAYS"])
    candidates = db.session.execute(
        select(Event, FundingProject.retention_until)
        .outerjoin(FundingProject, Event.funding_project_id == FundingProject.id)
        .where(Event.personal_data_purged_at.is_(None), Event.ends_at <= now)
        .order_by(Event.starts_at)
    ).all()
    due, undated = [], []
    for event, retention_until in candidates:
        if event.funding_project_id is None:
            if event.ends_at <= default_end:
                due.append(event)
        elif retention_until is None:
            undated.append(event)
        elif retention_until < today:
            due.append(event)
    return due, undated


def anonymise(registration: Registration, pseudonyms: dict[str, str], now: datetime) -> None:
    """Remove what identifies the participant; keep what the counts need."""
    key = registration.person_key or f"#{registration.id}"
    registration.person_key = pseudonyms.setdefault(key, f"anon:{secrets.token_hex(12)}")
    registration.full_name = ""
    registration.email = None
    registration.phone = ""
    registration.position = ""
    registration.needs = ""
    registration.consent_needs = False
    registration.staff_note = ""
    registration.user_id = None
    registration.client_key = None
    if registration.category == RESIDENT:
        registration.organisation = ""
    # New secrets: the old links in e-mails (registration page, check-in code) stop working.
    registration.token = new_token()
    registration.checkin_code = secrets.token_urlsafe(12)
    registration.personal_data_purged_at = now


def _forget_delivered_mail(addresses: set[str]) -> None:
    """Copies of delivered event mail (names, links) go too; mail of accounts stays with the
    account, and mail still waiting to be delivered is left to go out."""
    if addresses:
        db.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.recipient.in_(addresses), OutboxMessage.user_id.is_(None),
                OutboxMessage.status.in_((OutboxStatus.SENT, OutboxStatus.FAILED)),
            ).execution_options(synchronize_session=False)
        )


def anonymise_registrations(registrations: list[Registration], now: datetime,
                            delivered_mail_to: set[str] | None = None) -> None:
    """Remove what identifies the participants of ``registrations`` (``anonymise``), their
    answers, the notes of their status history and the copies of delivered event mail to
    their addresses. Registrations of one person in one call share one pseudonym. Used by
    the retention purge and when an account is deleted.

    ``delivered_mail_to``: the addresses whose delivered mail goes, when not every address
    of the registrations (account deletion: only the account's proven address, never
    mail to an address that may be someone else's)."""
    db.session.flush()
    pseudonyms: dict[str, str] = {}
    addresses = {registration.email for registration in registrations if registration.email}
    if delivered_mail_to is not None:
        addresses &= delivered_mail_to
    for registration in registrations:
        anonymise(registration, pseudonyms, now)
    certificates.forget(registrations)
    _forget_delivered_mail(addresses)
    ids = [registration.id for registration in registrations]
    if ids:
        db.session.execute(delete(Answer).where(Answer.registration_id.in_(ids))
                           .execution_options(synchronize_session=False))
        # A rejection's note may say why, about the person; the status history stays.
        db.session.execute(
            update(RegistrationLog).where(RegistrationLog.registration_id.in_(ids))
            .values(note="").execution_options(synchronize_session=False)
        )
        for registration in registrations:  # what is loaded follows what was removed
            db.session.expire(registration, ["answers", "history"])


def purge_registrations(now: datetime, report: PurgeReport, dry_run: bool) -> None:
    due, report.kept_without_date = events_past_retention(now)
    report.purged_events = due
    event_ids = [event.id for event in due]
    registrations = list(db.session.scalars(
        select(Registration).where(
            Registration.event_id.in_(event_ids), Registration.personal_data_purged_at.is_(None)
        ).order_by(Registration.id)
    )) if event_ids else []
    report.registrations_purged = len(registrations)
    if dry_run:
        return
    anonymise_registrations(registrations, now)
    for event in due:
        event.personal_data_purged_at = now


def purge_personal_data(now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Both steps; the caller commits (a dry run changes nothing)."""
    now = now or utcnow()
    report = PurgeReport()
    purge_needs(now, report, dry_run)
    purge_registrations(now, report, dry_run)
    return report
