"""Staff's pages of the survey: the diagnoses, creating them, their status, their groups and
questionnaire (editable while a draft), the open links and the invitations. Staff only:
the answers are the federation's research, not a JST's."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.cooperation import queries as cooperation_queries
from consult.core.forms import ButtonForm
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form, no_store
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.naming import KIND_LABELS
from consult.institutions.places import region_prefix
from consult.research import invitations, manage_bp, services
from consult.research.forms.manage import (
    DetailsForm,
    NewDiagnosisForm,
)
from consult.research.models import (
    DIAGNOSIS_STATUS_LABELS,
    QUESTION_KIND_LABELS,
    Area,
    Diagnosis,
    DiagnosisStatus,
    Indicator,
    RespondentGroup,
    SurveyResponse,
)
from consult.research.status import accepting_answers


def render(template: str, status: int = 200, **context):
    return render_template(f"research/manage/{template}", status_labels=DIAGNOSIS_STATUS_LABELS,
                           kind_labels=QUESTION_KIND_LABELS, **context), status


def _diagnosis_or_404(diagnosis_id: int) -> Diagnosis:
    diagnosis = db.session.scalar(
        select(Diagnosis).where(Diagnosis.id == diagnosis_id)
        .options(selectinload(Diagnosis.groups),
                 selectinload(Diagnosis.areas).selectinload(Area.indicators)))
    if diagnosis is None:
        abort(404)
    return diagnosis


def _part_or_404(model, part_id: int, diagnosis: Diagnosis):
    part = db.session.get(model, part_id)
    if part is None:
        abort(404)
    owner = part.area.diagnosis_id if isinstance(part, Indicator) else part.diagnosis_id
    if owner != diagnosis.id:
        abort(404)
    return part


def _refused(error: services.ResearchError, form=None) -> None:
    """The rule's message next to its field, or as a message of the page."""
    db.session.rollback()
    if form is not None and error.field and error.field in form:
        form[error.field].errors.append(str(error.message))
    else:
        flash(str(error.message), "error")


def _response_counts(diagnosis_ids) -> dict[tuple[int, int], tuple[int, int]]:
    """Started and finished responses by (diagnosis, group), in one query."""
    rows = db.session.execute(
        select(SurveyResponse.diagnosis_id, SurveyResponse.group_id, func.count(),
               func.count(SurveyResponse.finished_on))
        .where(SurveyResponse.diagnosis_id.in_(list(diagnosis_ids)))
        .group_by(SurveyResponse.diagnosis_id, SurveyResponse.group_id))
    return {(row[0], row[1]): (row[2], row[3]) for row in rows}


# ---------------------------------------------------------------- the list, a new one


@manage_bp.get("/")
@staff_required
def index():
    diagnoses = list(db.session.scalars(
        select(Diagnosis).options(selectinload(Diagnosis.groups),
                                  selectinload(Diagnosis.institution))
        .order_by(Diagnosis.year.desc(), Diagnosis.id.desc())))
    return render("index.html", diagnoses=diagnoses,
                  counts=_response_counts(d.id for d in diagnoses))


def _institution_choices() -> list[tuple[int, str]]:
    return [(unit.id, f"{unit.name} ({KIND_LABELS[unit.kind]}, {unit.teryt})")
            for unit in cooperation_queries.monitored_institutions(region_prefix())]


@manage_bp.route("/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def new():
    form = NewDiagnosisForm(institution_choices=_institution_choices())
    if form.validate_on_submit():
        chosen = list(db.session.scalars(select(Institution).where(
            Institution.id.in_(form.institutions.data)).order_by(Institution.teryt)))
        plan = services.Plan(year=form.year.data, title=form.title.data or "",
                             opens_on=form.opens_on.data, closes_on=form.closes_on.data,
                             min_group_answers=form.min_group_answers.data)
        try:
            created = services.create_diagnoses(chosen, plan, by=current_user)
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            if len(created) == 1:
                flash(_("The diagnosis is created as a draft with the default questionnaire."),
                      "success")
                return redirect(url_for(".diagnosis", diagnosis_id=created[0].id))
            flash(_("%(count)d diagnoses are created as drafts with the default "
                    "questionnaire.", count=len(created)), "success")
            return redirect(url_for(".index"))
    return render("new.html", form=form)


# ---------------------------------------------------------------- one diagnosis


def _diagnosis_page(diagnosis: Diagnosis, open_link: tuple[RespondentGroup, str] | None = None):
    """The overview; ``open_link``: a group and its new open link's token, shown once."""
    counts = _response_counts([diagnosis.id])
    open_url = None
    if open_link is not None:
        open_url = url_for("research_respond.open_link", token=open_link[1], _external=True)
    return render("diagnosis.html", diagnosis=diagnosis, counts=counts, form=ButtonForm(),
                  summary=invitations.summary(diagnosis), accepting=accepting_answers(diagnosis),
                  new_link_group=open_link[0] if open_link else None, open_url=open_url,
                  results_url=url_for(".results", diagnosis_id=diagnosis.id))


@manage_bp.get("/<int:diagnosis_id>/")
@staff_required
def diagnosis(diagnosis_id):
    return _diagnosis_page(_diagnosis_or_404(diagnosis_id))


@manage_bp.route("/<int:diagnosis_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def details(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    form = DetailsForm(obj=diagnosis)
    if form.validate_on_submit():
        try:
            services.update_details(diagnosis, form.title.data, form.opens_on.data,
                                    form.closes_on.data, form.min_group_answers.data)
        except services.ResearchError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(_("The details are saved."), "success")
            return redirect(url_for(".diagnosis", diagnosis_id=diagnosis.id))
    return render("details.html", diagnosis=diagnosis, form=form)


@manage_bp.post("/<int:diagnosis_id>/status")
@staff_required
def status(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    wanted = request.form.get("status", "")
    if wanted not in (DiagnosisStatus.OPEN, DiagnosisStatus.CLOSED):
        abort(400)
    try:
        services.set_status(diagnosis, DiagnosisStatus(wanted), by=current_user)
    except services.ResearchError as error:
        _refused(error)
    else:
        db.session.commit()
        flash(_("The diagnosis is now: %(status)s.",
                status=DIAGNOSIS_STATUS_LABELS[DiagnosisStatus(wanted)]), "success")
    return redirect(url_for(".diagnosis", diagnosis_id=diagnosis.id))


@manage_bp.post("/<int:diagnosis_id>/groups/<int:group_id>/open-link")
@no_store
@staff_required
def open_link(diagnosis_id, group_id):
    """Turn the group's open link on (a new one, shown once on the page that answers) or
    off."""
    diagnosis = _diagnosis_or_404(diagnosis_id)
    group = _part_or_404(RespondentGroup, group_id, diagnosis)
    if request.form.get("open") == "off":
        services.turn_open_link_off(group)
        db.session.commit()
        flash(_("The open link of the group is turned off."), "success")
        return redirect(url_for(".diagnosis", diagnosis_id=diagnosis.id))
    try:
        token = services.turn_open_link_on(group)
    except services.ResearchError as error:
        _refused(error)
        return redirect(url_for(".diagnosis", diagnosis_id=diagnosis.id))
    db.session.commit()
    return _diagnosis_page(diagnosis, open_link=(group, token))
