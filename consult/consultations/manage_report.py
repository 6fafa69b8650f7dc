"""Staff and institution managers: the consultation report (header fields, preview, what
still blocks publishing, the text of element 10) and the adopted version."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from consult.consultations import adopted, manage_bp, services
from consult.consultations.access import managed_consultation_or_404
from consult.consultations.models import DECISION_LABELS
from consult.consultations.report import author_text, build_report, element_10_from
from consult.consultations.report import publish_report as publish_the_report
from consult.core.forms import ButtonForm, strip
from consult.core.permissions import manager_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db


class ReportForm(FlaskForm):
    """The header fields of the report that the record cannot tell."""

    report_forms = TextAreaField(
        _l("Forms of consultation"), filters=[strip], validators=[Length(max=5000)],
        description=_l("Leave empty for the standard text: the electronic form on this "
                       "platform and the linked consultation meetings."))
    report_conclusion = TextAreaField(
        _l("Conclusion"), filters=[strip], validators=[Length(max=10000)],
        description=_l("For example what the authority will do with the draft now."))
    report_prepared_by = StringField(
        _l("Prepared by"), filters=[strip], validators=[Length(max=300)],
        description=_l("Name and position, e.g. “Anna Nowak, coordinator for cooperation "
                       "with NGOs”."))


def final_form(consultation, formdata=None):
    """One text area per section, prefilled with its final text (the draft's until staff
    change it), and the note on the adoption."""

    class FinalForm(FlaskForm):
        final_note = TextAreaField(
            _l("Note on the adoption"), filters=[strip], validators=[Length(max=2000)],
            description=_l("For example “Uchwała nr XV/120/2026 Rady Miejskiej w Płońsku "
                           "z dnia 25 listopada 2026 r.”"))

    data = {"final_note": consultation.final_note}
    for position, section in enumerate(consultation.sections, start=1):
        name = f"section_{section.id}"
        setattr(FinalForm, name, TextAreaField(adopted.section_label(section, position),
                                               validators=[Length(max=100_000)]))
        data[name] = adopted.final_text_of(section)
    return FinalForm(data=data)


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
        "manage/consultations/report.html", consultation=consultation, form=form,
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
        sent = publish_the_report(consultation, current_user)
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
        "manage/consultations/final.html", consultation=consultation, form=form,
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
