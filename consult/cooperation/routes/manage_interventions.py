"""Staff: the federation's interventions to the region's JST — the region's log, adding and
correcting one (the reply, the outcome, the follow-up), its letter, publishing its summary.
Staff only, GET and POST alike: an institution manager gets 403 even for their own JST."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import undefer

from consult.cooperation import interventions, manage_bp, queries
from consult.cooperation.documents import MAX_DOCUMENT_MB, upload_of
from consult.cooperation.forms.interventions import InterventionForm
from consult.cooperation.models import (
    OUTCOME_LABELS,
    PROBLEM_LABELS,
    Intervention,
    InterventionOutcome,
)
from consult.cooperation.services import CooperationError
from consult.core.documents import FILE_TYPES, file_size
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form, no_store
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.naming import marked_display_name
from consult.institutions.places import region_prefix


def render(template: str, status: int = 200, **context):
    return render_template(
        f"cooperation/manage/interventions/{template}", problem_labels=PROBLEM_LABELS,
        outcome_labels=OUTCOME_LABELS, is_due=interventions.is_follow_up_due,
        file_types=FILE_TYPES, file_size=file_size, max_mb=MAX_DOCUMENT_MB,
        **context), status


def _institution_or_404(teryt: str) -> Institution:
    institution = queries.region_institution(region_prefix(), teryt)
    if institution is None:
        abort(404)
    return institution


def _intervention_or_404(intervention_id: int, *options) -> Intervention:
    found = db.session.get(Intervention, intervention_id, options=list(options))
    if found is None:
        abort(404)
    return found


# ---------------------------------------------------------------- the region's log


@manage_bp.get("/interventions/")
@staff_required
def interventions_log():
    outcome = request.args.get("outcome")
    outcome = outcome if outcome in set(InterventionOutcome) else None
    years = sorted(interventions.count_by_year(), reverse=True)
    year = request.args.get("year", type=int)
    year = year if year in years else None
    page = paginate(interventions.region_log(outcome, year), request.args.get("page", type=int))
    return render("index.html", page=page, outcome=outcome, year=year, years=years,
                  name_of=marked_display_name)


# ---------------------------------------------------------------- adding, correcting


def _show_error(form: InterventionForm, error: CooperationError) -> None:
    if error.field and error.field in form:
        form[error.field].errors.append(str(error.message))
    else:
        flash(str(error.message), "error")


@manage_bp.route("/<teryt>/interventions/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def intervention_new(teryt):
    institution = _institution_or_404(teryt)
    form = InterventionForm()
    status = 200
    if form.validate_on_submit():
        try:
            added = interventions.create(institution, form.data_of(), current_user,
                                         upload_of(form.letter.data))
        except CooperationError as error:
            db.session.rollback()
            _show_error(form, error)
            status = 409
        else:
            db.session.commit()
            flash(_("The intervention is logged: %(subject)s.", subject=added.subject),
                  "success")
            return redirect(url_for(".intervention", intervention_id=added.id))
    return render("form.html", status=status, form=form, institution=institution,
                  marked_name=marked_display_name(institution), intervention=None)


@manage_bp.route("/interventions/<int:intervention_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def intervention(intervention_id):
    found = _intervention_or_404(intervention_id)
    form = InterventionForm(obj=found if request.method == "GET" else None)
    status = 200
    if form.validate_on_submit():
        try:
            interventions.amend(found, form.data_of(), current_user,
                                note=form.outcome_note.data or "",
                                letter=upload_of(form.letter.data))
        except CooperationError as error:
            db.session.rollback()
            _show_error(form, error)
            status = 409
        else:
            db.session.commit()
            flash(_("The intervention is saved."), "success")
            return redirect(url_for(".intervention", intervention_id=found.id))
    institution = found.institution
    return render("form.html", status=status, form=form, institution=institution,
                  marked_name=marked_display_name(institution), intervention=found,
                  history=interventions.history(found))


@manage_bp.post("/interventions/<int:intervention_id>/publish")
@staff_required
def intervention_publish(intervention_id):
    """Publish the summary on the JST's public page (``publish=1``) or take it off."""
    found = _intervention_or_404(intervention_id)
    try:
        if request.form.get("publish") == "1":
            interventions.publish(found, current_user)
            message = _("The summary is shown on the local government's public page.")
        else:
            interventions.unpublish(found, current_user)
            message = _("The summary is no longer shown on the public page.")
    except CooperationError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".intervention", intervention_id=found.id, _anchor="publishing"))


@manage_bp.get("/interventions/<int:intervention_id>/letter")
@staff_required
@no_store
def intervention_letter(intervention_id):
    found = _intervention_or_404(intervention_id, undefer(Intervention.letter_data))
    if not found.has_letter:
        abort(404)
    response = send_file(io.BytesIO(found.letter_data), mimetype=found.letter_content_type,
                         as_attachment=True, download_name=found.letter_filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
