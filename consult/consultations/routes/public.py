"""Public pages of consultations: the list, a consultation's page and print view, its
attachments, comments (send, change, withdraw, report to the moderators) and the Atom feed.

Only announced consultations are public; the staff and the managers of the institution see
a draft too. Comment actions need a signed-in person with a confirmed e-mail address.
"""

import io
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import undefer

from consult.auth import services as auth_services
from consult.consultations import bp, editing, following, mail, queries, services
from consult.consultations.forms import public as forms
from consult.consultations.models import (
    DECISION_LABELS,
    KIND_LABELS,
    ORGANISATION,
    ORGANISATIONS_ONLY,
    PARTICIPATION_LABELS,
    PUBLIC_STATUSES,
    STATUS_LABELS,
    Comment,
    CommentFlag,
    CommentStatus,
    Consultation,
    ConsultationAttachment,
    ConsultationStatus,
    Decision,
    PeriodChange,
    Section,
)
from consult.core.antibot import AntibotForm
from consult.core.database import commit_keeping_loaded
from consult.core.datetext import format_clock, format_day
from consult.core.documents import file_size, file_type
from consult.core.forms import ButtonForm
from consult.core.fragments import shared_fragment
from consult.core.http import conditional_response
from consult.core.pagination import Page, paginate
from consult.core.request_data import bounded_int
from consult.core.security import csrf_checked_by_form
from consult.core.text import export_text
from consult.core.timeutil import as_utc, utcnow
from consult.core.urls import external_url
from consult.core.visitors import account_or_address_key
from consult.events.models import Event
from consult.extensions import db, limiter
from consult.institutions.models import Institution
from consult.institutions.services import display_name
from consult.manage import notifications as staff_notices

WHOLE_DOCUMENT = queries.WHOLE_DOCUMENT  # ?section= value: the whole document
# What a consultation's page shows besides the follow box: the consultation, its sections,
# comments and attachments, the changes of its deadline, its authority and its meetings.
PAGE_READS = (Consultation, Section, Comment, ConsultationAttachment, PeriodChange, Institution,
              Event)


# --- helpers shared by the templates ------------------------------------------------------


def _day_and_time(value: datetime) -> tuple[str, str]:
    return format_day(value), format_clock(value)


def deadline(consultation: Consultation, now: datetime | None = None) -> dict:
    """What the top of the page says about the period: the message and the days left."""
    now = now or utcnow()
    status = consultation.status_at(now)
    last_day, last_time = _day_and_time(services.last_moment(consultation))
    info = {"status": status, "days_left": None}
    if status == ConsultationStatus.OPEN:
        info["message"] = _("Comments until %(day)s, %(time)s", day=last_day, time=last_time)
        left = services.days_left(consultation, now)
        info["days_left"] = left
        info["left"] = (_("Today is the last day.") if left <= 0 else
                        ngettext("%(num)d day left", "%(num)d days left", left))
    elif status in (ConsultationStatus.PLANNED, ConsultationStatus.DRAFT):
        first_day, first_time = _day_and_time(consultation.opens_at)
        info["message"] = _(
            "Comments will be accepted from %(start_day)s, %(start_time)s until %(day)s, "
            "%(time)s.", start_day=first_day, start_time=first_time, day=last_day,
            time=last_time)
    elif status == ConsultationStatus.CLOSED:
        info["message"] = _("The consultation closed on %(day)s, %(time)s. The report is being "
                            "prepared.", day=last_day, time=last_time)
    else:
        info["message"] = _("The consultation closed on %(day)s, %(time)s. The report has been "
                            "published.", day=last_day, time=last_time)
    return info


@bp.context_processor
def _template_helpers() -> dict:
    return {
        "opens_on": services.opens_on,
        "closes_on": services.closes_on,
        "public_author": services.public_author,
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
        "decision_labels": DECISION_LABELS,
        "participation_labels": PARTICIPATION_LABELS,
        "file_size": file_size,
        "file_type": file_type,
        "institution_name": display_name,
    }


def _can_preview(consultation: Consultation) -> bool:
    return current_user.is_authenticated and current_user.can_manage_institution(
        consultation.institution)


def _consultation_or_404(slug: str, query=queries.bare_consultation_by_slug) -> Consultation:
    consultation = db.session.scalars(query(), {"slug": slug}).first()
    if consultation is None or (consultation.announced_at is None
                                and not _can_preview(consultation)):
        abort(404)
    return consultation


def _viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


# --- the list -----------------------------------------------------------------------------


@bp.get("/")
def index():
    status = request.args.get("status") if request.args.get("status") in PUBLIC_STATUSES else None
    institution = queries.institution_by_teryt(request.args.get("institution"))
    page = paginate(queries.listed_consultations(status, institution),
                    request.args.get("page", 1, type=int))
    return render_template(
        "consultations/public/index.html", page=page, status=status, institution=institution,
        counts=queries.comment_counts([c.id for c in page.items]),
        institutions=queries.institutions_consulting(), statuses=PUBLIC_STATUSES, now=utcnow(),
    )


# --- a consultation's page ------------------------------------------------------------------


@dataclass
class TocEntry:
    section: Section
    children: list[Section]


def table_of_contents(sections: list[Section]) -> list[TocEntry]:
    """Chapters with their paragraphs; a paragraph before any chapter stands on its own."""
    toc: list[TocEntry] = []
    for section in sections:
        if section.level > 1 and toc:
            toc[-1].children.append(section)
        else:
            toc.append(TocEntry(section, []))
    return toc


def _section_id(value) -> int | None:
    """A section id typed into the query string or a form; None for anything else."""
    try:
        return bounded_int(value)
    except (TypeError, ValueError):
        return None


def _section_filter(value: str | None, sections: list[Section]) -> int | str | None:
    if value == WHOLE_DOCUMENT:
        return WHOLE_DOCUMENT
    section_id = _section_id(value)
    if section_id is not None and any(s.id == section_id for s in sections):
        return section_id
    return None


@dataclass
class CommentsShown:
    """What the page lists under the draft: ``sections`` as (section, its comments here, or
    None when collapsed to a count and a link), ``document`` the comments on the whole
    document (None: that block is not shown), ``page`` the page of a filtered list."""

    sections: list[tuple[Section, list[Comment] | None]]
    document: list[Comment] | None
    page: Page | None = None

    @property
    def comments(self) -> list[Comment]:
        return [c for _s, items in self.sections for c in items or ()] + (self.document or [])


def _comments_shown(consultation: Consultation, counts: queries.CommentCounts,
                    viewer_id: int | None, part: int | str | None,
                    decision: str | None) -> CommentsShown:
    """Unfiltered: every comment under its section (up to INLINE_LIMIT of them), or only
    counts and links (more). Filtered by part or decision: one page of the matching
    comments, read with SQL filters."""
    sections = consultation.sections
    if part is None and decision is None:
        if counts.collapsed:
            return CommentsShown([(s, None) for s in sections], None)
        grouped = queries.group_comments(queries.visible_comments(consultation, viewer_id),
                                         {s.id for s in sections})
        return CommentsShown([(s, grouped.of(s.id)) for s in sections], grouped.of(None))
    page = paginate(queries.comments_of_part(consultation, viewer_id, part, decision),
                    request.args.get("page", 1, type=int), queries.COMMENTS_PER_PAGE)
    grouped = queries.group_comments(page.items, {s.id for s in sections})
    if part is None:
        # One decision in every part: the sections with a matching comment on this page;
        # the whole document's block (last in document order) once its comments come, or
        # on the last page to say there are none.
        shown = [(s, grouped.of(s.id)) for s in sections if grouped.of(s.id)]
        document = grouped.of(None)
        return CommentsShown(shown, document if document or page.page >= page.pages
                             else None, page)
    if part == WHOLE_DOCUMENT:
        return CommentsShown([], grouped.of(None), page)
    return CommentsShown([(s, grouped.of(s.id)) for s in sections if s.id == part],
                         None, page)


def _list_anchor(part: int | str | None) -> str:
    """Where a link to a part's comments (or a page of them) lands."""
    if part == WHOLE_DOCUMENT:
        return "document-comments"
    if part is not None:
        return f"section-{part}-comments"
    return "matching-comments"


def _linked_comment(consultation: Consultation, viewer_id: int | None) -> Comment | None:
    """The comment a lasting link (``?comment=<id>``, e.g. in an e-mail) points at, when the
    viewer may see it."""
    comment_id = request.args.get("comment", type=int)
    if comment_id is None:
        return None
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.consultation_id != consultation.id:
        return None
    return comment if queries.is_shown_to(comment, viewer_id) else None


@bp.get("/<slug>/")
def detail(slug):
    """The draft with its comments. Few comments are all shown under their sections; many
    (over ``queries.INLINE_LIMIT``) are counted per section with a link to that section's
    comments, so the page costs the same however many there are (the print view has them
    all). ``?section=`` and ``?decision=`` list the matching comments, 100 a page;
    ``?comment=<id>`` redirects to wherever that comment is listed."""
    heading = db.session.execute(queries.heading_by_slug(), {"slug": slug}).first()
    if heading is None:
        abort(404)
    viewer_id = _viewer_id()
    following_it = False
    if viewer_id is None and heading.announced_at is not None and "comment" not in request.args:
        # Everyone who is not signed in sees the same page: kept between changes.
        body = shared_fragment(
            ("consultation", heading.id, request.full_path), PAGE_READS,
            lambda: _detail_body(_consultation_or_404(slug, queries.consultation_by_slug),
                                 None))
    else:
        consultation = _consultation_or_404(slug, queries.consultation_by_slug)
        linked = _linked_comment(consultation, viewer_id)
        if linked is not None:
            return redirect(_comment_url(consultation, linked))
        body = Markup(_detail_body(consultation, viewer_id))  # noqa: S704 - our template
        following_it = _signed_in_verified() and following.is_following(current_user,
                                                                         consultation)
    return render_template(
        "consultations/public/detail.html", heading=heading, body=body, following=following_it,
        follow_form=ButtonForm() if _signed_in_verified() else forms.FollowForm(formdata=None),
    )


def _signed_in_verified() -> bool:
    return current_user.is_authenticated and current_user.email_verified


def _detail_body(consultation: Consultation, viewer_id: int | None) -> str:
    """The page without its follow box, as the viewer sees it."""
    now = utcnow()
    sections = consultation.sections
    counts = queries.comment_counts_by_section(consultation, viewer_id,
                                               {s.id for s in sections})
    answers_public = consultation.report_published_at is not None
    chosen_section = _section_filter(request.args.get("section"), sections)
    decision = request.args.get("decision")
    decision = decision if answers_public and decision in tuple(Decision) else None
    shown = _comments_shown(consultation, counts, viewer_id, chosen_section, decision)
    changeable = {c.id for c in shown.comments if c.author_id == viewer_id
                  and viewer_id is not None and services.can_change(c, current_user, now)}
    return render_template(
        "consultations/public/_detail_body.html", consultation=consultation, now=now,
        status=consultation.status_at(now), deadline=deadline(consultation, now),
        toc=table_of_contents(sections), counts=counts, shown=shown.sections,
        document_comments=shown.document, page=shown.page, collapsed=counts.collapsed,
        list_anchor=_list_anchor(chosen_section), chosen_section=chosen_section,
        decision=decision, decisions=tuple(Decision), answers_public=answers_public,
        filtered=chosen_section is not None or decision is not None,
        matching_count=shown.page.total if shown.page else 0,
        checklist=editing.checklist(consultation) if consultation.is_programme else None,
        meetings=[m for m in consultation.meetings if m.is_published or m.is_cancelled],
        changeable=changeable, viewer_id=viewer_id, whole_document=WHOLE_DOCUMENT,
    )


@bp.get("/<slug>/print")
def print_view(slug):
    consultation = _consultation_or_404(slug, queries.consultation_by_slug)
    now = utcnow()
    comments = queries.visible_comments(consultation, None)
    return render_template(
        "consultations/public/print.html", consultation=consultation, now=now,
        deadline=deadline(consultation, now),
        grouped=queries.group_comments(comments, {s.id for s in consultation.sections}),
        answers_public=consultation.report_published_at is not None,
    )


@bp.get("/<slug>/attachments/<int:attachment_id>/<filename>")
def attachment(slug, attachment_id, filename):
    consultation = _consultation_or_404(slug)
    found = db.session.get(ConsultationAttachment, attachment_id,
                           options=[undefer(ConsultationAttachment.data)])
    if found is None or found.consultation_id != consultation.id:
        abort(404)
    return send_file(io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True,
                     download_name=found.filename, max_age=300)


# --- comments -------------------------------------------------------------------------------


def _prefill(consultation: Consultation, section_id: str,
             remembered: tuple[str, str] | None) -> dict:
    data = {"section": section_id, "on_behalf": "self"}
    if remembered is not None:
        data.update(on_behalf=ORGANISATION, organisation_name=remembered[0],
                    organisation_krs=remembered[1])
    if consultation.participation == ORGANISATIONS_ONLY:
        data["on_behalf"] = ORGANISATION
    return data


def _chosen_section(consultation: Consultation, value) -> queries.SectionChoice | None:
    return queries.section_choice(consultation, _section_id(value))


def _render_form(consultation: Consultation, form, *, status: int = 200, error=None,
                 comment: Comment | None = None, section=None, fields=None):
    """The comment form page; ``fields``: the blank form's fields, already rendered (kept),
    with ``form`` carrying only the CSRF token and ``section`` the part chosen."""
    if fields is None:
        section = _chosen_section(consultation, form.section.data)
    wording = shared_fragment(
        ("comment-wording", consultation.id, consultation.slug, section and section.id,
         comment is not None), (Section,),
        lambda: render_template(
            "consultations/public/_comment_wording.html", consultation=consultation, section=section,
            sections=queries.section_choices(consultation), editing=comment is not None),
        changes_at=())
    return render_template(
        "consultations/public/comment_form.html", consultation=consultation, form=form,
        error=error, comment=comment, deadline=deadline(consultation), wording=wording,
        fields=fields,
    ), status


def _blank_form(consultation: Consultation, section: queries.SectionChoice | None):
    """The form of someone with nothing to fill in yet (no remembered organisation, no kept
    draft): the same for everyone, so its fields are kept rendered per part of the draft
    until the consultation, its sections or its institution change."""
    value = str(section.id) if section else ""

    def build() -> str:
        form = forms.comment_form(consultation, data=_prefill(consultation, value, None))
        return render_template("consultations/public/_comment_fields.html", form=form,
                               consultation=consultation, comment=None)

    fields = shared_fragment(("comment-fields", consultation.id, value),
                             (Consultation, Section, Institution), build, changes_at=())
    return _render_form(consultation, AntibotForm(), section=section, fields=fields)


# A comment sent after the session ended is kept in the (signed cookie) session until the
# person signs in again; cookies hold about 4 kB, so a longer text is shown back to copy.
DRAFT_KEY = "comment_draft"
DRAFT_FIELDS = ("section", "body", "proposed_text", "justification", "on_behalf",
                "organisation_name", "organisation_krs", "organisation_register")
MAX_DRAFT_CHARS = 1500


def _keep_draft(consultation: Consultation):
    draft = {name: request.form.get(name, "") for name in DRAFT_FIELDS}
    if sum(len(value) for value in draft.values()) > MAX_DRAFT_CHARS:
        return render_template("consultations/public/session_ended.html", consultation=consultation,
                               draft=draft), 401
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


@bp.get("/<slug>/comment")
def comment_form(slug):
    """The comment form; ?section= chooses the part and shows its current wording."""
    consultation = _consultation_or_404(slug)
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
    data = {**_prefill(consultation, section_value if section else "", remembered), **draft}
    return _render_form(consultation, forms.comment_form(consultation, data=data), error=error)


@bp.post("/<slug>/comments")
@csrf_checked_by_form
# A meeting of 30 people commenting from one office address must get through; one
# account (a script behind it) is held to what a person writes.
@limiter.limit("60/minute;600/hour", methods=["POST"])
@limiter.limit("10/minute;60/hour", key_func=account_or_address_key, methods=["POST"])
def comments(slug):
    consultation = _consultation_or_404(slug)
    if not current_user.is_authenticated:
        if request.form.get("body", "").strip():
            return _keep_draft(consultation)
        return _login_to_comment(consultation, request.form.get("section"))
    if not current_user.email_verified:
        return _unverified_page(consultation, 403)
    form = forms.comment_form(consultation)
    error = services.refusal(consultation, current_user)
    if form.validate_on_submit() and error is None:
        try:
            comment = services.submit_comment(consultation, current_user, form.comment_data())
        except services.ConsultationError as exc:
            error = str(exc)
        else:
            db.session.flush()
            mail.comment_received(comment, current_user, consultation,
                                  queries.section_choice(consultation, comment.section_id))
            listed_at = _comment_url(consultation, comment)  # counts what was just flushed
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
    consultation = _consultation_or_404(slug)
    comment = _comment_or_404(consultation, comment_id)
    if comment.author_id != current_user.id:
        abort(403)
    return consultation, comment


def _comment_url(consultation: Consultation, comment: Comment) -> str:
    """Where the page lists the comment: under its section when all comments are shown,
    otherwise on its page of its section's comments."""
    anchor = f"comment-{comment.id}"
    viewer_id = _viewer_id()
    known = queries.section_choice(consultation, comment.section_id) is not None
    part = comment.section_id if known else WHOLE_DOCUMENT
    number = queries.page_of_comment(consultation, viewer_id, comment, part)
    if number is None:
        return url_for(".detail", slug=consultation.slug, _anchor=anchor)
    return url_for(".detail", slug=consultation.slug, section=part,
                   page=number if number > 1 else None, _anchor=anchor)


def _comment_anchor(consultation: Consultation, comment: Comment):
    return redirect(_comment_url(consultation, comment))


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
        form = forms.comment_form(consultation, data={
            "section": str(comment.section_id or ""), "body": comment.body,
            "proposed_text": comment.proposed_text, "justification": comment.justification,
            "on_behalf": comment.on_behalf, "organisation_name": comment.organisation_name,
            "organisation_krs": comment.organisation_krs, "show_name": comment.show_name,
        })
        return _render_form(consultation, form, comment=comment)
    form = forms.comment_form(consultation)
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
    consultation = _consultation_or_404(slug)
    comment = _comment_or_404(consultation, comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        abort(404)
    already = db.session.scalar(select(CommentFlag.id).where(
        CommentFlag.comment_id == comment.id, CommentFlag.user_id == current_user.id))
    if already is not None:
        flash(_("You have already reported this comment. The moderators will look at it."),
              "info")
        return _comment_anchor(consultation, comment)
    form = forms.FlagForm()
    if form.validate_on_submit():
        flag = services.flag_comment(comment, current_user, form.reason.data)
        if flag is not None:
            staff_notices.comment_flagged(flag, comment)
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
    consultation = _consultation_or_404(slug)
    section = request.args.get("section") or None
    if not current_user.is_authenticated:
        return _login_to_comment(consultation, section)
    form_url = url_for(".comment_form", slug=consultation.slug, section=section)
    if not current_user.email_verified:
        auth_services.send_verification(current_user, form_url)
        db.session.commit()
        flash(_("We have sent you a new link. Open it, then come back to comment."), "success")
    return redirect(form_url)


# --- the Atom feed --------------------------------------------------------------------------


FEED_TITLES = {
    ConsultationStatus.PLANNED: lambda title: _("Planned: %(title)s", title=title),
    ConsultationStatus.OPEN: lambda title: _("Open for comments: %(title)s", title=title),
    ConsultationStatus.CLOSED: lambda title: _("Closed: %(title)s", title=title),
    ConsultationStatus.REPORTED: lambda title: _("Report published: %(title)s", title=title),
}


def _milestone(consultation: Consultation, status: str) -> datetime:
    """When the consultation reached its present state, the news its entry announces (the
    announcement, the opening, the close, the report): the entry's "published"."""
    return as_utc({
        ConsultationStatus.PLANNED: consultation.announced_at,
        ConsultationStatus.OPEN: consultation.opens_at,
        ConsultationStatus.CLOSED: consultation.closes_at,
        ConsultationStatus.REPORTED: consultation.report_published_at,
    }[status])


def _entry_updated(consultation: Consultation, status: str) -> datetime:
    """The entry's "updated": its news, or a later edit of the consultation (a corrected
    title or summary), so never before its "published"."""
    return max(_milestone(consultation, status), as_utc(consultation.updated_at))


def atom_feed(consultations: list[Consultation], updated: datetime | None) -> bytes:
    """One entry per consultation in its present state, newest change first. The entry id
    names the state, so a feed reader shows the opening, the close and the report as news.
    Its text goes through ``export_text``: lxml refuses what XML forbids."""
    now = utcnow()
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    feed = FeedGenerator()
    feed.id(external_url("consultations.feed"))
    feed.title(export_text(_("Consultations — %(site)s",
                             site=current_app.config["CONSULT_SITE_NAME"])))
    feed.subtitle(_("New, closing and finished consultations of draft acts with "
                    "non-governmental organisations and residents."))
    feed.link(href=external_url("consultations.feed"), rel="self")
    feed.link(href=external_url("consultations.index"), rel="alternate")
    feed.language(str(get_locale() or "pl"))
    feed.updated(updated or now)
    entries = [(c, c.status_at(now)) for c in consultations]
    entries.sort(key=lambda pair: (_milestone(*pair), pair[0].id), reverse=True)
    for consultation, status in entries:
        info = deadline(consultation, now)
        entry = feed.add_entry(order="append")
        entry.id(f"tag:{host},{consultation.announced_at:%Y-%m-%d}:consultation-"
                 f"{consultation.id}-{status}")
        entry.title(export_text(FEED_TITLES[status](consultation.title)))
        entry.link(href=external_url("consultations.detail", slug=consultation.slug))
        entry.updated(_entry_updated(consultation, status))
        entry.published(_milestone(consultation, status))
        entry.author(name=export_text(consultation.institution.name))
        parts = [consultation.institution.name, info["message"]]
        if consultation.summary:
            parts.append(consultation.summary)
        entry.summary(export_text("\n\n".join(parts)))
    return feed.atom_str(pretty=True)


@bp.get("/feed.atom")
def feed():
    version, last_modified = queries.feed_version()
    return conditional_response(
        f"{version}:{get_locale()}", last_modified,
        lambda: atom_feed(queries.feed_consultations(), last_modified),
        "application/atom+xml; charset=utf-8")
