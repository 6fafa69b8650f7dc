"""Fixtures of the consultations tests."""

from consult.consultations.models import Comment
from consult.consultations.services import CommentData, submit_comment
from consult.extensions import db


def comment_on(consultation, user, body="Proponujemy doprecyzować zapis.", section=None,
               **fields) -> Comment:
    """A comment by ``user`` on ``section`` (a Section, or None for the whole document)."""
    data = CommentData(section_id=section.id if section else None, body=body, **fields)
    comment = submit_comment(consultation, user, data)
    db.session.commit()
    return comment

