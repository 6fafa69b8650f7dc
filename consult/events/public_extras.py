"""Public pages besides the event pages: the anonymous evaluation and the embeddable list."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from consult.core.forms import choices
from consult.core.security import csrf_checked_by_form, frameable, no_store
from consult.events import bp, evaluation, queries, services
from consult.events.models import (
    COMMENT,
    FORMAT_LABELS,
    RATING,
    TYPES,
    EvaluationQuestion,
    Event,
    EventStatus,
)
from consult.extensions import db, limiter

RATING_CHOICES = choices([
    (1, _l("1 — very poor")),
    (2, _l("2 — poor")),
    (3, _l("3 — average")),
    (4, _l("4 — good")),
    (5, _l("5 — very good")),
])
EMBED_LIMIT, EMBED_MAX = 10, 50


def _registrant_key() -> str:
    """Rate-limit key: the registrant's link (each evaluates once)."""
    return f"registration:{request.view_args.get('token', '')}"


def _rating(label, required: bool):
    return RadioField(label, choices=RATING_CHOICES, coerce=int, validators=[
        InputRequired(_l("Choose a rating from 1 to 5.")) if required else Optional()])


def _comment(label, required: bool):
    return TextAreaField(label, validators=[
        DataRequired(_l("Answer this question.")) if required else Optional(),
        Length(max=3000)])


def questionnaire_form(questions: list[EvaluationQuestion]) -> FlaskForm:
    """The event's questionnaire as a form: a field per question, in its order."""
    make = {RATING: _rating, COMMENT: _comment}
    return type("EvaluationForm", (FlaskForm,), {
        evaluation.field_name(question): make[question.kind](evaluation.label_of(question),
                                                              question.required)
        for question in questions
    })()


@bp.route("/registrations/<token>/evaluation", methods=["GET", "POST"], endpoint="evaluation")
@csrf_checked_by_form
@no_store
# Participants evaluate at the end of a training, in the room, all behind its address:
# generous per address, tight per registrant.
@limiter.limit("60/minute", methods=["POST"])
@limiter.limit("10/minute", key_func=_registrant_key, methods=["POST"])
def evaluation_form(token):
    registration = db.first_or_404(queries.registration_by_token(token))
    event = registration.event
    state = evaluation.evaluation_state(registration)
    form = questionnaire_form(evaluation.questionnaire(event))
    if state == evaluation.CAN_EVALUATE and form.validate_on_submit():
        answers = {name: field.data for name, field in form._fields.items()}
        try:
            evaluation.submit_evaluation(registration, answers)
        except evaluation.EvaluationError:
            db.session.rollback()
        else:
            db.session.commit()
            flash(_("Thank you for your evaluation."), "success")
        return redirect(url_for(".evaluation", token=token))
    return render_template("events/public/evaluation.html", event=event, form=form, state=state)


@bp.get("/embed/events")
@frameable
def embed():
    kind = request.args.get("type") if request.args.get("type") in TYPES else None
    limit = min(max(request.args.get("limit", EMBED_LIMIT, type=int), 1), EMBED_MAX)
    events = list(db.session.scalars(
        queries.listed_events(kind).where(Event.status == EventStatus.PUBLISHED).limit(limit)
    ))
    counts = services.seat_counts_by_event([event.id for event in events])
    response = render_template(
        "events/public/embed.html", events=events, counts=counts, format_labels=FORMAT_LABELS,
        seats_left={event.id: services.seats_left(event, counts[event.id]) for event in events},
    )
    return response, 200, {"Cache-Control": "public, max-age=300"}
