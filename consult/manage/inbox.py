"""The staff inbox (/manage/): what waits for the signed-in person, counted.

Staff see every area; an institution manager sees only their institutions' consultations
(events, the network and the outbox are staff's pages). Each area is one query however
many events, consultations and comments there are.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import lazyload

from consult.auth.models import User
from consult.consultations.models import Comment, CommentFlag, CommentStatus, Consultation
from consult.consultations.services import closes_on
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.core.timeutil import local_day, utcnow
from consult.events import services as events
from consult.events.models import Event, EventStatus, Registration, RegistrationStatus
from consult.extensions import db
from consult.network.models import Member, MemberStatus


def report_due(consultation: Consultation) -> date:
    """The day the consultation's report is due.

    The law (UDPP) sets no deadline for the report and the consultation has no field for
    one: it is the last day of comments plus CONSULTATIONS_REPORT_DAYS."""
    return closes_on(consultation) + timedelta(
        days=current_app.config["CONSULTATIONS_REPORT_DAYS"])


@dataclass
class ConsultationWork:
    consultation: Consultation
    pending: int  # comments waiting for moderation
    flagged: int  # comments with a report not yet dealt with
    first_flagged_id: int | None
    unanswered: int  # published comments without an answer
    closed: bool
    report_due: date
    days_to_report: int  # negative: overdue


@dataclass
class EventWork:
    event_id: int
    title: str
    starts_at: datetime
    awaiting_approval: int
    waiting: int
    free_seats: int | None  # None: no limit

    @property
    def waiting_with_free_seats(self) -> bool:
        return self.waiting > 0 and (self.free_seats is None or self.free_seats > 0)


@dataclass
class Inbox:
    consultations: list[ConsultationWork] = field(default_factory=list)
    events: list[EventWork] = field(default_factory=list)
    network_requests: int = 0
    failed_mail: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.consultations or self.events or self.network_requests
                    or self.failed_mail)


def _consultation_work(institution_ids: list[int] | None, now: datetime) -> list[ConsultationWork]:
    """Announced consultations without a report that have comments to moderate, reports
    to deal with or answers to give, or that have closed (the report is to be written)."""
    open_flag = exists().where(CommentFlag.comment_id == Comment.id,
                               CommentFlag.resolved_at.is_(None))
    pending = func.count(case((Comment.status == CommentStatus.PENDING, Comment.id)))
    unanswered = func.count(case((and_(Comment.status == CommentStatus.PUBLISHED,
                                       Comment.decision.is_(None)), Comment.id)))
    flagged = func.count(case((open_flag, Comment.id)))
    stmt = (
        select(Consultation, pending, flagged, func.min(case((open_flag, Comment.id))),
               unanswered)
        .outerjoin(Comment, Comment.consultation_id == Consultation.id)
        .where(Consultation.announced_at.is_not(None),
               Consultation.report_published_at.is_(None))
        .group_by(Consultation.id)
        .having(or_(pending > 0, flagged > 0, unanswered > 0, Consultation.closes_at <= now))
        .order_by(Consultation.closes_at, Consultation.id)
        .options(lazyload(Consultation.institution))
    )
    if institution_ids is not None:
        stmt = stmt.where(Consultation.institution_id.in_(institution_ids))
    today = local_day(now)
    work = []
    for consultation, waiting, reported, first_reported, without_answer in db.session.execute(
            stmt):
        due = report_due(consultation)
        work.append(ConsultationWork(
            consultation, waiting, reported, first_reported, without_answer,
            closed=consultation.closes_at <= now, report_due=due,
            days_to_report=(due - today).days))
    return work


def _event_work(now: datetime) -> list[EventWork]:
    """Published events not over yet with registrations to approve, or with people
    waiting while seats are free."""
    awaiting = func.count(case((and_(Registration.status == RegistrationStatus.PENDING,
                                     Registration.email_confirmed_at.is_not(None)),
                                Registration.id)))
    waiting = func.count(case((Registration.status == RegistrationStatus.WAITLISTED,
                               Registration.id)))
    rows = db.session.execute(
        select(Event.id, Event.title, Event.starts_at, Event.capacity, Event.seats_taken,
               Event.waitlist_length, awaiting.label("awaiting"), waiting.label("waiting"))
        .join(Registration, Registration.event_id == Event.id)
        .where(Event.status == EventStatus.PUBLISHED, Event.ends_at > now)
        .group_by(Event.id, Event.title, Event.starts_at, Event.capacity, Event.seats_taken,
                  Event.waitlist_length)
        .having(or_(awaiting > 0, waiting > 0))
        .order_by(Event.starts_at, Event.id))
    # Everyone on the waiting list is counted (also those whose address is not confirmed
    # yet, whom the seat counters leave out); the free seats are the event's seat counters.
    work = [
        EventWork(row.id, row.title, row.starts_at, row.awaiting, row.waiting,
                  events.seats_left(row, events.seat_counts(row)))
        for row in rows
    ]
    return [item for item in work if item.awaiting_approval or item.waiting_with_free_seats]


def inbox_of(user: User, now: datetime | None = None) -> Inbox:
    now = now or utcnow()
    if not user.is_staff:
        ids = [institution.id for institution in user.managed_institutions]
        return Inbox(consultations=_consultation_work(ids, now))
    return Inbox(
        consultations=_consultation_work(None, now),
        events=_event_work(now),
        network_requests=db.session.scalar(
            select(func.count(Member.id)).where(Member.status == MemberStatus.PENDING)),
        failed_mail=db.session.scalar(
            select(func.count(OutboxMessage.id))
            .where(OutboxMessage.status == OutboxStatus.FAILED)),
    )
