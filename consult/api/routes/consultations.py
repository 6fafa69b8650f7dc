"""GET /api/v1/consultations and /consultations/<slug>: announced consultations only.

Comments are the published ones with the public author label (never a private person's
name without their consent, never contact data); answers appear once the report is out.
The version behind ETag covers the consultations, their sections and comments, and how
many of them have opened or closed by now (status changes with the clock alone).
"""

from flask import request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from consult.api import bp, kept
from consult.api.responses import PER_PAGE, conditional_json, page_number
from consult.consultations import services
from consult.consultations.models import Comment, CommentStatus, Consultation, Section
from consult.consultations.queries import published_comment_counts, status_condition
from consult.core.pagination import paginate
from consult.core.timeutil import to_local, utcnow
from consult.core.urls import external_url
from consult.extensions import db


def consultation_json(consultation: Consultation, comments_count: int) -> dict:
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "institution": {"name": consultation.institution.name,
                        "teryt": consultation.institution.teryt},
        "status": consultation.status,
        "opens_on": services.opens_on(consultation).isoformat(),
        "closes_on": services.closes_on(consultation).isoformat(),
        "comments_count": comments_count,
        "url": external_url("consultations.detail", slug=consultation.slug),
    }


def comment_json(comment: Comment, answers_public: bool) -> dict:
    response = None
    if answers_public and comment.decision:
        response = {"decision": comment.decision, "text": comment.decision_text}
    return {
        "id": comment.id,
        "section_id": comment.section_id,
        "author": comment.public_author,
        "organisation": comment.organisation_name if comment.for_organisation else None,
        "body": comment.body,
        "proposed_text": comment.proposed_text,
        "justification": comment.justification,
        "created_at": to_local(comment.submitted_at).isoformat(),
        "response": response,
    }


def _announced():
    return select(Consultation).where(Consultation.announced_at.is_not(None))


def _consultations_version(consultations) -> tuple[str, object]:
    scoped = consultations.order_by(None).subquery()
    now = utcnow()
    count, changed, opened, closed = db.session.execute(select(
        func.count(), func.max(scoped.c.updated_at),
        func.count().filter(scoped.c.opens_at <= now),
        func.count().filter(scoped.c.closes_at <= now))).one()
    ids = select(scoped.c.id)
    comments, comments_changed = db.session.execute(
        select(func.count(Comment.id), func.max(Comment.updated_at))
        .where(Comment.consultation_id.in_(ids))).one()
    sections_changed = db.session.scalar(
        select(func.max(Section.updated_at)).where(Section.consultation_id.in_(ids)))
    version = f"{count}:{changed}:{opened}:{closed}:{comments}:{comments_changed}:" \
              f"{sections_changed}"
    last = max(filter(None, (changed, comments_changed, sections_changed)), default=None)
    return version, last


def _ordered(status: str | None):
    stmt = _announced().order_by(Consultation.closes_at.desc(), Consultation.id.desc())
    return stmt if status is None else stmt.where(status_condition(status, utcnow()))


@bp.get("/consultations")
def consultations():
    status = request.args.get("status")
    number = page_number()
    stmt = _ordered(status)
    version, last_modified = kept.CONSULTATIONS_VERSION.get(
        (request.full_path,), lambda: _consultations_version(stmt))

    def build() -> dict:
        page = paginate(stmt, number, PER_PAGE)
        counts = published_comment_counts([c.id for c in page.items])
        body = {"items": [consultation_json(c, counts.get(c.id, 0)) for c in page.items]}
        if page.has_next:
            body["next"] = external_url("api.consultations", page=page.page + 1,
                                        status=status)
        return body

    return conditional_json(f"consultations:{status}:{number}:{version}", last_modified, build)


@bp.get("/consultations/<slug>")
def consultation(slug):
    found = db.first_or_404(_announced().where(Consultation.slug == slug)
                            .options(selectinload(Consultation.sections)))
    version, last_modified = _consultations_version(
        select(Consultation).where(Consultation.id == found.id))

    def build() -> dict:
        comments = db.session.scalars(
            select(Comment)
            .where(Comment.consultation_id == found.id, Comment.status == CommentStatus.PUBLISHED)
            .order_by(Comment.id)).all()
        answers_public = found.report_published_at is not None
        body = consultation_json(found, len(comments))
        body["sections"] = [{"id": s.id, "number": s.number, "title": s.title, "text": s.text}
                            for s in found.sections]
        body["comments"] = [comment_json(c, answers_public) for c in comments]
        return body

    return conditional_json(f"consultation:{found.id}:{version}", last_modified, build)
