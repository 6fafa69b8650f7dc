"""After the event: the thank-you e-mail and the anonymous evaluation.

An evaluation is stored without any link to the registration that gave it (and with the
day only, not the time), so staff reading the results cannot tell who wrote what. The
registration only records *that* its owner has evaluated, so nobody evaluates twice.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select, update

from consult.core.mail import queue_mail
from consult.core.timeutil import local_day, utcnow
from consult.core.urls import external_url
from consult.events import editing, reminders
from consult.events.choices import COMMENT, RATING
from consult.events.locks import lock_event
from consult.events.models import (
    Attendance,
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    Event,
    Registration,
)
from consult.extensions import db

# The questionnaire of an event whose staff have not changed it: (key, kind, required).
DEFAULT_QUESTIONS = (
    ("overall", RATING, True),
    ("usefulness", RATING, True),
    ("organisation", RATING, True),
    ("liked", COMMENT, False),
    ("improve", COMMENT, False),
)
DEFAULT_TEXTS = {
    "overall": _l("Overall, how do you rate the event?"),
    "usefulness": _l("How useful was it for your work?"),
    "organisation": _l("How well was it organised?"),
    "liked": _l("What was good?"),
    "improve": _l("What should we improve?"),
}
KIND_LABELS = {RATING: _l("rating from 1 to 5"), COMMENT: _l("text")}
SCALE = (1, 2, 3, 4, 5)


class EvaluationState(StrEnum):
    """Whether a registration's owner may evaluate the event now, or why not (the page
    words it); ``evaluation_state`` decides it."""

    CAN_EVALUATE = "ok"
    ALREADY_EVALUATED = "already_evaluated"
    NOT_ATTENDED = "not_attended"
    NOT_OVER = "not_over"


# Why staff cannot change the form.
ANSWERED, LAST_QUESTION = "answered", "last_question"


class EvaluationError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------- the questionnaire


def label_of(question: EvaluationQuestion) -> str:
    return str(DEFAULT_TEXTS[question.key]) if question.key else question.label


def field_name(question: EvaluationQuestion) -> str:
    """The form field of a question: a default question keeps its key ("overall"), so the
    form of an unchanged questionnaire posts what it always did; one of staff's is q_<id>."""
    return question.key or f"q_{question.id}"


def reference(question: EvaluationQuestion) -> str:
    """How staff's buttons name a question: the key of a default one, the id of their own
    (a default questionnaire is not stored until it is changed, so it has no ids yet)."""
    return question.key or str(question.id)


def _defaults(keys=None) -> list[EvaluationQuestion]:
    return [EvaluationQuestion(key=key, kind=kind, required=required)
            for key, kind, required in DEFAULT_QUESTIONS if keys is None or key in keys]


def questionnaire(event: Event) -> list[EvaluationQuestion]:
    """The event's questions in order: its own, or (not stored) the default ones."""
    return list(event.evaluation_questions) or _defaults()


def _stored_questionnaire(event: Event) -> list[EvaluationQuestion]:
    """The event's questions, the default ones stored first if it has none; under the
    event's lock, so a first response and staff's first change store them once."""
    if not event.evaluation_questions:
        for position, question in enumerate(_defaults()):
            question.position = position
            event.evaluation_questions.append(question)
        db.session.flush()
    return list(event.evaluation_questions)


def has_responses(event: Event) -> bool:
    return db.session.scalar(select(exists().where(Evaluation.event_id == event.id)))


def missing_defaults(event: Event) -> list[EvaluationQuestion]:
    """The default questions staff have removed, to add back."""
    keys = {question.key for question in questionnaire(event)}
    return _defaults({key for key, _kind, _required in DEFAULT_QUESTIONS} - keys)


def _editable(event: Event) -> list[EvaluationQuestion]:
    """The stored questions, once the event is locked and nobody has answered yet: the
    answers given must stay the answers to the questions as they were asked."""
    lock_event(event.id)
    if has_responses(event):
        raise EvaluationError(ANSWERED)
    return _stored_questionnaire(event)


def add_question(event: Event, kind: str, label: str, required: bool) -> EvaluationQuestion:
    questions = _editable(event)
    question = EvaluationQuestion(kind=kind, label=label, required=required,
                                  position=len(questions))
    event.evaluation_questions.append(question)
    return question


def change_question(event: Event, ref: str, action: str) -> bool:
    """Move a question ("up", "down"), remove it, or add a removed default back
    ("restore"); False when there is nothing to do (an unknown question, an end)."""
    questions = _editable(event)
    by_ref = {reference(question): question for question in questions}
    if action == "restore":
        restored = _defaults({ref} - set(by_ref))
        for question in restored:
            question.position = len(questions)
            event.evaluation_questions.append(question)
        return bool(restored)
    question = by_ref.get(ref)
    if question is None:
        return False
    if action == "remove":
        if len(questions) == 1:
            raise EvaluationError(LAST_QUESTION)
        event.evaluation_questions.remove(question)
        editing.number_in_order(event.evaluation_questions)
        return True
    return editing.move_in_order(questions, question, action)


# ---------------------------------------------------------------- responses


def _attended():
    return exists().where(Attendance.registration_id == Registration.id)


def has_attended(registration: Registration) -> bool:
    return db.session.scalar(
        select(exists().where(Attendance.registration_id == registration.id))
    )


def evaluation_state(registration: Registration) -> EvaluationState:
    if registration.evaluated_at is not None:
        return EvaluationState.ALREADY_EVALUATED
    if not registration.event.is_past:
        return EvaluationState.NOT_OVER
    if not has_attended(registration):
        return EvaluationState.NOT_ATTENDED
    return EvaluationState.CAN_EVALUATE


def submit_evaluation(registration: Registration, answers: dict[str, int | str | None]
                      ) -> Evaluation:
    """Store the evaluation, ``answers`` by field name; the registration is claimed with
    one UPDATE … WHERE evaluated_at IS NULL, so a form sent twice at the same moment counts
    once. The questions answered are stored (if they were the defaults) under the event's
    lock, so staff cannot change them while the first response arrives."""
    state = evaluation_state(registration)
    if state != EvaluationState.CAN_EVALUATE:
        raise EvaluationError(state)
    event = lock_event(registration.event_id)
    claimed = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.evaluated_at.is_(None))
        .values(evaluated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise EvaluationError(EvaluationState.ALREADY_EVALUATED)
    evaluation = Evaluation(event_id=event.id, created_on=local_day(utcnow()))
    for question in _stored_questionnaire(event):
        value = answers.get(field_name(question))
        if question.kind == RATING and value in SCALE:
            evaluation.answers.append(EvaluationAnswer(question_id=question.id, rating=value))
        elif question.kind == COMMENT and isinstance(value, str) and value.strip():
            evaluation.answers.append(EvaluationAnswer(question_id=question.id,
                                                       text=value.strip()))
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
        raise EvaluationError(EvaluationState.NOT_OVER)
    now = utcnow()
    claimed = reminders.claim_registrations(Registration.thanked_at, now, *_to_thank(event))
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
            "events/mail/thank_you",
            registration=registration,
            event=event,
            evaluation_url=external_url("events.evaluation", token=registration.token),
            event_url=external_url("events.detail", slug=event.slug),
        )


# ---------------------------------------------------------------- results for staff


@dataclass
class QuestionResult:
    question: EvaluationQuestion
    label: str
    answered: int = 0
    average: float | None = None
    distribution: dict[int, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


@dataclass
class Results:
    responses: int
    questions: list[QuestionResult]

    @property
    def ratings(self) -> list[QuestionResult]:
        return [result for result in self.questions if result.question.kind == RATING]

    @property
    def written(self) -> list[QuestionResult]:
        """The questions answered in words (``COMMENT``)."""
        return [result for result in self.questions if result.question.kind == COMMENT]


def _answers(event: Event):
    return db.session.execute(
        select(EvaluationAnswer.evaluation_id, EvaluationAnswer.question_id,
               EvaluationAnswer.rating, EvaluationAnswer.text)
        .join(Evaluation, Evaluation.id == EvaluationAnswer.evaluation_id)
        .where(Evaluation.event_id == event.id)
    ).all()


def results(event: Event) -> Results:
    """For each question: the average and the 1–5 distribution of a rating, the answers
    to a text question.

    Text answers are sorted alphabetically, not in the order they came: the order could be
    matched with who received the thank-you e-mail when.
    """
    responses = db.session.scalar(
        select(func.count()).select_from(Evaluation).where(Evaluation.event_id == event.id)
    )
    per_question = [QuestionResult(question, label_of(question))
                    for question in questionnaire(event)]
    by_id = {result.question.id: result for result in per_question}
    for _evaluation_id, question_id, rating, text in _answers(event):
        result = by_id[question_id]
        result.answered += 1
        if rating is not None:
            result.distribution[rating] = result.distribution.get(rating, 0) + 1
        elif text:
            result.comments.append(text)
    for result in per_question:
        ratings = sum(value * n for value, n in result.distribution.items())
        result.average = round(ratings / result.answered, 2) if (
            result.question.kind == RATING and result.answered) else None
        result.distribution = {value: result.distribution.get(value, 0) for value in SCALE}
        result.comments.sort(key=str.casefold)
    return Results(responses=responses, questions=per_question)


def response_table(event: Event) -> tuple[list[str], list[list]]:
    """One row per response, one column per question (a rating as its number).

    Rows are sorted by their answers, not in the order they came (see ``results``)."""
    questions = questionnaire(event)
    columns = {question.id: n for n, question in enumerate(questions)}
    rows: dict[int, list] = {}
    for evaluation_id, question_id, rating, text in _answers(event):
        row = rows.setdefault(evaluation_id, [""] * len(questions))
        row[columns[question_id]] = rating if rating is not None else text
    return ([label_of(question) for question in questions],
            sorted(rows.values(), key=lambda row: [str(cell).casefold() for cell in row]))
