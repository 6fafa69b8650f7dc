"""A commenter's pages: the comment form, sending, changing and withdrawing a comment,
reporting someone else's to the moderators, and asking again for the link that confirms
the account's address.

Every action needs a signed-in person with a confirmed e-mail address; a comment sent
after the session ended waits in the session until the person signs in again.
"""

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from consult.auth import services as auth_services
from consult.consultations import bp, kept, services
from consult.consultations.access import shown_consultation_or_404
from consult.consultations.forms.public import (
    FlagForm,
    comment_form,
    edited_comment_data,
    initial_comment_data,
)
from consult.consultations.models import (
    Comment,
    CommentFlag,
    CommentStatus,
    Consultation,
)
from consult.consultations.page import comment_url, deadline_notice, section_id_from
from consult.consultations.queries import SectionChoice
from consult.core.antibot import AntibotForm
from consult.core.database import commit_keeping_loaded
from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form
from consult.core.visitors import account_or_address_key
from consult.extensions import db, limiter


def _chosen_section(consultation: Consultation, value) -> SectionChoice | None:
    return kept.section_choice(consultation, section_id_from(value))


def _render_form(consultation: Consultation, form, *, status: int = 200, error=None,
                 comment: Comment | None = None, section=None, fields=None):
    """The comment form page; ``fields``: the blank form's fields, already rendered for
    everyone, with ``form`` carrying only the CSRF token and ``section`` the part chosen."""
    if fields is None:
        section = _chosen_section(consultation, form.section.data)
    wording = kept.COMMENT_WORDING.render(
        (consultation.id, consultation.slug, section and section.id, comment is not None),
        lambda: render_template(
            "consultations/public/_comment_wording.html", consultation=consultation,
            section=section, sections=kept.section_choices(consultation),
            editing=comment is not None))
    return render_template(
        "consultations/public/comment_form.html", consultation=consultation, form=form,
        error=error, comment=comment, deadline=deadline_notice(consultation), wording=wording,
        fields=fields,
    ), status


def _blank_form(consultation: Consultation, section: SectionChoice | None):
    """The form of someone with nothing to fill in yet (no remembered organisation, no
    draft waiting in the session): the same for everyone, so its fields are rendered once
    per part of the draft until the consultation, its sections or its institution change."""
    value = str(section.id) if section else ""

    def build() -> str:
        form = comment_form(consultation, data=initial_comment_data(consultation, value, None))
        return render_template("consultations/public/_comment_fields.html", form=form,
                               consultation=consultation, comment=None)

    fields = kept.COMMENT_FIELDS.render((consultation.id, value), build)
    return _render_form(consultation, AntibotForm(), section=section, fields=fields)


# A comment sent after the session ended waits in the (signed cookie) session until the
# person signs in again; cookies hold about 4 kB, so a longer text is shown back to copy.
DRAFT_KEY = "comment_draft"
DRAFT_FIELDS = ("section", "body", "proposed_text", "justification", "on_behalf",
                "organisation_name", "organisation_krs", "organisation_register")
MAX_DRAFT_CHARS = 1500


def _keep_draft(consultation: Consultation):
    draft = {name: request.form.get(name, "") for name in DRAFT_FIELDS}
    if sum(len(value) for value in draft.values()) > MAX_DRAFT_CHARS:
        return render_template("consultations/public/session_ended.html",
                               consultation=consultation, draft=draft), 401
    session[DRAFT_KEY] = {"slug": consultation.slug, **draft}
    flash(_("Your session has ended. Sign in again: the comment you typed will be waiting in "
            "the form."), "info")
    return redirect(url_for("auth.login", next=url_for(".comment_form", slug=consultation.slug)))


def _restored_draft(consultation: Consultation) -> dict:
    draft = session.pop(DRAFT_KEY, None)
    if not draft or draft.get("slug") != consultation.slug:
        return {}
    flash(_("We kept the comment you typed before signing in: check it and send it."), "info")
    return {name: draft.get(name, "") for name in DRAFT_FIELDS}


def _login_to_comment(consultation: Consultation, section: str | None = None):
    flash(_("Sign in to comment. If you have no account yet, create one: it takes a minute."),
          "info")
    return redirect(url_for("auth.login", next=url_for(
        ".comment_form", slug=consultation.slug, section=section or None)))


def _unverified_page(consultation: Consultation, status: int = 200, section: str = ""):
    return render_template("consultations/public/verify_first.html",
                           consultation=consultation, section=section), status


@bp.get("/<slug>/comment", endpoint="comment_form")
def comment_form_page(slug):
    """The comment form; ?section= chooses the part and shows its current wording."""
    consultation = shown_consultation_or_404(slug)
    section_value = request.args.get("section", "")
    if not current_user.is_authenticated:
        return _login_to_comment(consultation, section_value)
    if not current_user.email_verified:
        return _unverified_page(consultation, section=section_value)
    section = _chosen_section(consultation, section_value)
    draft = _restored_draft(consultation)
    remembered = services.remembered_organisation(current_user)
    error = services.refusal(consultation, current_user)
    if error is None and not draft and remembered is None:
        return _blank_form(consultation, section)
    data = {**initial_comment_data(consultation, section_value if section else "", remembered),
            **draft}
    return _render_form(consultation, comment_form(consultation, data=data), error=error)


@bp.post("/<slug>/comments")
@csrf_checked_by_form
# A meeting of 30 people commenting from one office address must get through; one
# account (a script behind it) is held to what a person writes.
@limiter.limit("60/minute;600/hour", methods=["POST"])
@limiter.limit("10/minute;60/hour", key_func=account_or_address_key, methods=["POST"])
def comments(slug):
    consultation = shown_consultation_or_404(slug)
    if not current_user.is_authenticated:
        if request.form.get("body", "").strip():
            return _keep_draft(consultation)
        return _login_to_comment(consultation, request.form.get("section"))
    if not current_user.email_verified:
        return _unverified_page(consultation, 403)
    form = comment_form(consultation)
    error = services.refusal(consultation, current_user)
    if form.validate_on_submit() and error is None:
        try:
            comment = services.submit_comment(consultation, current_user, form.comment_data())
        except services.ConsultationError as exc:
            error = str(exc)
        else:
            listed_at = comment_url(consultation, comment, current_user.id)  # counts it
            commit_keeping_loaded()
            if comment.status == CommentStatus.PENDING:
                flash(_("Thank you. Your comment has been received and waits for the "
                        "moderator's approval; until then only you can see it. We have sent "
                        "you a copy by e-mail."), "success")
            else:
                flash(_("Thank you. Your comment has been published. We have sent you a copy "
                        "by e-mail."), "success")
            return redirect(listed_at)
    return _render_form(consultation, form, status=409 if error else 200, error=error)


def _comment_or_404(consultation: Consultation, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.consultation_id != consultation.id:
        abort(404)
    return comment


def _own_comment(slug: str, comment_id: int) -> tuple[Consultation, Comment]:
    consultation = shown_consultation_or_404(slug)
    comment = _comment_or_404(consultation, comment_id)
    if comment.author_id != current_user.id:
        abort(403)
    return consultation, comment


def _comment_anchor(consultation: Consultation, comment: Comment):
    return redirect(comment_url(consultation, comment, current_user.id))


@bp.route("/<slug>/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
@limiter.limit("60/minute;600/hour", methods=["POST"])
@limiter.limit("20/minute;100/hour", key_func=account_or_address_key, methods=["POST"])
def edit_comment(slug, comment_id):
    consultation, comment = _own_comment(slug, comment_id)
    can_change = services.can_change(comment, current_user)
    if request.method == "GET":
        if not can_change:
            flash(_("This comment can no longer be changed."), "error")
            return _comment_anchor(consultation, comment)
        form = comment_form(consultation, data=edited_comment_data(comment))
        return _render_form(consultation, form, comment=comment)
    form = comment_form(consultation)
    error = None if can_change else (services.refusal(consultation, current_user)
                                     or _("This comment can no longer be changed."))
    if form.validate_on_submit() and error is None:
        try:
            services.edit_comment(comment, current_user, form.comment_data())
        except services.ConsultationError as exc:
            db.session.rollback()
            error = str(exc)
        else:
            db.session.commit()
            if comment.status == CommentStatus.PENDING:
                flash(_("Your comment has been changed. It waits for the moderator's approval "
                        "again."), "success")
            else:
                flash(_("Your comment has been changed."), "success")
            return _comment_anchor(consultation, comment)
    return _render_form(consultation, form, status=409 if error else 200, error=error,
                        comment=comment)


@bp.route("/<slug>/comments/<int:comment_id>/withdraw", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def withdraw_comment(slug, comment_id):
    consultation, comment = _own_comment(slug, comment_id)
    if not services.can_change(comment, current_user):
        flash(_("This comment can no longer be withdrawn."), "error")
        return _comment_anchor(consultation, comment)
    form = ButtonForm()
    if form.validate_on_submit():
        services.withdraw_comment(comment, current_user)
        db.session.commit()
        flash(_("Your comment has been withdrawn. Its place in the record says so."), "success")
        return _comment_anchor(consultation, comment)
    return render_template("consultations/public/withdraw.html", consultation=consultation,
                           comment=comment, form=form)


@bp.route("/<slug>/comments/<int:comment_id>/report", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
@limiter.limit("60/minute;600/hour", methods=["POST"])
@limiter.limit("10/minute;30/hour", key_func=account_or_address_key, methods=["POST"])
def flag_comment(slug, comment_id):
    consultation = shown_consultation_or_404(slug)
    comment = _comment_or_404(consultation, comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        abort(404)
    already = db.session.scalar(select(CommentFlag.id).where(
        CommentFlag.comment_id == comment.id, CommentFlag.user_id == current_user.id))
    if already is not None:
        flash(_("You have already reported this comment. The moderators will look at it."),
              "info")
        return _comment_anchor(consultation, comment)
    form = FlagForm()
    if form.validate_on_submit():
        services.flag_comment(comment, current_user, form.reason.data)
        db.session.commit()
        flash(_("Thank you. The moderators will look at the comment."), "success")
        return _comment_anchor(consultation, comment)
    return render_template("consultations/public/flag.html", consultation=consultation,
                           comment=comment, form=form)


@bp.post("/<slug>/verify-email")
@limiter.limit("30/minute;200/hour", methods=["POST"])
@limiter.limit("3/minute;10/hour", key_func=account_or_address_key, methods=["POST"])
def resend_verification(slug):
    """Send the link that confirms the account's address again (from the comment form)."""
    consultation = shown_consultation_or_404(slug)
    section = request.args.get("section") or None
    if not current_user.is_authenticated:
        return _login_to_comment(consultation, section)
    form_url = url_for(".comment_form", slug=consultation.slug, section=section)
    if not current_user.email_verified:
        auth_services.send_verification(current_user, form_url)
        db.session.commit()
        flash(_("We have sent you a new link. Open it, then come back to comment."), "success")
    return redirect(form_url)
