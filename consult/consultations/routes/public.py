"""Public pages of consultations: the list, a consultation's page and print view, its
attachments and the Atom feed. The commenter's pages are in ``routes/comments.py``.

Only announced consultations are public; the staff and the managers of the institution see
a draft too.
"""

import io

from flask import abort, redirect, render_template, request, send_file
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import undefer

from consult.caching import conditional_response
from consult.consultations import bp, following, kept, queries, services
from consult.consultations.access import shown_consultation_or_404
from consult.consultations.choices import KIND_LABELS, PARTICIPATION_LABELS
from consult.consultations.feed import atom_feed
from consult.consultations.forms.public import FollowForm
from consult.consultations.models import (
    DECISION_LABELS,
    PUBLIC_STATUSES,
    STATUS_LABELS,
    Comment,
    Consultation,
    ConsultationAttachment,
)
from consult.consultations.page import comment_url, deadline_notice, page_context
from consult.core.documents import file_size, file_type
from consult.core.forms import ButtonForm
from consult.core.pagination import paginate
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.naming import display_name


@bp.context_processor
def _template_helpers() -> dict:
    return {
        "opens_on": services.opens_on,
        "closes_on": services.closes_on,
        "status_labels": STATUS_LABELS,
        "kind_labels": KIND_LABELS,
        "decision_labels": DECISION_LABELS,
        "participation_labels": PARTICIPATION_LABELS,
        "file_size": file_size,
        "file_type": file_type,
        "institution_name": display_name,
    }


def _viewer_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def _signed_in_verified() -> bool:
    return current_user.is_authenticated and current_user.email_verified


@bp.get("/")
def index():
    status = request.args.get("status") if request.args.get("status") in PUBLIC_STATUSES else None
    institution = queries.filter_institution(request.args.get("institution"))
    page = paginate(queries.listed_consultations(status, institution),
                    request.args.get("page", 1, type=int))
    return render_template(
        "consultations/public/index.html", page=page, status=status, institution=institution,
        counts=queries.published_comment_counts([c.id for c in page.items]),
        institutions=queries.institutions_consulting(), statuses=queries.STATUS_ORDER,
        now=utcnow(),
    )


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


def _detail_body(consultation: Consultation) -> str:
    """The page without its follow box, as the viewer sees it (see ``page.page_context``)."""
    viewer = current_user if current_user.is_authenticated else None
    return render_template("consultations/public/_detail_body.html", **page_context(
        consultation, viewer, request.args.get("section"), request.args.get("decision"),
        request.args.get("page", 1, type=int)))


@bp.get("/<slug>/")
def detail(slug):
    """The draft with its comments (see ``consult.consultations.page``; the print view has
    them all); ``?comment=<id>`` redirects to wherever that comment is listed."""
    heading = db.session.execute(queries.heading_by_slug(), {"slug": slug}).first()
    if heading is None:
        abort(404)
    viewer_id = _viewer_id()
    following_it = False
    if viewer_id is None and heading.announced_at is not None and "comment" not in request.args:
        # Everyone who is not signed in sees the same page, built once per change.
        body = kept.PAGE.render(
            (heading.id, request.full_path),
            lambda: _detail_body(shown_consultation_or_404(slug, queries.consultation_by_slug)))
    else:
        consultation = shown_consultation_or_404(slug, queries.consultation_by_slug)
        linked = _linked_comment(consultation, viewer_id)
        if linked is not None:
            return redirect(comment_url(consultation, linked, viewer_id))
        body = Markup(_detail_body(consultation))  # noqa: S704 - our template
        following_it = _signed_in_verified() and following.is_following(current_user,
                                                                         consultation)
    return render_template(
        "consultations/public/detail.html", heading=heading, body=body, following=following_it,
        follow_form=ButtonForm() if _signed_in_verified() else FollowForm(formdata=None),
    )


@bp.get("/<slug>/print")
def print_view(slug):
    consultation = shown_consultation_or_404(slug, queries.consultation_by_slug)
    now = utcnow()
    comments = queries.visible_comments(consultation, None)
    return render_template(
        "consultations/public/print.html", consultation=consultation, now=now,
        deadline=deadline_notice(consultation, now),
        grouped=queries.group_comments(comments, {s.id for s in consultation.sections}),
        answers_public=consultation.report_published_at is not None,
    )


@bp.get("/<slug>/attachments/<int:attachment_id>/<filename>")
def attachment(slug, attachment_id, filename):  # noqa: ARG001 - the saved name
    consultation = shown_consultation_or_404(slug)
    found = db.session.get(ConsultationAttachment, attachment_id,
                           options=[undefer(ConsultationAttachment.data)])
    if found is None or found.consultation_id != consultation.id:
        abort(404)
    return send_file(io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True,
                     download_name=found.filename, max_age=300)


@bp.get("/feed.atom")
def feed():
    version, last_modified = queries.feed_version()
    return conditional_response(
        f"{version}:{get_locale()}", last_modified,
        lambda: atom_feed(queries.feed_consultations(), last_modified),
        "application/atom+xml; charset=utf-8")
