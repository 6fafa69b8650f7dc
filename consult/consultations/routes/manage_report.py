"""Staff and institution managers: the consultation report (header fields, preview, what
still blocks publishing, the text of element 10) and the adopted version."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.consultations import adopted, manage_bp, services
from consult.consultations.access import managed_consultation_or_404
from consult.consultations.forms.manage import ReportForm, final_form
from consult.consultations.models import DECISION_LABELS
from consult.consultations.report import author_text, build_report, element_10_from
from consult.consultations.report import publish_report as publish_the_report
from consult.core.forms import ButtonForm
from consult.core.permissions import manager_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db


@manage_bp.route("/<int:consultation_id>/report", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def report(consultation_id):
    consultation = managed_consultation_or_404(consultation_id)
    published = consultation.report_published_at is not None
    form = ReportForm(obj=consultation)
    if not published and form.validate_on_submit():
        form.populate_obj(consultation)
        db.session.commit()
        flash(_("The report's header is saved."), "success")
        return redirect(url_for(".report", consultation_id=consultation.id))
    report = build_report(consultation)
    return render_template(
        "consultations/manage/report.html", consultation=consultation, form=form,
        report=report, blockers=services.report_blockers(consultation),
        element_10=element_10_from(report), publish_form=ButtonForm(),
    )


@manage_bp.post("/<int:consultation_id>/report/publish")
@manager_required
def publish_report(consultation_id):
    consultation = managed_consultation_or_404(consultation_id)
    if consultation.report_published_at is not None:
        flash(_("The report is already published."), "info")
        return redirect(url_for(".report", consultation_id=consultation.id))
    try:
        sent = publish_the_report(consultation)
    except services.ConsultationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(ngettext("The report is published; %(num)d e-mail about it is on its way.",
                       "The report is published; %(num)d e-mails about it are on their way.",
                       sent), "success")
    return redirect(url_for(".report", consultation_id=consultation.id))


@manage_bp.route("/<int:consultation_id>/final", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def final(consultation_id):
    consultation = managed_consultation_or_404(consultation_id)
    published = consultation.final_published_at is not None
    form = final_form(consultation)
    if not published and form.validate_on_submit():
        texts = {section.id: form[f"section_{section.id}"].data or ""
                 for section in consultation.sections}
        changed = adopted.save_final_text(consultation, texts, form.final_note.data or "")
        db.session.commit()
        flash(ngettext("The adopted version is saved; %(num)d part differs from the draft.",
                       "The adopted version is saved; %(num)d parts differ from the draft.",
                       changed), "success")
        return redirect(url_for(".final", consultation_id=consultation.id))
    return render_template(
        "consultations/manage/final.html", consultation=consultation, form=form,
        version=adopted.adopted_version(consultation), publish_form=ButtonForm(),
        published=published, author=author_text, decision_labels=DECISION_LABELS,
    )


@manage_bp.post("/<int:consultation_id>/final/publish")
@manager_required
def publish_final(consultation_id):
    consultation = managed_consultation_or_404(consultation_id)
    try:
        adopted.publish_final(consultation)
    except services.ConsultationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for(".final", consultation_id=consultation.id))
    db.session.commit()
    flash(_("The adopted version is published."), "success")
    return redirect(url_for("consultations.adopted", slug=consultation.slug))
