"""Staff: entering a comment received outside the platform (paper_comments.py has the
rules) and downloading the scan stored with it."""

import io

from flask import abort, current_app, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import undefer

from consult.consultations import access, editing, manage_bp, services
from consult.consultations.forms.manage import paper_comment_form
from consult.consultations.models import CommentScan
from consult.consultations.paper_comments import Receipt, ReceiptError, Scan, enter_comment
from consult.consultations.report import is_late
from consult.consultations.routes.manage_consultations import render
from consult.consultations.services import ConsultationError
from consult.core.permissions import manager_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db


@manage_bp.route("/<int:consultation_id>/comments/received", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def add_paper_comment(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    form = paper_comment_form(consultation)
    max_mb = current_app.config["CONSULTATIONS_MAX_ATTACHMENT_MB"]
    if form.validate_on_submit():
        upload = form.scan.data
        scan = None
        if upload and upload.filename:
            scan = Scan(upload.filename, upload.read(max_mb * 1024 * 1024 + 1))
        receipt = Receipt(form.channel.data, form.received_on.data, form.author_name.data,
                          form.before_opening.data)
        try:
            comment = enter_comment(consultation, current_user, form.comment_data(), receipt,
                                    scan, max_mb * 1024 * 1024)
        except ReceiptError as error:
            form[error.field].errors.append(str(error))
        except ConsultationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            if is_late(comment):
                flash(_("Comment no. %(num)d is added. It was received after the deadline: "
                        "the report marks it as late.", num=comment.number), "success")
            else:
                flash(_("Comment no. %(num)d is added.", num=comment.number), "success")
            return redirect(url_for(".comments", consultation_id=consultation.id,
                                    _anchor=f"comment-{comment.id}"))
    return render("paper_comment.html", consultation=consultation, form=form, max_mb=max_mb,
                  opens_on=services.opens_on(consultation),
                  closes_on=services.closes_on(consultation))


@manage_bp.get("/<int:consultation_id>/comments/<int:comment_id>/scan")
@manager_required
def comment_scan(consultation_id, comment_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    comment = editing.comment_in(consultation, comment_id)
    scan = comment and db.session.scalar(
        select(CommentScan).where(CommentScan.comment_id == comment.id)
        .options(undefer(CommentScan.data)))
    if scan is None:
        abort(404)
    response = send_file(io.BytesIO(scan.data), mimetype=scan.content_type,
                         as_attachment=True, download_name=scan.filename)
    response.headers["Cache-Control"] = "private, no-store"  # personal data
    return response
