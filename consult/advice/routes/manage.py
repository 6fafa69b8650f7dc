"""Staff: the advice log — the list with its filters and totals, its export, logging,
correcting and deleting a session. Staff only, GET and POST alike."""

from babel.dates import get_month_names
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from consult.advice import exports, manage_bp, queries, services
from consult.advice.forms.manage import AdviceSessionForm
from consult.advice.models import CATEGORY_LABELS, FORM_LABELS, AdviceSession
from consult.core.forms import ButtonForm, choices
from consult.core.http import content_disposition
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.search import note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.spreadsheets import XLSX_TYPE
from consult.core.timeutil import local_today
from consult.events.funding import project_choices
from consult.extensions import db
from consult.institutions.places import institution_label
from consult.network.institution_search import pick_institution


def _filters() -> queries.Filters:
    args = request.args
    project = args.get("project", "")
    project = (queries.WITHOUT_PROJECT if project == queries.WITHOUT_PROJECT
               else int(project) if project.isdigit() and len(project) < 10 else None)
    year = args.get("year", type=int)
    month = args.get("month", type=int)
    return queries.Filters(
        project=project, advisor_id=args.get("advisor", type=int),
        form=args.get("form") if args.get("form") in set(FORM_LABELS) else None,
        category=args.get("category") if args.get("category") in set(CATEGORY_LABELS) else None,
        year=year if year is not None and 1900 < year < 9999 else None,
        month=month if month is not None and 1 <= month <= 12 else None,
        term=search_term(args.get("q")))


def _filter_args(filters: queries.Filters) -> dict:
    """The filters as the query string of the page, its other pages and its export."""
    return {key: value for key, value in {
        "project": filters.project, "advisor": filters.advisor_id, "form": filters.form,
        "category": filters.category, "year": filters.year, "month": filters.month,
        "q": filters.term.text}.items() if value not in (None, "")}


@manage_bp.get("/")
@staff_required
@no_store
def index():
    filters = _filters()
    note_truncated_search(filters.term)
    page = paginate(queries.sessions(filters), request.args.get("page", type=int))
    count, minutes = queries.totals(filters)
    return render_template(
        "advice/manage/index.html", page=page, filters=filters, count=count, minutes=minutes,
        filter_args=_filter_args(filters), projects=project_choices(),
        advisors=queries.advisor_choices(), years=queries.years(),
        category_labels=CATEGORY_LABELS, form_labels=FORM_LABELS,
        months=get_month_names("wide", context="stand-alone", locale=get_locale()),
        without_project=queries.WITHOUT_PROJECT)


def _export(extension: str) -> Response:
    filters = _filters()
    sessions = list(db.session.scalars(queries.sessions(filters)).unique())
    if extension == "csv":
        body, mimetype = exports.advice_csv(sessions), "text/csv; charset=utf-8"
    else:
        body, mimetype = exports.advice_xlsx(sessions), XLSX_TYPE
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": content_disposition(exports.file_name(filters, extension)),
        "Cache-Control": "no-store"})


@manage_bp.get("/export.csv")
@staff_required
def export_csv():
    return _export("csv")


@manage_bp.get("/export.xlsx")
@staff_required
def export_xlsx():
    return _export("xlsx")


# ---------------------------------------------------------------- logging, correcting


def _prepare(form: AdviceSessionForm, current: AdviceSession | None = None) -> None:
    """Fill the choices: the JST chosen so far and those matching the search box (with
    "none" first), the advisors and the projects."""
    _chosen, options = pick_institution(
        form, current=current.institution if current is not None else None)
    form.institution.choices = choices([("", _("— none —"))] + [
        (inst.id, institution_label(inst)) for inst in options])
    form.advisor.choices = choices([("", _("— not given —"))] + queries.advisor_choices(
        current.advisor_id if current is not None else None))
    form.funding_project.choices = choices([("", _("— none —"))] + project_choices())


def _searching(form: AdviceSessionForm) -> bool:
    """"Find" was pressed with something typed: show the matches, save nothing."""
    return (request.method == "POST" and bool(form.find.data)
            and bool((form.institution_q.data or "").strip()))


def _show_error(form: AdviceSessionForm, error: services.AdviceError) -> None:
    field = {"form": "mode", "institution_id": "institution"}.get(error.field, error.field)
    if field and field in form:
        form[field].errors = [*form[field].errors, str(error.message)]
    else:
        flash(str(error.message), "error")


def _form_page(form: AdviceSessionForm, advice: AdviceSession | None, status: int = 200):
    return render_template(
        "advice/manage/form.html", form=form, advice=advice,
        organisation_names=queries.organisation_names()), status


def _save(form: AdviceSessionForm, advice: AdviceSession | None):
    """Validate and save; the page again (with the errors) or None when saved."""
    if _searching(form) or not form.validate_on_submit():
        return None
    try:
        if advice is None:
            advice = services.log_advice(form.data_of(), current_user)
        else:
            services.amend(advice, form.data_of(), current_user)
    except services.AdviceError as error:
        db.session.rollback()
        _show_error(form, error)
        return False
    db.session.commit()
    return advice


@manage_bp.route("/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
@no_store
def new():
    form = AdviceSessionForm(data=None if request.method == "POST" else {
        "advisor": current_user.id, "held_on": local_today()})
    _prepare(form)
    saved = _save(form, None)
    if saved:
        flash(_("The advice is logged."), "success")
        return redirect(url_for(".index"))
    return _form_page(form, None, 409 if saved is False else 200)


def _advice_or_404(advice_id: int) -> AdviceSession:
    found = db.session.get(AdviceSession, advice_id)
    if found is None:
        abort(404)
    return found


def _initial(advice: AdviceSession) -> dict:
    return {
        "held_on": advice.held_on, "start_time": advice.start_time, "minutes": advice.minutes,
        "advised": advice.organisation.name if advice.organisation else advice.advised_name,
        "institution": advice.institution_id, "person_name": advice.person_name,
        "topic": advice.topic, "category": advice.category, "mode": advice.form,
        "advisor": advice.advisor_id, "funding_project": advice.funding_project_id,
        "notes": advice.notes}


@manage_bp.route("/<int:advice_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
@no_store
def edit(advice_id):
    advice = _advice_or_404(advice_id)
    form = AdviceSessionForm(data=None if request.method == "POST" else _initial(advice))
    _prepare(form, advice)
    saved = _save(form, advice)
    if saved:
        flash(_("The advice is saved."), "success")
        return redirect(url_for(".index"))
    return _form_page(form, advice, 409 if saved is False else 200)


@manage_bp.route("/<int:advice_id>/delete", methods=["GET", "POST"])
@staff_required
@no_store
def delete(advice_id):
    """A confirmation page; its button deletes the session."""
    advice = _advice_or_404(advice_id)
    form = ButtonForm()
    if form.validate_on_submit():
        services.delete(advice, current_user)
        db.session.commit()
        flash(_("The advice is deleted."), "success")
        return redirect(url_for(".index"))
    return render_template("advice/manage/delete.html", advice=advice, form=form)
