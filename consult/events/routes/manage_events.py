"""Staff: create, edit, publish, cancel and duplicate events; questions; funding projects."""

from datetime import timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.datetext import format_short_moment
from consult.core.forms import ButtonForm
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.search import note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form
from consult.core.timeutil import local_to_utc, to_local
from consult.events import editing, lifecycle, manage_bp, queries, services
from consult.events.choices import (
    CATEGORIES,
    CATEGORY_LABELS,
    FORMAT_LABELS,
    QUESTION_KIND_LABELS,
    TYPE_LABELS,
    TYPES,
)
from consult.events.forms.manage import (
    CancelEventForm,
    DuplicateForm,
    EventForm,
    QuestionForm,
    QuestionWordingForm,
    event_initial_data,
)
from consult.events.forms.projects import FundingProjectForm, LogoForm, PartnerForm, ReportForm
from consult.events.funding import FundingProject, FundingProjectLogo
from consult.events.models import (
    EVENT_STATUS_LABELS,
    REGISTRATION_STATUS_LABELS,
    Event,
    EventStatus,
    Question,
    RegistrationStatus,
)
from consult.extensions import db

LABELS = {
    "type_labels": TYPE_LABELS,
    "status_labels": EVENT_STATUS_LABELS,
    "format_labels": FORMAT_LABELS,
    "category_labels": CATEGORY_LABELS,
    "registration_status_labels": REGISTRATION_STATUS_LABELS,
    "question_kind_labels": QUESTION_KIND_LABELS,
}


def _render(template: str, **context):
    return render_template(f"events/manage/{template}", **LABELS, **context)


def _event_or_404(event_id: int) -> Event:
    return db.get_or_404(Event, event_id)


def _choice(name: str, allowed) -> str | None:
    value = request.args.get(name)
    return value if value in allowed else None


@manage_bp.get("/")
@staff_required
def index():
    status, kind = _choice("status", tuple(EventStatus)), _choice("type", TYPES)
    query = note_truncated_search(search_term(request.args.get("q"))).text
    page = paginate(editing.staff_events(status, kind, query),
                    request.args.get("page", 1, type=int) or 1)
    counts = services.seat_counts_by_event(page.items)
    return _render("index.html", page=page, counts=counts, status=status, kind=kind,
                   q=query, statuses=tuple(EventStatus), types=TYPES)


@manage_bp.get("/<int:event_id>/")
@staff_required
def overview(event_id):
    event = _event_or_404(event_id)
    counts = services.seat_counts(event)
    return _render("overview.html", event=event, counts=counts,
                   seats_left=services.seats_left(event, counts),
                   table=queries.status_table(event), categories=CATEGORIES,
                   registration_statuses=tuple(RegistrationStatus), form=ButtonForm())


def _wants_more_rows() -> bool:
    return request.method == "POST" and "more_rows" in request.form


def _event_form(event: Event | None) -> EventForm:
    """Stored values with empty agenda rows on GET, what was typed on POST. The
    ``more_rows`` button adds empty rows and saves nothing (no JavaScript needed)."""
    if request.method == "GET":
        initial = event_initial_data(event) if event else {
            "organiser": current_app.config["CONSULT_OPERATOR_NAME"]}
        form = EventForm(data=initial, event=event)
    else:
        form = EventForm(event=event)
    if request.method == "GET" or _wants_more_rows():
        form.add_empty_agenda_rows()
    return form


@manage_bp.route("/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def new():
    form = _event_form(None)
    if not _wants_more_rows() and form.validate_on_submit():
        event = editing.apply_event_data(Event(status=EventStatus.DRAFT), form.event_data())
        db.session.add(event)
        db.session.commit()
        flash(_("The event is saved as a draft. Publish it when it is ready."), "success")
        return redirect(url_for(".overview", event_id=event.id))
    return _render("form.html", form=form, event=None)


@manage_bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def edit(event_id):
    event = _event_or_404(event_id)
    form = _event_form(event)
    if not _wants_more_rows() and form.validate_on_submit():
        before = lifecycle.calendar_snapshot(event)
        editing.apply_event_data(event, form.event_data())
        db.session.flush()  # event_saved re-reads the event under its lock
        lifecycle.event_saved(event, before)
        db.session.commit()
        flash(_("The event is saved."), "success")
        if outside := editing.agenda_outside(event):
            flash(_("These agenda items lie outside the event's time: %(items)s. Correct the "
                    "agenda: the event page shows it.", items="; ".join(
                        f"{format_short_moment(item.starts_at)} {item.title}"
                        for item in outside)), "warning")
        return redirect(url_for(".overview", event_id=event.id))
    return _render("form.html", form=form, event=event)


@manage_bp.post("/<int:event_id>/publish")
@staff_required
def publish(event_id):
    event = _event_or_404(event_id)
    if event.status != EventStatus.DRAFT:
        flash(_("Only a draft can be published."), "error")
    else:
        lifecycle.publish(event, current_user)
        db.session.commit()
        flash(_("The event is published."), "success")
    return redirect(url_for(".overview", event_id=event.id))


@manage_bp.route("/<int:event_id>/cancel", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def cancel(event_id):
    event = _event_or_404(event_id)
    if event.status != EventStatus.PUBLISHED:
        flash(_("Only a published event can be cancelled."), "error")
        return redirect(url_for(".overview", event_id=event.id))
    registrants = len(queries.active_registrations(event))
    form = CancelEventForm()
    if form.validate_on_submit():
        lifecycle.cancel_event(event, form.reason.data, current_user)
        db.session.commit()
        flash(_("The event is cancelled. Registrants are told by e-mail."), "success")
        return redirect(url_for(".overview", event_id=event.id))
    return _render("cancel.html", event=event, form=form, registrants=registrants)


@manage_bp.route("/<int:event_id>/duplicate", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def duplicate(event_id):
    event = _event_or_404(event_id)
    week_later = to_local(event.starts_at).replace(tzinfo=None) + timedelta(days=7)
    form = DuplicateForm(data={"starts_at": week_later} if request.method == "GET" else None)
    if form.validate_on_submit():
        copy = lifecycle.duplicate(event, local_to_utc(form.starts_at.data))
        db.session.commit()
        flash(_("This is a draft copy of “%(title)s”. Check it, save it and publish it.",
                title=event.title), "success")
        return redirect(url_for(".edit", event_id=copy.id))
    return _render("duplicate.html", event=event, form=form)


# ---------------------------------------------------------------- questions


@manage_bp.route("/<int:event_id>/questions", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def questions(event_id):
    event = _event_or_404(event_id)
    form = QuestionForm()
    if form.validate_on_submit():
        editing.add_question(event, form.kind.data, form.label.data, form.options.data,
                             form.required.data, form.help_text.data, form.reports_sex.data)
        db.session.commit()
        flash(_("The question is added to the registration form."), "success")
        return redirect(url_for(".questions", event_id=event.id))
    return _render("questions.html", event=event, form=form,
                   answered=editing.answered_questions(event))


def _question_or_404(event: Event, question_id: int) -> Question:
    question = db.get_or_404(Question, question_id)
    if question.event_id != event.id:
        abort(404)
    return question


@manage_bp.route("/<int:event_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def question_edit(event_id, question_id):
    event = _event_or_404(event_id)
    question = _question_or_404(event, question_id)
    answers = editing.answers_count(question)
    # The fields of the page as staff saw it: answers may have come since.
    with_rules = "kind" in request.form if request.method == "POST" else not answers
    form = (QuestionForm if with_rules else QuestionWordingForm)(obj=question)
    if form.validate_on_submit():
        rules = (form.kind.data, form.options.data, form.required.data) if with_rules else None
        try:
            editing.edit_question(question, form.label.data, form.help_text.data, rules,
                                  form.reports_sex.data)
        except editing.QuestionAnswered:
            db.session.rollback()
            flash(_("Someone has just answered this question: only its wording can be "
                    "changed now."), "error")
            return redirect(url_for(".question_edit", event_id=event.id,
                                    question_id=question.id))
        db.session.commit()
        flash(_("The question is saved."), "success")
        return redirect(url_for(".questions", event_id=event.id))
    return _render("question_edit.html", event=event, question=question, form=form,
                   answers=answers)


@manage_bp.post("/<int:event_id>/questions/<int:question_id>/move")
@staff_required
def question_move(event_id, question_id):
    event = _event_or_404(event_id)
    question = _question_or_404(event, question_id)
    if editing.move_in_order(list(event.questions), question, request.form.get("direction")):
        db.session.commit()
    return redirect(url_for(".questions", event_id=event.id, _anchor=f"q{question.id}"))


@manage_bp.route("/<int:event_id>/questions/<int:question_id>/delete", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def question_delete(event_id, question_id):
    event = _event_or_404(event_id)
    question = _question_or_404(event, question_id)
    form = ButtonForm()
    if form.validate_on_submit():
        editing.delete_question(question)
        db.session.commit()
        flash(_("The question and its answers are deleted."), "success")
        return redirect(url_for(".questions", event_id=event.id))
    return _render("question_delete.html", event=event, question=question,
                   answers=editing.answers_count(question), form=form)


# ---------------------------------------------------------------- funding projects


@manage_bp.get("/projects")
@staff_required
def projects():
    return _render("projects.html", projects=editing.projects_with_event_counts())


@manage_bp.route("/projects/new", methods=["GET", "POST"])
@manage_bp.route("/projects/<int:project_id>", methods=["GET", "POST"],
                 endpoint="project_edit")
@csrf_checked_by_form
@staff_required
def project_new(project_id=None):
    project = (db.get_or_404(FundingProject, project_id) if project_id
               else FundingProject(currency="PLN"))
    form = FundingProjectForm(obj=project)
    if form.validate_on_submit():
        form.populate_obj(project)
        editing.give_address(project)
        db.session.add(project)
        db.session.commit()
        flash(_("The funding project is saved."), "success")
        return redirect(url_for(".project_edit", project_id=project.id))
    return project_page(project, form=form)


def project_page(project: FundingProject, **forms):
    """The project's staff page: its form, logos, partners and funder's report (their views
    are in consult/projects/routes/manage.py); ``forms`` replaces a blank form by one with
    errors."""
    blank = {"form": FundingProjectForm(formdata=None, obj=project),
             "logo_form": LogoForm(formdata=None), "partner_form": PartnerForm(formdata=None),
             "report_form": ReportForm(formdata=None, since=project.starts_on,
                                       until=project.ends_on)}
    return _render("project_form.html", project=project, button=ButtonForm(),
                   **(blank | forms))


@manage_bp.post("/projects/<int:project_id>/logos")
@csrf_checked_by_form
@staff_required
def project_logo_add(project_id):
    project = db.get_or_404(FundingProject, project_id)
    logo_form = LogoForm()
    if logo_form.validate_on_submit():
        try:
            editing.add_logo(project, logo_form.logo.data.read(editing.MAX_LOGO_BYTES + 1),
                             logo_form.alt_text.data)
        except editing.LogoError as error:
            logo_form.logo.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The logo is added."), "success")
            return redirect(url_for(".project_edit", project_id=project.id, _anchor="logos"))
    return project_page(project, logo_form=logo_form)


def _logo_or_404(project_id: int, logo_id: int) -> FundingProjectLogo:
    logo = db.get_or_404(FundingProjectLogo, logo_id)
    if logo.project_id != project_id:
        abort(404)
    return logo


@manage_bp.get("/projects/<int:project_id>/logos/<int:logo_id>")
@staff_required
def project_logo(project_id, logo_id):
    logo = _logo_or_404(project_id, logo_id)
    return Response(logo.data, mimetype=logo.content_type)


@manage_bp.post("/projects/<int:project_id>/logos/<int:logo_id>/delete")
@staff_required
def project_logo_delete(project_id, logo_id):
    db.session.delete(_logo_or_404(project_id, logo_id))
    db.session.commit()
    flash(_("The logo is removed."), "success")
    return redirect(url_for(".project_edit", project_id=project_id, _anchor="logos"))
