"""Fixtures of the consultations tests."""

from datetime import timedelta

from sqlalchemy import func, insert, select

from consult.consultations.models import Comment, CommentStatus
from consult.consultations.services import CommentData, submit_comment
from consult.core.timeutil import utcnow
from consult.extensions import db


def comment_on(consultation, user, body="Proponujemy doprecyzować zapis.", section=None,
               **fields) -> Comment:
    """A comment by ``user`` on ``section`` (a Section, or None for the whole document)."""
    data = CommentData(section_id=section.id if section else None, body=body, **fields)
    comment = submit_comment(consultation, user, data)
    db.session.commit()
    return comment


def links_to(page, prefix: str) -> list[str]:
    """The text (with any visually hidden part) of the page's links whose href starts with
    ``prefix``; ``page`` is a tests.html.Page."""
    return [page.text(e) for e in page.elements
            if e["tag"] == "a" and e["attrs"].get("href", "").startswith(prefix)]


def add_comments(consultation, author, count, section=None, status=CommentStatus.PUBLISHED,
                 body="Uwaga {n}.", decision=None):
    """``count`` comments by ``author`` in one INSERT, an hour ago, a second apart, in the
    order of n (so the page lists "Uwaga 0." first)."""
    start = utcnow() - timedelta(hours=1)
    numbered = db.session.scalar(select(func.max(Comment.number)).where(
        Comment.consultation_id == consultation.id)) or 0
    db.session.execute(insert(Comment), [{
        "number": numbered + n + 1,
        "consultation_id": consultation.id, "section_id": section.id if section else None,
        "author_id": author.id, "author_name": author.full_name, "private_number": 1,
        "body": body.format(n=n), "status": status, "decision": decision,
        "hidden_reason": "Obraźliwe." if status == CommentStatus.HIDDEN else None,
        "submitted_at": start + timedelta(seconds=n), "created_at": start,
        "updated_at": start,
    } for n in range(count)])
    db.session.commit()
