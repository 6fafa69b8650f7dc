"""After the event: the thank-you e-mail and the anonymous evaluation.

An evaluation is stored without any link to the registration that gave it (and with the
day only, not the time), so staff reading the results cannot tell who wrote what. The
registration only records *that* its owner has evaluated, so nobody evaluates twice.
"""

from dataclasses import dataclass, field

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update

from consult.core.mail import queue_mail
from consult.core.timeutil import local_day, utcnow
from consult.core.urls import external_url
from consult.events import services
from consult.events.models import Attendance, Evaluation, Event, Registration
from consult.extensions import db

QUESTIONS = ("overall", "usefulness", "organisation")
QUESTION_LABELS = {
    "overall": _l("Overall rating"),
    "usefulness": _l("Usefulness"),
    "organisation": _l("Organisation"),
}
SCALE = (1, 2, 3, 4, 5)

# Why a registration cannot evaluate (the view words it).
CAN_EVALUATE, ALREADY_EVALUATED, NOT_ATTENDED, NOT_OVER = (
    "ok", "already_evaluated", "not_attended", "not_over"
)


class EvaluationError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _attended():
    return exists().where(Attendance.registration_id == Registration.id)


def has_attended(registration: Registration) -> bool:
    return db.session.scalar(
        select(exists().where(Attendance.registration_id == registration.id))
    )


def evaluation_state(registration: Registration) -> str:
    if registration.evaluated_at is not None:
        return ALREADY_EVALUATED
    if not registration.event.is_past:
        return NOT_OVER
    if not has_attended(registration):
        return NOT_ATTENDED
    return CAN_EVALUATE


@dataclass
class Ratings:
    overall: int
    usefulness: int
    organisation: int
    liked: str = ""
    improve: str = ""


def submit_evaluation(registration: Registration, ratings: Ratings) -> Evaluation:
    """Store the evaluation; the registration is claimed with one UPDATE … WHERE
    evaluated_at IS NULL, so a form sent twice at the same moment counts once."""
    state = evaluation_state(registration)
    if state != CAN_EVALUATE:
        raise EvaluationError(state)
    claimed = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.evaluated_at.is_(None))
        .values(evaluated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise EvaluationError(ALREADY_EVALUATED)
    evaluation = Evaluation(
        event_id=registration.event_id,
        overall=ratings.overall,
        usefulness=ratings.usefulness,
        organisation=ratings.organisation,
        liked=ratings.liked.strip(),
        improve=ratings.improve.strip(),
        created_on=local_day(utcnow()),
    )
    db.session.add(evaluation)
    return evaluation


# ---------------------------------------------------------------- thank-you e-mail


def attendees_to_thank(event: Event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Registration).where(*_to_thank(event))
    )


def _to_thank(event: Event) -> list:
    return [
        Registration.event_id == event.id,
        Registration.thanked_at.is_(None),
        Registration.email.is_not(None),
        Registration.email != "",
        _attended(),
    ]


def send_thank_you(event: Event) -> int:
    """Thank every attendee not yet thanked, with the link to the evaluation form.

    Registrations are claimed (thanked_at set) before the mail is written, so pressing the
    button twice (or two staff members at once) never sends anyone the mail twice.
    """
    if not event.is_past:
        raise EvaluationError(NOT_OVER)
    now = utcnow()
    claimed = services.claim_registrations(Registration.thanked_at, now, *_to_thank(event))
    for registration in claimed:
        _thank(registration)
    if claimed:
        event.thank_you_sent_at = now
    return len(claimed)


def _thank(registration: Registration) -> None:
    event = registration.event
    with force_locale(registration.locale):
        queue_mail(
            registration.email,
            _("Thank you for taking part: %(title)s") % {"title": event.title},
            "events/thank_you",
            registration=registration,
            event=event,
            evaluation_url=external_url("events.evaluation", token=registration.token),
            event_url=external_url("events.detail", slug=event.slug),
        )


# ---------------------------------------------------------------- results for staff


@dataclass
class QuestionResult:
    name: str
    average: float | None
    distribution: dict[int, int] = field(default_factory=dict)


@dataclass
class Results:
    responses: int
    questions: list[QuestionResult]
    liked: list[str]
    improve: list[str]


def results(event: Event) -> Results:
    """Averages, the 1–5 distribution of each question, and the comments.

    Comments are sorted alphabetically, not in the order they came: the order could be
    matched with who received the thank-you e-mail when.
    """
    of_event = Evaluation.event_id == event.id
    row = db.session.execute(
        select(func.count(), *[func.avg(getattr(Evaluation, q)) for q in QUESTIONS])
        .where(of_event)
    ).one()
    responses, averages = row[0], row[1:]
    questions = []
    for name, average in zip(QUESTIONS, averages, strict=True):
        column = getattr(Evaluation, name)
        counts = dict(db.session.execute(
            select(column, func.count()).where(of_event).group_by(column)
        ).all())
        questions.append(QuestionResult(
            name=name,
            average=round(float(average), 2) if average is not None else None,
            distribution={value: counts.get(value, 0) for value in SCALE},
        ))
    comments = db.session.execute(
        select(Evaluation.liked, Evaluation.improve)
        .where(of_event, (Evaluation.liked != "") | (Evaluation.improve != ""))
    ).all()
    return Results(
        responses=responses,
        questions=questions,
        liked=sorted((liked for liked, _improve in comments if liked), key=str.casefold),
        improve=sorted((improve for _liked, improve in comments if improve), key=str.casefold),
    )
