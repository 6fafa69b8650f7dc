"""Staff's view of a diagnosis's results: everything the public will see (a preview), plus
the counted responses of every group, even under the threshold, and the open answers;
publishing and unpublishing; the files before publishing."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.permissions import staff_required
from consult.extensions import db
from consult.research import manage_bp, publishing
from consult.research.forms.results import PublishForm, UnpublishForm
from consult.research.results import Results, compute, load_diagnosis
from consult.research.routes.public import files, page_context


def _results(diagnosis_id: int) -> Results:
    diagnosis = load_diagnosis(diagnosis_id)
    if diagnosis is None:
        abort(404)
    return compute(diagnosis)


def _page(results: Results, form: PublishForm | None = None, status: int = 200):
    diagnosis = results.diagnosis
    form = form or PublishForm(summary=diagnosis.summary)
    return render_template(
        "research/manage/results.html", form=form, **page_context(results)), status


@manage_bp.get("/<int:diagnosis_id>/results")
@staff_required
def results(diagnosis_id):
    return _page(_results(diagnosis_id))


@manage_bp.post("/<int:diagnosis_id>/results/publish")
@staff_required
def publish(diagnosis_id):
    found = _results(diagnosis_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return _page(found, form, 400)
    try:
        publishing.publish(found.diagnosis, form.summary.data, current_user)
    except publishing.NotClosed:
        flash(_("The results can be published once the survey is closed."), "error")
        return redirect(url_for("research_manage.results", diagnosis_id=diagnosis_id))
    db.session.commit()
    flash(_("The results are published."), "success")
    return redirect(url_for("research_manage.results", diagnosis_id=diagnosis_id))


@manage_bp.post("/<int:diagnosis_id>/results/unpublish")
@staff_required
def unpublish(diagnosis_id):
    found = _results(diagnosis_id)
    if UnpublishForm().validate_on_submit():
        publishing.unpublish(found.diagnosis, current_user)
        db.session.commit()
        flash(_("The results are no longer public."), "success")
    return redirect(url_for("research_manage.results", diagnosis_id=diagnosis_id))


@manage_bp.get("/<int:diagnosis_id>/report.docx")
@staff_required
def report_docx(diagnosis_id):
    return files(_results(diagnosis_id), "docx")


@manage_bp.get("/<int:diagnosis_id>/report.pdf")
@staff_required
def report_pdf(diagnosis_id):
    return files(_results(diagnosis_id), "pdf")


@manage_bp.get("/<int:diagnosis_id>/results.csv")
@staff_required
def results_csv(diagnosis_id):
    return files(_results(diagnosis_id), "csv")


@manage_bp.get("/<int:diagnosis_id>/results.xlsx")
@staff_required
def results_xlsx(diagnosis_id):
    return files(_results(diagnosis_id), "xlsx")
