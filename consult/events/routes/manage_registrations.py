"""Staff: registrations of an event, decisions, messages, exports and check-in."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.core.datetext import format_short_day, format_weekday
from consult.core.forms import ButtonForm, choices
from consult.core.http import content_disposition, download_name
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.search import note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form, no_store, safe_next
from consult.core.spreadsheets import XLSX_TYPE, to_xlsx
from consult.events import (
    attendance,
    decisions,
    exports,
    log_notes,
    manage_bp,
    messaging,
    queries,
    services,
)
from consult.events.choices import CATEGORIES, CATEGORY_LABELS, GROUP_LABELS
from consult.events.forms.manage_registrations import (
    MESSAGE_STATUS_LABELS,
    MESSAGE_STATUSES,
    AddRegistrationForm,
    CancelRegistrationForm,
    CheckInForm,
    MessageForm,
    MoveForm,
    RejectForm,
)
from consult.events.models import (
    ACTIVE,
    REGISTRATION_STATUS_LABELS,
    Event,
    Registration,
    RegistrationStatus,
)
from consult.extensions import db

bp = manage_bp
PDF_TYPE = "application/pdf"


def _event_or_404(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def _registration_or_404(event: Event, registration_id: int) -> Registration:
    """The registration, only if it belongs to the event in the URL."""
    registration = db.get_or_404(Registration, registration_id)
    if registration.event_id != event.id:
        abort(404)
    return registration


def _day_of(event: Event, value: str | None) -> date | None:
    """A day of the event given as YYYY-MM-DD, or None."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if day in attendance.days_of(event) else None


# ---------------------------------------------------------------- the list


@bp.get("/<int:event_id>/registrations")
@staff_required
@no_store
def registrations(event_id):
    event = db.first_or_404(queries.event_with_quotas(event_id))
    status = request.args.get("status")
    status = status if status in tuple(RegistrationStatus) else None
    category = request.args.get("category")
    category = category if category in CATEGORIES else None
    query = note_truncated_search(search_term(request.args.get("q"))).text
    page = paginate(queries.registrations_list(event, status, category, query),
                    request.args.get("page", 1, type=int) or 1)
    return render_template(
        "events/manage/registrations.html", event=event, page=page, status=status,
        category=category, q=query, counts=queries.status_table(event),
        attended=attendance.days_by_registration([r.id for r in page.items]),
        positions=services.waitlist_positions(page.items), days=attendance.days_of(event),
        statuses=tuple(RegistrationStatus), status_labels=REGISTRATION_STATUS_LABELS,
        categories=CATEGORIES, category_labels=CATEGORY_LABELS,
        status_label=exports.status_label,
    )


# ---------------------------------------------------------------- one registration


def _move_choices(event: Event):
    return choices(
        (target.id, f"{target.title} ({format_short_day(target.starts_at)})")
        for target in queries.move_targets(event)
    )


@bp.get("/<int:event_id>/registrations/<int:registration_id>")
@staff_required
@no_store
def registration(event_id, registration_id):
    event = _event_or_404(event_id)
    registration = db.first_or_404(queries.registration_with_history(event, registration_id))
    move_form = MoveForm()
    move_form.target_event.choices = _move_choices(event)
    questions = {question.id: question.label for question in event.questions}
    return render_template(
        "events/manage/registration.html", event=event, registration=registration,
        answers=[(questions.get(a.question_id, "?"), a.value) for a in registration.answers],
        position=services.waitlist_position(registration),
        form=ButtonForm(), reject_form=RejectForm(), move_form=move_form,
        status_label=exports.status_label, status_labels=REGISTRATION_STATUS_LABELS,
        category_labels=CATEGORY_LABELS,
    )


def _back(event: Event, registration: Registration):
    default = url_for(".registration", event_id=event.id, registration_id=registration.id)
    return redirect(safe_next(request.values.get("next"), default))


def _refusal(exc: services.RegistrationError, registration: Registration) -> str:
    if exc.reason == services.ALREADY_REGISTERED:
        return _("This person is already registered for the event you chose.")
    if exc.reason == services.EVENT_CANCELLED:
        return _("The event you chose is cancelled.")
    db.session.refresh(registration)
    return _("This cannot be done: the registration of %(name)s is now “%(status)s”.",
             name=registration.full_name, status=exports.status_label(registration))


def _change(registration: Registration, action, success: str) -> bool:
    """Run a service; one commit on success, a rollback and an explanation on refusal."""
    try:
        action()
    except services.RegistrationError as exc:
        db.session.rollback()
        flash(_refusal(exc, registration), "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


@bp.post("/<int:event_id>/registrations/<int:registration_id>/approve")
@staff_required
def registration_approve(event_id, registration_id):
    event = _event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    _change(registration, lambda: decisions.approve(registration, current_user),
            _("The registration of %(name)s is approved; we have told them.",
              name=registration.full_name))
    return _back(event, registration)


@bp.post("/<int:event_id>/registrations/<int:registration_id>/reject")
@staff_required
def registration_reject(event_id, registration_id):
    event = _event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    form = RejectForm()
    if not form.validate():
        flash(" ".join(form.reason.errors) or _("The form expired; try again."), "error")
        return _back(event, registration)
    _change(registration,
            lambda: decisions.reject(registration, current_user, form.reason.data or ""),
            _("The registration of %(name)s is rejected; we have told them.",
              name=registration.full_name))
    return _back(event, registration)


@bp.route("/<int:event_id>/registrations/<int:registration_id>/cancel",
          methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
@no_store
def registration_cancel(event_id, registration_id):
    """A page that asks for the reason (the person reads it in the e-mail) and confirms."""
    event = _event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    if not registration.is_active:
        flash(_refusal(services.RegistrationError(services.NOT_ACTIVE), registration), "error")
        return _back(event, registration)
    form = CancelRegistrationForm()
    if form.validate_on_submit():
        _change(registration,
                lambda: services.cancel(registration, actor=current_user,
                                        note=log_notes.CANCELLED_BY_STAFF,
                                        reason=form.reason.data),
                _("The registration of %(name)s is cancelled; we have told them.",
                  name=registration.full_name))
        return _back(event, registration)
    return render_template(
        "events/manage/cancel_registration.html", event=event, registration=registration,
        form=form, next=safe_next(request.values.get("next"), None),
        status_label=exports.status_label,
    )


@bp.post("/<int:event_id>/registrations/<int:registration_id>/move")
@staff_required
def registration_move(event_id, registration_id):
    event = _event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    form = MoveForm()
    form.target_event.choices = _move_choices(event)
    if not form.validate():
        flash(_("Choose one of the upcoming events to move the registration to."), "error")
        return _back(event, registration)
    target = db.session.get(Event, form.target_event.data)
    moved = _change(registration, lambda: decisions.move(registration, target, current_user),
                    _("%(name)s is moved to %(title)s.", name=registration.full_name,
                      title=target.title))
    if not moved:
        return _back(event, registration)
    if registration.status == RegistrationStatus.WAITLISTED:
        flash(_("That event is full: the person is on its waiting list."), "info")
    return redirect(url_for(".registration", event_id=target.id,
                            registration_id=registration.id))


@bp.route("/<int:event_id>/registrations/add", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def registration_add(event_id):
    event = _event_or_404(event_id)
    form = AddRegistrationForm()
    existing = None
    if form.validate_on_submit():
        data = services.RegistrationData(
            full_name=form.full_name.data, email=form.email.data, category=form.category.data,
            organisation=form.organisation.data or "", position=form.position.data or "",
            phone=form.phone.data or "",
        )
        try:
            registration = services.register(event, data, staff=current_user)
        except services.RegistrationError as exc:
            db.session.rollback()
            if exc.reason == services.ALREADY_REGISTERED:
                existing = exc.registration
                form.email.errors.append(_("This address is already registered for the event."))
            else:
                flash(_("The event is cancelled: nobody can be added."), "error")
        else:
            registration.staff_note = form.note.data or ""
            db.session.commit()
            flash(_added_message(registration), "success")
            return redirect(url_for(".registration", event_id=event.id,
                                    registration_id=registration.id))
    return render_template("events/manage/add_registration.html", event=event, form=form,
                           existing=existing)


def _added_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("%(name)s is registered and confirmed; we have sent them the confirmation.",
                 name=registration.full_name)
    if registration.status == RegistrationStatus.WAITLISTED:
        position = services.waitlist_position(registration) or 0
        event = registration.event
        if services.no_seat_reason(event, registration.category,
                                   services.seat_counts(event)) == services.GROUP_FULL:
            return _("The seats %(group)s are all taken: %(name)s is on the waiting list "
                     "(position %(num)d).", group=GROUP_LABELS[registration.category],
                     name=registration.full_name, num=position)
        return _("There is no free seat: %(name)s is on the waiting list (position %(num)d).",
                 name=registration.full_name, num=position)
    return _("%(name)s is registered: %(status)s.", name=registration.full_name,
             status=exports.status_label(registration))


# ---------------------------------------------------------------- messages


@bp.route("/<int:event_id>/message", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
@no_store
def message(event_id):
    event = _event_or_404(event_id)
    active = queries.active_registrations(event)
    form = MessageForm()
    counts = {status: sum(1 for r in active if r.status == status
                          and (status != RegistrationStatus.WAITLISTED
                               or r.email_confirmed_at is not None))
              for status in ACTIVE}  # as messaging.recipients counts them
    form.statuses.choices = choices(
        (status, f"{MESSAGE_STATUS_LABELS[status]} ({counts[status]})")
        for status in MESSAGE_STATUSES
    )
    form.registration_ids.choices = choices(
        (r.id, f"{r.full_name}, {r.email} — {exports.status_label(r)}") for r in active
    )
    preview = None
    if form.validate_on_submit():
        people = messaging.recipients(event, form.statuses.data, form.registration_ids.data)
        if not people:
            form.statuses.errors.append(_("Nobody matches: choose other recipients."))
        elif "preview" in request.form:
            preview = people
        else:
            sent = messaging.send_message(event, form.subject.data, form.body.data, people)
            db.session.commit()
            flash(ngettext("The message is queued for %(num)d person.",
                           "The message is queued for %(num)d people.", sent), "success")
            return redirect(url_for(".registrations", event_id=event.id))
    return render_template("events/manage/message.html", event=event, form=form,
                           preview=preview)


# ---------------------------------------------------------------- files


def _download(data: bytes, mimetype: str, filename: str, inline: bool = False) -> Response:
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": content_disposition(filename, inline),
    })


@bp.get("/<int:event_id>/registrations.csv")
@staff_required
@no_store
def export_csv(event_id):
    event = _event_or_404(event_id)
    header, rows = exports.registration_table(event)
    return _download(exports.to_csv(header, rows), "text/csv; charset=utf-8",
                     download_name(event.slug, _("registrations"), extension="csv"))


@bp.get("/<int:event_id>/registrations.xlsx")
@staff_required
@no_store
def export_xlsx(event_id):
    event = _event_or_404(event_id)
    header, rows = exports.registration_table(event)
    return _download(to_xlsx(header, rows, _("Registrations")), XLSX_TYPE,
                     download_name(event.slug, _("registrations"), extension="xlsx"))


@bp.get("/<int:event_id>/attendance.pdf")
@staff_required
@no_store
def attendance_pdf(event_id):
    event = _event_or_404(event_id)
    day = attendance.days_of(event)[0]
    if request.args.get("day"):
        day = _day_of(event, request.args["day"])
        if day is None:
            abort(404)
    name = download_name(event.slug, _("attendance list"), day.isoformat(), extension="pdf")
    return _download(exports.attendance_pdf(event, day), PDF_TYPE, name, inline=True)


# ---------------------------------------------------------------- check-in


def _checkin_refusal(exc: attendance.CheckInError, registration: Registration,
                     day: date) -> str:
    if exc.reason == attendance.NOT_CONFIRMED:
        return _("Only confirmed participants can be checked in; the registration of "
                 "%(name)s is “%(status)s”.", name=registration.full_name,
                 status=exports.status_label(registration))
    if exc.reason == attendance.NOT_YET:
        return _("Check-in for %(day)s opens on that day: attendance cannot be recorded "
                 "in advance.", day=format_weekday(day))
    return _("The event does not take place on that day.")


def _record(registration: Registration, day: date, present: bool) -> None:
    """Check in (or undo) and commit; flash what happened."""
    name = registration.full_name
    if not present:
        if attendance.undo_check_in(registration, day):
            flash(_("Check-in of %(name)s undone.", name=name), "success")
        db.session.commit()
        return
    already = attendance.find_attendance(registration, day) is not None
    try:
        attendance.check_in(registration, day, current_user)
    except attendance.CheckInError as exc:
        flash(_checkin_refusal(exc, registration, day), "error")
        return
    db.session.commit()
    if already:
        flash(_("%(name)s was already checked in.", name=name), "info")
    else:
        flash(_("%(name)s is checked in.", name=name), "success")


@bp.get("/<int:event_id>/checkin")
@staff_required
@no_store
def checkin(event_id):
    event = _event_or_404(event_id)
    day = _day_of(event, request.args.get("day")) or attendance.default_day(event)
    query = note_truncated_search(search_term(request.args.get("q"))).text
    people = attendance.confirmed_participants(event)
    present = attendance.present_on(event, day)
    shown = attendance.confirmed_participants(event, query) if query else people
    return render_template(
        "events/manage/checkin.html", event=event, day=day, q=query,
        days=attendance.days_of(event), present=present, people=shown,
        recordable=day in attendance.recordable_days(event),
        present_count=sum(1 for p in people if p.id in present), confirmed_count=len(people),
        category_labels=CATEGORY_LABELS,
    )


@bp.post("/<int:event_id>/checkin/<int:registration_id>")
@staff_required
def checkin_toggle(event_id, registration_id):
    event = _event_or_404(event_id)
    registration = _registration_or_404(event, registration_id)
    form = CheckInForm()
    day = _day_of(event, form.day.data) if form.validate() else None
    if day is None:
        abort(400)
    _record(registration, day, form.present.data != "no")
    return redirect(url_for(".checkin", event_id=event.id, day=day.isoformat(),
                            q=form.q.data or None, _anchor=f"r{registration.id}"))


@bp.route("/checkin/<code>", methods=["GET", "POST"])
@staff_required
@no_store
def checkin_scan(code):
    """The page a badge's QR code opens: staff check the person in for today."""
    registration = db.first_or_404(queries.registration_by_checkin_code(code))
    event = registration.event
    if request.method == "POST":
        form = CheckInForm()
        day = _day_of(event, form.day.data) if form.validate() else None
        if day is None:
            abort(400)
        _record(registration, day, form.present.data != "no")
        return redirect(url_for(".checkin_scan", code=code))
    return render_template(
        "events/manage/checkin_scan.html", event=event, registration=registration,
        today=attendance.today_of(event), days=attendance.recordable_days(event),
        first_day=attendance.days_of(event)[0],
        present={a.day: a for a in registration.attendance},
        status_label=exports.status_label, category_labels=CATEGORY_LABELS,
    )
