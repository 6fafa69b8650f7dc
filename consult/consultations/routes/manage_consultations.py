"""Staff and institution managers: the list of consultations, creating and editing one,
its overview with every step, announcing it, and its attachments."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult.consultations import access, editing, manage_bp, periods, services
from consult.consultations.choices import (
    ANNUAL,
    EVERYONE,
    KIND_LABELS,
    MODERATION_LABELS,
    PARTICIPATION_LABELS,
    POST_MODERATION,
    STATUTORY_ELEMENTS,
)
from consult.consultations.forms.manage import (
    AttachmentForm,
    ConsultationForm,
    consultation_initial_data,
)
from consult.consultations.models import (
    COMMENT_STATUS_LABELS,
    DECISION_LABELS,
    STATUS_LABELS,
    Consultation,
    ConsultationAttachment,
)
from consult.consultations.services import ConsultationError
from consult.core.forms import ButtonForm
from consult.core.pagination import paginate
from consult.core.permissions import manager_required
from consult.core.security import csrf_checked_by_form
from consult.core.timeutil import to_local, utcnow
from consult.extensions import db

LABELS = {
    "kind_labels": KIND_LABELS,
    "status_labels": STATUS_LABELS,
    "participation_labels": PARTICIPATION_LABELS,
    "moderation_labels": MODERATION_LABELS,
    "comment_status_labels": COMMENT_STATUS_LABELS,
    "decision_labels": DECISION_LABELS,
    "statutory_elements": STATUTORY_ELEMENTS,
}


def render(template: str, **context):
    """A page of manage/consultations with the area's label dictionaries."""
    return render_template(f"consultations/manage/{template}", **LABELS, **context)


@manage_bp.get("/")
@manager_required
def index():
    stmt = access.limit_to_managed(editing.staff_consultations(select(Consultation)))
    page = paginate(stmt, request.args.get("page", 1, type=int) or 1)
    counts = editing.staff_comment_counts([c.id for c in page.items])
    return render("index.html", page=page, counts=counts, now=utcnow())


def _new_form() -> ConsultationForm:
    if request.method == "POST":
        return ConsultationForm(user=current_user)
    next_year = to_local(utcnow()).year + 1
    own = current_user.managed_institutions
    return ConsultationForm(user=current_user, data={
        "kind": ANNUAL, "year": next_year, "participation": EVERYONE,
        "moderation": POST_MODERATION,
        "contact_name": current_user.full_name, "contact_email": current_user.email,
        "institution_id": own[0].id if len(own) == 1 else None,
    })


@manage_bp.route("/new", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def new():
    if not current_user.is_staff and not current_user.managed_institutions:
        abort(403)
    form = _new_form()
    if form.validate_on_submit() and not form.needs_confirmation:
        consultation = editing.apply_consultation_data(
            Consultation(slug=None), form.consultation_data(), author=current_user)
        db.session.add(consultation)
        db.session.commit()
        flash(_("The consultation is saved as a draft. Add the sections of the draft, then "
                "announce it."), "success")
        return redirect(url_for(".overview", consultation_id=consultation.id))
    return render("form.html", form=form, consultation=None)


@manage_bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def edit(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    data = consultation_initial_data(consultation) if request.method == "GET" else None
    form = ConsultationForm(user=current_user, consultation=consultation, data=data)
    if request.method == "POST":
        try:
            services.check_details_editable(consultation)
        except services.ConsultationError as error:
            flash(str(error), "error")
            return redirect(url_for(".overview", consultation_id=consultation.id))
    if form.validate_on_submit() and not form.needs_confirmation:
        editing.apply_consultation_data(consultation, form.consultation_data())
        change = periods.record_change(consultation, form.period_review,
                                       form.period_reason.data or "", current_user)
        db.session.commit()
        flash(_("The consultation is saved."), "success")
        if change is not None:
            flash(_("The new deadline and its reason are shown on the consultation's page; "
                    "its followers are told."), "info")
        return redirect(url_for(".overview", consultation_id=consultation.id))
    return render("form.html", form=form, consultation=consultation)


@manage_bp.get("/<int:consultation_id>/")
@manager_required
def overview(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    now = utcnow()
    return render(
        "overview.html", consultation=consultation, status=consultation.status_at(now),
        counts=editing.staff_comment_counts([consultation.id])[consultation.id],
        warnings=editing.announcement_warnings(consultation),
        missing=editing.missing_elements(consultation),
        attachments=editing.attachments_of(consultation),
        last_moment=consultation.last_moment,
        blockers=services.report_blockers(consultation, now), form=ButtonForm())


@manage_bp.post("/<int:consultation_id>/announce")
@manager_required
def announce(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    if consultation.announced_at is not None:
        flash(_("The consultation is already announced."), "info")
    else:
        services.announce(consultation)
        db.session.commit()
        flash(_("The consultation is announced: its page is public and comments are accepted "
                "from the opening time."), "success")
    return redirect(url_for(".overview", consultation_id=consultation.id))


# ---------------------------------------------------------------- attachments


@manage_bp.route("/<int:consultation_id>/attachments", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def attachments(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    form = AttachmentForm()
    max_mb = current_app.config["CONSULTATIONS_MAX_ATTACHMENT_MB"]
    if form.validate_on_submit():
        upload = form.document.data
        try:
            editing.add_attachment(consultation, form.title.data, upload.filename or "",
                                   upload.read(max_mb * 1024 * 1024 + 1), max_mb * 1024 * 1024)
        except ConsultationError as error:
            form.document.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The file is attached."), "success")
            return redirect(url_for(".attachments", consultation_id=consultation.id))
    return render("attachments.html", consultation=consultation, form=form, max_mb=max_mb,
                  attachments=editing.attachments_of(consultation), button=ButtonForm())


@manage_bp.post("/<int:consultation_id>/attachments/<int:attachment_id>/delete")
@manager_required
def delete_attachment(consultation_id, attachment_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    attachment = db.get_or_404(ConsultationAttachment, attachment_id)
    if attachment.consultation_id != consultation.id:
        abort(404)
    db.session.delete(attachment)
    db.session.commit()
    flash(_("The file “%(title)s” is removed.", title=attachment.title), "success")
    return redirect(url_for(".attachments", consultation_id=consultation.id))
