"""The registrant's own pages, reached by the secret link of their registration
(/registrations/<token>): status and waiting-list position, confirming the address,
cancelling, the calendar file, changing their details until the event starts, and the
evaluation after it. The link is the key, so a guest without an account can do all of it.
"""

import segno
from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form, no_store
from consult.events import (
    bp,
    calendar,
    certificates,
    evaluation,
    log_notes,
    mail,
    queries,
    registrant_details,
    services,
)
from consult.events.choices import CATEGORY_LABELS
from consult.events.forms.public import RegistrationDetailsForm, questionnaire_form
from consult.events.models import REGISTRATION_STATUS_LABELS, Registration, RegistrationStatus
from consult.events.routes.public import ICS_TYPE
from consult.extensions import db, limiter


def _registration_or_404(token: str) -> Registration:
    return db.first_or_404(queries.registration_by_token(token))


@bp.get("/registrations/<token>")
@no_store
def registration(token):
    registration = _registration_or_404(token)
    event = registration.event
    qr = None
    if registration.status == RegistrationStatus.CONFIRMED and not event.is_past:
        qr = segno.make(mail.checkin_url(registration), error="m").svg_data_uri(scale=5)
    return render_template(
        "events/public/registration.html", registration=registration, event=event,
        position=services.waitlist_position(registration), qr=qr, form=ButtonForm(),
        has_certificate=certificates.available(registration),
        status_labels=REGISTRATION_STATUS_LABELS, category_labels=CATEGORY_LABELS,
    )


@bp.get("/registrations/<token>.json")
@no_store
def registration_json(token):
    registration = _registration_or_404(token)
    return jsonify(
        status=registration.status,
        waitlist_position=services.waitlist_position(registration),
        event=registration.event.slug,
    )


@bp.post("/registrations/<token>/confirm")
@no_store
def confirm(token):
    registration = _registration_or_404(token)
    try:
        services.confirm_email(registration)
    except services.RegistrationError:
        db.session.commit()  # expired holds are released even though this failed
        flash(_("This registration is no longer active."), "error")
    else:
        db.session.commit()
        flash(_("Thank you, your e-mail address is confirmed."), "success")
    return redirect(url_for(".registration", token=token))


@bp.route("/registrations/<token>/cancel", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
def cancel(token):
    registration = _registration_or_404(token)
    form = ButtonForm()
    if registration.is_active and form.validate_on_submit():
        services.cancel(registration, note=log_notes.CANCELLED_BY_REGISTRANT)
        db.session.commit()
        flash(_("Your registration is cancelled. We have sent you a confirmation."), "success")
        return redirect(url_for(".registration", token=token))
    if not registration.is_active:
        return redirect(url_for(".registration", token=token))
    return render_template("events/public/cancel.html", registration=registration,
                           event=registration.event, form=form)


@bp.get("/registrations/<token>/calendar.ics")
@no_store
def registration_calendar(token):
    """The same file as the last one mailed: the invitation while the registrant holds a
    seat, its cancellation once the registration has ended; nothing while waiting."""
    registration = _registration_or_404(token)
    cancelled = not registration.is_active
    if not cancelled and not calendar.has_calendar_entry(registration):
        abort(404)
    ics = calendar.registration_ics(registration, cancelled=cancelled)
    return Response(
        ics.data,
        headers={
            "Content-Type": f"{ICS_TYPE}; method={ics.method}",
            "Content-Disposition": f'attachment; filename="{registration.event.slug}.ics"',
        },
    )


@bp.context_processor
def _details_changeable() -> dict:
    """For the registrant's page: whether to offer the change of details."""
    return {"details_changeable": lambda registration:
            registrant_details.details_refusal(registration) is None}


@bp.route("/registrations/<token>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
def edit_registration(token):
    registration = _registration_or_404(token)
    back = url_for(".registration", token=token)
    if registrant_details.details_refusal(registration) is not None:
        flash(_("The details of this registration can no longer be changed."), "error")
        return redirect(back)
    form = RegistrationDetailsForm(obj=registration)
    form.category.data = registration.category
    if form.validate_on_submit():
        details = registrant_details.RegistrationDetails(
            organisation=form.organisation.data or "", position=form.position.data or "",
            phone=form.phone.data or "", needs=form.needs.data or "",
            consent_needs=form.consent_needs.data)
        actor = current_user if current_user.is_authenticated else None
        changed = registrant_details.change_registration_details(registration, details, actor)
        db.session.commit()
        flash(_("Your details are saved.") if changed else _("Nothing was changed."),
              "success" if changed else "info")
        return redirect(back)
    return render_template("events/public/registration_edit.html", form=form,
                           registration=registration, event=registration.event,
                           category_labels=CATEGORY_LABELS)


def _registrant_key() -> str:
    """Rate-limit key: the registrant's link (each evaluates once)."""
    return f"registration:{request.view_args.get('token', '')}"


@bp.route("/registrations/<token>/evaluation", methods=["GET", "POST"], endpoint="evaluation")
@csrf_checked_by_form
@no_store
# Participants evaluate at the end of a training, in the room, all behind its address:
# generous per address, tight per registrant.
@limiter.limit("60/minute", methods=["POST"])
@limiter.limit("10/minute", key_func=_registrant_key, methods=["POST"])
def evaluation_form(token):
    registration = _registration_or_404(token)
    event = registration.event
    state = evaluation.evaluation_state(registration)
    form = questionnaire_form(evaluation.questionnaire(event))
    if state == evaluation.EvaluationState.CAN_EVALUATE and form.validate_on_submit():
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
