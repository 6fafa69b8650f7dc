"""Staff: moderation and answers in one table of comments in document order; one answer
for several comments that say the same (ticked in the table, no JavaScript needed).

Every action redirects back to the same filters and to the row it changed
(``#comment-<id>``); a form with an error re-shows the table with what was typed. Comments
are named by their number (``Comment.number``), the one the report and the e-mails use.
"""

from collections.abc import Callable

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from consult.consultations import access, editing, manage_bp, services
from consult.consultations.choices import PLATFORM
from consult.consultations.forms.manage import AnswerForm, HideForm, answer_together_form
from consult.consultations.models import (
    Comment,
    CommentStatus,
    CommentStatusChange,
    Consultation,
    Decision,
)
from consult.consultations.paper_comments import scans_of
from consult.consultations.report import is_late
from consult.consultations.routes.manage_consultations import render
from consult.consultations.services import ConsultationError
from consult.core.forms import ButtonForm
from consult.core.permissions import manager_required
from consult.core.security import csrf_checked_by_form
from consult.core.status_history import StatusChange
from consult.extensions import db

ATTENTION_FIRST, DOCUMENT_ORDER = "attention", "document"


def _filters(consultation: Consultation) -> dict[str, str]:
    """The table's filters from the query string, unknown values dropped."""
    args, filters = request.args, {}
    if args.get("status") in tuple(CommentStatus):
        filters["status"] = args["status"]
    if args.get("decision") in (*Decision, editing.UNANSWERED):
        filters["decision"] = args["decision"]
    section = args.get("section", "")
    if section == editing.WHOLE_DOCUMENT or (
            section.isdigit() and any(str(s.id) == section for s in consultation.sections)):
        filters["section"] = section
    if args.get("order") == DOCUMENT_ORDER:
        filters["order"] = DOCUMENT_ORDER
    return filters


def _comment_or_404(consultation: Consultation, comment_id: int) -> Comment:
    comment = editing.comment_in(consultation, comment_id)
    if comment is None:
        abort(404)
    return comment


def _flash_done(comment: Comment, unnumbered: str, numbered: Callable[[int], str]) -> None:
    """Tell staff what was done, naming the comment by its number. A comment gets its
    number when it is first published, so one answered, hidden or reported while it waited
    for a moderator has none: the message then names no number."""
    flash(unnumbered if comment.number is None else numbered(comment.number), "success")


def _back(consultation: Consultation, comment: Comment):
    return redirect(url_for(".comments", consultation_id=consultation.id,
                            **_filters(consultation), _anchor=f"comment-{comment.id}"))


def _status_histories(consultation: Consultation) -> dict[int, list[StatusChange]]:
    """Each comment's status changes (moderation, withdrawal, a change by its author) with
    who made them, by comment id, in one query."""
    histories: dict[int, list[StatusChange]] = {}
    for change in db.session.scalars(
            select(CommentStatusChange)
            .join(Comment, CommentStatusChange.comment_id == Comment.id)
            .where(Comment.consultation_id == consultation.id)
            .options(joinedload(CommentStatusChange.actor))
            .order_by(CommentStatusChange.id)):
        histories.setdefault(change.comment_id, []).append(StatusChange(
            change.at, change.old_status, change.new_status, change.actor, change.reason))
    return histories


def _table(consultation: Consultation, failed_id: int | None = None, answer_form=None,
           hide_form=None, together_form=None):
    filters = _filters(consultation)
    rows = editing.comment_table(
        consultation, status=filters.get("status"), decision=filters.get("decision"),
        section=filters.get("section"), attention_first=filters.get("order") != DOCUMENT_ORDER)
    if together_form is None:
        together_form = answer_together_form([], formdata=None)
    return render(
        "comments.html", consultation=consultation, rows=rows, filters=filters,
        counts=editing.staff_comment_counts([consultation.id])[consultation.id],
        read_only=editing.is_answering_closed(consultation), button=ButtonForm(),
        failed_id=failed_id, answer_form=answer_form, hide_form=hide_form,
        blank_hide=HideForm(formdata=None), together=together_form,
        selected=set(together_form.comments.data or ()), scans=scans_of(consultation),
        is_late=is_late, platform=PLATFORM, histories=_status_histories(consultation),
        statuses=CommentStatus, decisions=Decision,
        unanswered=editing.UNANSWERED, whole_document=editing.WHOLE_DOCUMENT,
        document_order=DOCUMENT_ORDER)


@manage_bp.get("/<int:consultation_id>/comments")
@manager_required
def comments(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    return _table(consultation)


@manage_bp.post("/<int:consultation_id>/comments/<int:comment_id>/answer")
@csrf_checked_by_form
@manager_required
def answer(consultation_id, comment_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    comment = _comment_or_404(consultation, comment_id)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            services.answer_comment(comment, current_user, form.decision.data,
                                    form.decision_text.data)
        except ConsultationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            _flash_done(comment, _("The answer is saved."),
                        lambda num: _("The answer to comment no. %(num)d is saved.", num=num))
        return _back(consultation, comment)
    return _table(consultation, failed_id=comment.id, answer_form=form)


@manage_bp.post("/<int:consultation_id>/comments/answer-together")
@csrf_checked_by_form
@manager_required
def answer_together(consultation_id):
    """The same decision and justification for every ticked comment."""
    consultation = access.managed_consultation_or_404(consultation_id)
    answerable = {row.comment.id: row.comment
                  for row in editing.comment_table(consultation, status=CommentStatus.PUBLISHED)}
    form = answer_together_form(list(answerable))
    if form.validate_on_submit():
        chosen = [answerable[comment_id] for comment_id in form.comments.data]
        try:
            services.answer_comments(chosen, current_user, form.decision.data,
                                     form.decision_text.data)
        except ConsultationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            numbers = ", ".join(str(comment.number) for comment in chosen)
            flash(ngettext("The answer to comment no. %(list)s is saved.",
                           "The same answer to comments no. %(list)s is saved.",
                           len(chosen), list=numbers), "success")
        return redirect(url_for(".comments", consultation_id=consultation.id,
                                **_filters(consultation)))
    return _table(consultation, together_form=form)


@manage_bp.post("/<int:consultation_id>/comments/<int:comment_id>/hide")
@csrf_checked_by_form
@manager_required
def hide_comment(consultation_id, comment_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    comment = _comment_or_404(consultation, comment_id)
    form = HideForm()
    if form.validate_on_submit():
        try:
            services.hide_comment(comment, current_user, form.reason.data)
        except ConsultationError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            _flash_done(comment, _("The comment is hidden; the reason is shown in its place."),
                        lambda num: _("Comment no. %(num)d is hidden; the reason is shown in "
                                      "its place.", num=num))
        return _back(consultation, comment)
    return _table(consultation, failed_id=comment.id, hide_form=form)


@manage_bp.post("/<int:consultation_id>/comments/<int:comment_id>/publish")
@manager_required
def publish_comment(consultation_id, comment_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    comment = _comment_or_404(consultation, comment_id)
    try:
        services.publish_comment(comment, current_user)
    except ConsultationError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Comment no. %(num)d is published.", num=comment.number), "success")
    return _back(consultation, comment)


@manage_bp.post("/<int:consultation_id>/comments/<int:comment_id>/dismiss-flags")
@manager_required
def dismiss_flags(consultation_id, comment_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    comment = _comment_or_404(consultation, comment_id)
    services.dismiss_flags(comment)
    db.session.commit()
    _flash_done(comment, _("The reports are dismissed; the comment stays as it is."),
                lambda num: _("The reports about comment no. %(num)d are dismissed; the "
                              "comment stays as it is.", num=num))
    return _back(consultation, comment)
