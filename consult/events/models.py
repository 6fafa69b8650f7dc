"""Events, their registrations, quotas, questions, attendance and evaluations.

The values and labels of kinds, formats and categories are in choices.py, funding
projects in funding.py."""

import secrets
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import TimestampMixin, UTCDateTime
from consult.core.text import search_key
from consult.core.timeutil import utcnow
from consult.events.choices import HYBRID, ONLINE, ONSITE, RATING, TEXT
from consult.events.funding import FundingProject
from consult.extensions import db


class EventStatus(StrEnum):
    """An event's status, stored as its value; changed only by ``status.set_event_status``."""

    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


EVENT_STATUS_LABELS = {
    EventStatus.DRAFT: _l("draft"),
    EventStatus.PUBLISHED: _l("published"),
    EventStatus.CANCELLED: _l("cancelled"),
}


class RegistrationStatus(StrEnum):
    """A registration's status, stored as its value; changed only by ``status.set_status``.

    PENDING and CONFIRMED hold a seat: PENDING waits for the guest to confirm the e-mail
    address (until hold_expires_at) or for staff approval."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


SEAT_HOLDING = frozenset({RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED})
ACTIVE = SEAT_HOLDING | {RegistrationStatus.WAITLISTED}
REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.PENDING: lazy_pgettext("registration", "pending"),
    RegistrationStatus.CONFIRMED: lazy_pgettext("registration", "confirmed"),
    RegistrationStatus.WAITLISTED: lazy_pgettext("registration", "on the waiting list"),
    RegistrationStatus.CANCELLED: lazy_pgettext("registration", "cancelled"),
    RegistrationStatus.REJECTED: lazy_pgettext("registration", "rejected"),
}

event_partners = Table(
    "event_partners",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("institution_id", ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True),
)


class Event(TimestampMixin, db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    type: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(String(600), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    speakers: Mapped[str] = mapped_column(Text, default="")  # one per line
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    format: Mapped[str] = mapped_column(String(10), default=ONSITE)
    venue_name: Mapped[str] = mapped_column(String(300), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    powiat_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True
    )
    accessibility_info: Mapped[str] = mapped_column(Text, default="")
    # Shown only to confirmed participants and in their e-mails.
    online_url: Mapped[str] = mapped_column(String(500), default="")
    organiser: Mapped[str] = mapped_column(String(300), default="")
    other_partners: Mapped[str] = mapped_column(Text, default="")
    funding_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_projects.id", ondelete="SET NULL"), index=True
    )
    hours: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))  # of instruction
    kilometres: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default=EventStatus.DRAFT, index=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")

    capacity: Mapped[int | None] = mapped_column()  # None: no limit
    # Seat counters, kept by ``status.set_status`` under the event's lock (as pretix keeps
    # a quota's availability), so neither a registration nor a page counts the event's
    # registrations: seats held (pending or confirmed), and people on the waiting list
    # whose address is confirmed (the only ones a freed seat goes to). They change only
    # with a registration's row, which is the change the table versions see (the counters'
    # UPDATE leaves the event's version alone): a cached part that shows them reads
    # Registration.
    seats_taken: Mapped[int] = mapped_column(default=0, server_default="0",
                                             info={"follows": "registrations"})
    waitlist_length: Mapped[int] = mapped_column(default=0, server_default="0",
                                                 info={"follows": "registrations"})
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    requires_approval: Mapped[bool] = mapped_column(default=False)
    waitlist_enabled: Mapped[bool] = mapped_column(default=True)
    # iCalendar SEQUENCE: raised whenever time or place changes, so calendars update.
    sequence: Mapped[int] = mapped_column(default=0)
    thank_you_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    needs_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duplicated_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL")
    )

    powiat: Mapped["Institution | None"] = relationship()  # noqa: F821
    funding_project: Mapped[FundingProject | None] = relationship()
    partners: Mapped[list["Institution"]] = relationship(  # noqa: F821
        secondary=event_partners, order_by="Institution.name"
    )
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="(AgendaItem.starts_at, AgendaItem.id)",
    )
    quotas: Mapped[list["EventQuota"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventQuota.category"
    )
    questions: Mapped[list["Question"]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="(Question.position, Question.id)",
    )
    evaluation_questions: Mapped[list["EvaluationQuestion"]] = relationship(
        back_populates="event", cascade="all, delete-orphan",
        order_by="(EvaluationQuestion.position, EvaluationQuestion.id)",
    )
    status_history: Mapped[list["EventStatusChange"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventStatusChange.id",
    )

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at <= utcnow()

    @property
    def has_venue(self) -> bool:
        return self.format in (ONSITE, HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (ONLINE, HYBRID)

    def quota_for(self, category: str) -> int | None:
        for quota in self.quotas:
            if quota.category == category:
                return quota.seats
        return None

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class EventQuota(db.Model):
    """At most ``seats`` of the event's seats for one participant category."""

    __tablename__ = "event_quotas"
    __table_args__ = (UniqueConstraint("event_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(10))
    seats: Mapped[int] = mapped_column()
    # Seats of the category held (pending or confirmed): kept like Event.seats_taken.
    seats_taken: Mapped[int] = mapped_column(default=0, server_default="0",
                                             info={"follows": "registrations"})

    event: Mapped[Event] = relationship(back_populates="quotas")


class EventStatusChange(db.Model):
    """Every status change of an event (published, cancelled): when, from what, to what,
    by whom, why; written by ``status.set_event_status``."""

    __tablename__ = "event_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    old_status: Mapped[str] = mapped_column(String(10))
    new_status: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(300), default="")

    event: Mapped[Event] = relationship(back_populates="status_history")
    actor: Mapped["User | None"] = relationship()  # noqa: F821


class EventMaterial(db.Model):
    """What staff share after the event (slides, handouts, a recording): a file kept in the
    database like a consultation's attachments (so every server has it), or a link."""

    __tablename__ = "event_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500), default="")  # a link instead of a file
    filename: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(default=0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship()

    @property
    def is_link(self) -> bool:
        return bool(self.url)


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(String(300))
    speakers: Mapped[str] = mapped_column(String(300), default="")

    event: Mapped[Event] = relationship(back_populates="agenda")


class Question(db.Model):
    """A custom question of an event's registration form, posted as ``q_<id>``."""

    __tablename__ = "event_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=TEXT)
    label: Mapped[str] = mapped_column(String(300))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    options: Mapped[str] = mapped_column(Text, default="")  # one per line
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    # A single-choice question asking for sex: the funder's report counts attendees by its
    # answers (consult/projects/report.py); at most one per event.
    reports_sex: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship(back_populates="questions")

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


def new_token() -> str:
    """A registration's secret link (``Registration.token``)."""
    return secrets.token_urlsafe(32)


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        Index("ix_registrations_event_status", "event_id", "status"),
        Index("ix_registrations_event_email", "event_id", "email"),
        Index("ix_registrations_updated_at", "updated_at"),  # the latest change, for versions
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    # The registrant's secret link (/registrations/<token>): 43 random URL-safe characters.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # Printed as a QR code; opens the staff check-in page. Not the same as ``token``, so a
    # photographed badge cannot be used to cancel.
    checkin_code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # A coordinator who registered this person with colleagues (consult/events/groups.py).
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default=RegistrationStatus.PENDING)
    category: Mapped[str] = mapped_column(String(10))
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    organisation: Mapped[str] = mapped_column(String(300), default="")
    # The register's organisation the typed name matched (organisations/services.py).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    # Name, e-mail and organisation without case and Polish letters: staff at the door
    # type "lecka" to find "Łęcka".
    search_text: Mapped[str] = mapped_column(String(900), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    # Accessibility and dietary needs: special-category data (RODO art. 9), collected only
    # with explicit consent, shown only to the event's organisers, removed after the event.
    needs: Mapped[str] = mapped_column(Text, default="")
    consent_needs: Mapped[bool] = mapped_column(default=False)
    consent_rodo_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_image: Mapped[bool] = mapped_column(default=False)
    # The federation's mailings (consult/mailing/): taken once the address is proved.
    consent_mailing: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(String(5), default="pl")  # of the e-mails
    # Counts the same person once in the impact figures; replaced by an anonymous value
    # when personal data is purged.
    person_key: Mapped[str] = mapped_column(String(320), default="", index=True)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hold_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who registered, as a keyed hash of the network address (never the address itself):
    # kept only while an unconfirmed address holds a seat, to cap such holds per visitor.
    client_key: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    thanked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    materials_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # materials.py
    evaluated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    added_by_staff: Mapped[bool] = mapped_column(default=False)
    staff_note: Mapped[str] = mapped_column(Text, default="")
    personal_data_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="Answer.id"
    )
    attendance: Mapped[list["Attendance"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="Attendance.day"
    )
    history: Mapped[list["RegistrationLog"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan",
        order_by="RegistrationLog.id",
    )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def awaits_email(self) -> bool:
        return self.status == RegistrationStatus.PENDING and self.email_confirmed_at is None

    @property
    def awaits_approval(self) -> bool:
        return self.status == RegistrationStatus.PENDING and self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status}>"


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _index_registration(_mapper, _connection, registration: Registration) -> None:
    registration.search_text = search_key(
        " ".join((registration.full_name or "", registration.email or "",
                  registration.organisation or ""))
    )[:900]


class RegistrationLog(db.Model):
    """Every status change of a registration: when, from what, to what, by whom, why."""

    __tablename__ = "registration_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    old_status: Mapped[str | None] = mapped_column(String(12))
    new_status: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(300), default="")

    registration: Mapped[Registration] = relationship(back_populates="history")
    actor: Mapped["User | None"] = relationship()  # noqa: F821


class Answer(db.Model):
    __tablename__ = "registration_answers"
    __table_args__ = (UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("event_questions.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")  # multiple choice: one per line

    registration: Mapped[Registration] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class Attendance(db.Model):
    """A participant was present on one day of the event (the attendance list's row)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("registration_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE")
    )
    day: Mapped[date] = mapped_column(Date)  # in the event's time zone
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    checked_in_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    registration: Mapped[Registration] = relationship(back_populates="attendance")


class Evaluation(db.Model):
    """An anonymous evaluation: deliberately not linked to the registration."""

    __tablename__ = "event_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    created_on: Mapped[date] = mapped_column(Date)  # a day, not a time: harder to re-identify

    answers: Mapped[list["EvaluationAnswer"]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan"
    )


class EvaluationQuestion(db.Model):
    """A question of an event's evaluation form. A default question has a ``key`` and is
    worded by the application in the reader's language; one staff add has its ``label``."""

    __tablename__ = "event_evaluation_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(10), default=RATING)
    key: Mapped[str] = mapped_column(String(20), default="")
    label: Mapped[str] = mapped_column(String(300), default="")
    required: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship(back_populates="evaluation_questions")


class EvaluationAnswer(db.Model):
    __tablename__ = "event_evaluation_answers"
    __table_args__ = (UniqueConstraint("evaluation_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("event_evaluations.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("event_evaluation_questions.id", ondelete="CASCADE"), index=True
    )
    rating: Mapped[int | None] = mapped_column()  # 1–5
    text: Mapped[str] = mapped_column(Text, default="")

    evaluation: Mapped[Evaluation] = relationship(back_populates="answers")
    question: Mapped[EvaluationQuestion] = relationship()
