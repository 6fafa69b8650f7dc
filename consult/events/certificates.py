"""Certificates of attendance (*zaświadczenie o udziale w szkoleniu*): after an event, each
confirmed participant whose attendance was recorded can get one, with a public code anyone
can verify at /certificates/<code>.

A certificate keeps a copy of what it certifies (name, event, dates, hours, place,
programme, organiser), so a later edit of the event does not change one already issued.
It is never issued for an absence, and it follows the attendance: when a day is corrected
the old certificate is withdrawn and, if some attendance remains, replaced by a new one
with the new hours (``attendance_changed``, called where attendance and status change).
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, func, select, text, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.mail import Attachment, queue_mail
from consult.core.models import UTCDateTime
from consult.core.timeutil import utcnow
from consult.core.urls import external_url
from consult.events.attendance import days_of
from consult.events.certificate_pdf import certificate_pdf, file_name
from consult.events.models import Attendance, Event, Registration, RegistrationStatus
from consult.extensions import db

# Crockford's base32: digits and letters without I, L, O and U, which are misread or
# misheard (1, 1, 0 and V). 16 characters of 5 bits: 80 random bits.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_GROUPS, GROUP_LENGTH = 4, 4
# What readers type for the letters left out of the alphabet.
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


class WithdrawalReason(StrEnum):
    """Why a certificate stopped being valid, stored as its value."""

    REPLACED = "replaced"  # attendance corrected, a new certificate has the new hours
    NO_ATTENDANCE = "no_attendance"  # the recorded days were all removed
    CANCELLED = "cancelled"  # the registration was cancelled or rejected
    ERASED = "erased"  # the holder's data was erased (account deleted, retention purge)


WITHDRAWAL_LABELS = {
    WithdrawalReason.REPLACED: _l("the attendance was corrected and a new certificate "
                                  "replaced it"),
    WithdrawalReason.NO_ATTENDANCE: _l("the attendance was corrected: no attendance is "
                                       "recorded"),
    WithdrawalReason.CANCELLED: _l("the registration was cancelled"),
    WithdrawalReason.ERASED: _l("the holder's personal data was erased, at their request or "
                                "at the end of the period it is kept"),
}


class Certificate(db.Model):
    """One certificate of attendance and the copy of what it certifies; at most one live
    (not withdrawn) certificate per registration."""

    __tablename__ = "event_certificates"
    __table_args__ = (
        Index("uq_event_certificates_live", "registration_id", unique=True,
              sqlite_where=text("withdrawn_at IS NULL"),
              postgresql_where=text("withdrawn_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # "K7QX-M2PD-9RTA-WV3C"
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    full_name: Mapped[str] = mapped_column(String(200))
    event_title: Mapped[str] = mapped_column(String(300))
    event_type: Mapped[str] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_day: Mapped[date] = mapped_column(Date)  # of those attended
    last_day: Mapped[date] = mapped_column(Date)
    days_attended: Mapped[int] = mapped_column()
    days_total: Mapped[int] = mapped_column()
    hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))  # None: the event has none
    place: Mapped[str] = mapped_column(String(600), default="")  # "" when online
    programme: Mapped[str] = mapped_column(Text, default="")  # one agenda item per line
    organiser: Mapped[str] = mapped_column(String(300), default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawal_reason: Mapped[str] = mapped_column(String(20), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # claimed once

    registration: Mapped[Registration] = relationship()

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None

    @property
    def withdrawal_label(self) -> str:
        return str(WITHDRAWAL_LABELS.get(self.withdrawal_reason, self.withdrawal_reason))

    @property
    def programme_items(self) -> list[str]:
        return [line for line in self.programme.splitlines() if line.strip()]


# Reasons of CertificateError.
NOT_OVER, NO_ATTENDANCE, NOT_CONFIRMED, ERASED = (
    "not_over", "no_attendance", "not_confirmed", "erased")


class CertificateError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_code() -> str:
    """80 bits from ``secrets`` in four groups of four, e.g. ``K7QX-M2PD-9RTA-WV3C``."""
    characters = "".join(secrets.choice(ALPHABET) for _ in range(CODE_GROUPS * GROUP_LENGTH))
    return "-".join(characters[n:n + GROUP_LENGTH]
                    for n in range(0, len(characters), GROUP_LENGTH))


def normalise_code(typed: str) -> str:
    """The code as stored, from what someone typed or read aloud: any case, spaces or
    dashes, O for 0 and I or L for 1."""
    characters = "".join(c for c in typed.upper().translate(_READ_AS) if c in ALPHABET)
    if len(characters) != CODE_GROUPS * GROUP_LENGTH:
        return ""
    return "-".join(characters[n:n + GROUP_LENGTH]
                    for n in range(0, len(characters), GROUP_LENGTH))


def by_code(typed: str) -> Certificate | None:
    code = normalise_code(typed)
    return db.session.scalar(select(Certificate).where(Certificate.code == code)) if code else None


def live_certificate(registration: Registration) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(
        Certificate.registration_id == registration.id, Certificate.withdrawn_at.is_(None)))


def attended_days(registration: Registration) -> list[date]:
    return list(db.session.scalars(select(Attendance.day).where(
        Attendance.registration_id == registration.id).order_by(Attendance.day)))


def hours_for(event: Event, attended: int) -> Decimal | None:
    """The hours a participant present on ``attended`` of the event's days is certified for.

    ``Event.hours`` are the hours of instruction of the whole programme; days have no hours
    of their own (agenda items have times, but breaks and meals are among them), so the
    hours are prorated by days: a two-day, 16-hour seminar attended on one day gives 8
    hours, rounded to a tenth. An event without hours gives none (the certificate then
    states the days only).
    """
    if event.hours is None:
        return None
    total = len(days_of(event))
    if attended >= total:
        return Decimal(event.hours)
    return (Decimal(event.hours) * attended / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def refusal(registration: Registration, days: list[date]) -> str | None:
    """Why no certificate can be issued to the registration now, or None."""
    if not registration.event.is_past:
        return NOT_OVER
    if registration.status != RegistrationStatus.CONFIRMED:
        return NOT_CONFIRMED
    if registration.personal_data_purged_at is not None:
        return ERASED  # only a pseudonym is left, nobody to name
    if not days:
        return NO_ATTENDANCE
    return None


def available(registration: Registration) -> bool:
    """Whether the holder can download a certificate now (issued, or issuable)."""
    if not registration.event.is_past:
        return False
    return (live_certificate(registration) is not None
            or refusal(registration, attended_days(registration)) is None)


def with_certificate(registrations: list[Registration]) -> set[int]:
    """The ids of those of ``registrations`` (their events loaded) that have or can get a
    certificate, in one query (My activity). A live certificate always has attendance
    behind it (``attendance_changed``), so attendance is what is looked for."""
    ids = [r.id for r in registrations
           if r.event.is_past and r.status == RegistrationStatus.CONFIRMED]
    if not ids:
        return set()
    return set(db.session.scalars(select(Attendance.registration_id).distinct().where(
        Attendance.registration_id.in_(ids))))


def _place(event: Event) -> str:
    if not event.has_venue:
        return ""
    return ", ".join(part for part in (event.venue_name, event.venue_address) if part)


def _matches(certificate: Certificate, days: list[date]) -> bool:
    return (certificate.first_day, certificate.last_day, certificate.days_attended) == (
        days[0], days[-1], len(days))


def issue(registration: Registration) -> Certificate:
    """The registration's live certificate, issued now if it has none (idempotent).

    Raises CertificateError before the end of the event, without attendance or for a
    registration that is not confirmed.
    """
    days = attended_days(registration)
    reason = refusal(registration, days)
    if reason is not None:
        raise CertificateError(reason)
    current = live_certificate(registration)
    if current is not None and _matches(current, days):
        return current
    if current is not None:
        withdraw(current, WithdrawalReason.REPLACED)
    event = registration.event
    certificate = Certificate(
        registration=registration, code=new_code(), issued_at=utcnow(),
        full_name=registration.full_name, event_title=event.title, event_type=event.type,
        starts_at=event.starts_at, ends_at=event.ends_at,
        first_day=days[0], last_day=days[-1], days_attended=len(days),
        days_total=len(days_of(event)), hours=hours_for(event, len(days)),
        place=_place(event), programme="\n".join(item.title for item in event.agenda),
        organiser=event.organiser or current_app.config["CONSULT_SITE_NAME"],
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def withdraw(certificate: Certificate, reason: WithdrawalReason) -> None:
    certificate.withdrawn_at = utcnow()
    certificate.withdrawal_reason = reason
    db.session.flush()  # before a replacement: one live certificate per registration


def attendance_changed(registration: Registration) -> None:
    """Keep the registration's certificate true to its attendance and status: withdrawn
    when nothing is left to certify, replaced when the days changed. Nothing happens to a
    registration without a certificate (issuing is staff's or the person's step)."""
    current = live_certificate(registration)
    if current is None:
        return
    days = attended_days(registration)
    if registration.status != RegistrationStatus.CONFIRMED:
        withdraw(current, WithdrawalReason.CANCELLED)
    elif not days:
        withdraw(current, WithdrawalReason.NO_ATTENDANCE)
    elif not _matches(current, days):
        issue(registration)


def forget(registrations: list[Registration]) -> None:
    """The registrations' personal data is erased (the account deleted, or the retention
    purge, ``retention.anonymise_registrations``): their certificates are withdrawn and
    lose the name. The codes stay, so a copy shown later does not verify as genuine and
    the page says why, without naming anyone: a name the platform no longer holds cannot
    be confirmed."""
    ids = [registration.id for registration in registrations]
    if not ids:
        return
    now = utcnow()
    db.session.execute(update(Certificate).where(
        Certificate.registration_id.in_(ids), Certificate.withdrawn_at.is_(None),
    ).values(withdrawn_at=now, withdrawal_reason=WithdrawalReason.ERASED)
        .execution_options(synchronize_session=False))
    db.session.execute(update(Certificate).where(Certificate.registration_id.in_(ids))
                       .values(full_name="").execution_options(synchronize_session=False))


# ---------------------------------------------------------------- the event's certificates


def _eligible(event: Event) -> list[Registration]:
    """Confirmed registrations of the event with at least one day attended."""
    attended = select(Attendance.registration_id).where(
        Attendance.registration_id == Registration.id).exists()
    return list(db.session.scalars(select(Registration).where(
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.CONFIRMED, attended,
    ).order_by(Registration.full_name, Registration.id)))


def issue_all(event: Event) -> list[Certificate]:
    """Issue (or keep) the certificate of every attendee of an event that has ended."""
    if not event.is_past:
        raise CertificateError(NOT_OVER)
    return [issue(registration) for registration in _eligible(event)]


@dataclass
class Row:
    """A line of the staff's list: an attendee and their certificates, newest first."""

    registration: Registration
    days: list[date]
    certificates: list[Certificate]


def staff_list(event: Event) -> list[Row]:
    """Every registration with attendance or a certificate, in three queries however many
    there are."""
    certificates: dict[int, list[Certificate]] = {}
    for certificate in db.session.scalars(
            select(Certificate).join(Registration)
            .where(Registration.event_id == event.id)
            .order_by(Certificate.id.desc())):
        certificates.setdefault(certificate.registration_id, []).append(certificate)
    days: dict[int, list[date]] = {}
    for registration_id, day in db.session.execute(
            select(Attendance.registration_id, Attendance.day).join(Registration)
            .where(Registration.event_id == event.id).order_by(Attendance.day)):
        days.setdefault(registration_id, []).append(day)
    ids = set(certificates) | set(days)
    registrations = db.session.scalars(
        select(Registration).where(Registration.id.in_(ids))
        .order_by(Registration.full_name, Registration.id)) if ids else []
    return [Row(registration, days.get(registration.id, []),
                certificates.get(registration.id, [])) for registration in registrations]


def live_of_event(event: Event) -> list[Certificate]:
    return list(db.session.scalars(
        select(Certificate).join(Registration)
        .where(Registration.event_id == event.id, Certificate.withdrawn_at.is_(None))
        .order_by(Certificate.full_name, Certificate.id)))


def unsent_count(event: Event) -> int:
    return db.session.scalar(select(func.count()).select_from(Certificate).where(*_unsent(event)))


def _unsent(event: Event) -> list:
    """Live certificates of the event not yet sent to holders with an e-mail address."""
    with_address = select(Registration.id).where(
        Registration.event_id == event.id, Registration.email.is_not(None),
        Registration.email != "")
    return [Certificate.registration_id.in_(with_address), Certificate.withdrawn_at.is_(None),
            Certificate.sent_at.is_(None)]


def send_all(event: Event) -> int:
    """Issue every attendee's certificate and e-mail those not yet sent, the PDF attached.

    Each certificate is claimed (sent_at set in one UPDATE … RETURNING) before its mail is
    written, so two staff members pressing the button at once never send one twice.
    """
    issue_all(event)
    claimed = db.session.scalars(
        update(Certificate).where(*_unsent(event)).values(sent_at=utcnow())
        .returning(Certificate.id).execution_options(synchronize_session=False)).all()
    for certificate in db.session.scalars(
            select(Certificate).where(Certificate.id.in_(claimed)).order_by(Certificate.id)):
        db.session.refresh(certificate)
        _mail(certificate)
    return len(claimed)


def _mail(certificate: Certificate) -> None:
    registration = certificate.registration
    event = registration.event
    with force_locale(registration.locale):
        queue_mail(
            registration.email,
            _("Your certificate of attendance: %(title)s") % {"title": certificate.event_title},
            "events/mail/certificate",
            attachments=(Attachment(file_name(certificate), "application/pdf",
                                    certificate_pdf(certificate)),),
            registration=registration, event=event, certificate=certificate,
            pdf_url=external_url("events.certificate_pdf", token=registration.token),
            verify_url=verification_url(certificate),
            # Until the address is proved, the registrant's link would prove it.
            contains_secret=registration.email_confirmed_at is None,
        )


def verification_url(certificate: Certificate) -> str:
    return external_url("events.certificate", certificate_code=certificate.code)
