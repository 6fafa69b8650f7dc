"""The status history of a person's own records, for the export of their data (RODO art. 15):
their registrations, their comments and their entry in the officials' network.

Only what is theirs: registrations with the account's proven address
(``personal_data.registrations_of``; not those the account made for a colleague, which are
the colleague's data), the comments they wrote, their own network entry.

Who made a change is given as ``you``, ``staff`` (the organisers, a moderator, the network's
staff) or nothing (the platform itself: a deadline, the waiting list; or the person through
the link in an e-mail). Never a staff member's name or account: that is the staff member's
personal data, not the person's, and the platform shows it to nobody outside staff; the
person only learns that the organisers or moderators decided, as their e-mails already
said. The note is kept: it is the reason the person was given (a rejection, a hidden
comment) or the platform's record of what happened to the person's own record.
"""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from consult.auth.models import User
from consult.consultations.models import Comment, CommentStatusChange
from consult.events import personal_data
from consult.events.models import Registration
from consult.extensions import db
from consult.network.models import MemberStatusChange
from consult.network.services import member_of

BY_YOU, BY_STAFF = "you", "staff"


def _change(user: User, at, old_status, new_status, actor_id, note) -> dict:
    by = None if actor_id is None else BY_YOU if actor_id == user.id else BY_STAFF
    return {"changed_at": at.isoformat(), "from_status": old_status,
            "to_status": new_status, "by": by, "note": note or None}


def registration_history(user: User) -> list[dict]:
    """Each of the person's own registrations with its status changes."""
    registrations = personal_data.registrations_of(user)
    if registrations:  # their events and logs in two queries, however many there are
        db.session.scalars(
            select(Registration).where(Registration.id.in_([r.id for r in registrations]))
            .options(joinedload(Registration.event), selectinload(Registration.history))).all()
    return [{
        "event": registration.event.title,
        "registered_at": registration.created_at.isoformat(),
        "changes": [_change(user, entry.at, entry.old_status, entry.new_status,
                            entry.actor_id, entry.note) for entry in registration.history],
    } for registration in registrations]


def comment_history(user: User) -> list[dict]:
    """Each comment the person wrote with its status changes (moderation, withdrawal)."""
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id)
        .options(joinedload(Comment.consultation)).order_by(Comment.id)).all()
    changes: dict[int, list[dict]] = {}
    for change in db.session.scalars(
            select(CommentStatusChange)
            .join(Comment, CommentStatusChange.comment_id == Comment.id)
            .where(Comment.author_id == user.id).order_by(CommentStatusChange.id)):
        changes.setdefault(change.comment_id, []).append(_change(
            user, change.at, change.old_status, change.new_status, change.actor_id,
            change.reason))
    return [{
        "consultation": comment.consultation.title,
        "submitted_at": comment.submitted_at.isoformat(),
        "changes": changes.get(comment.id, []),
    } for comment in comments]


def membership_history(user: User) -> list[dict]:
    """The person's network entry with its status changes (none without an entry)."""
    member = member_of(user)
    if member is None:
        return []
    changes = db.session.scalars(
        select(MemberStatusChange).where(MemberStatusChange.member_id == member.id)
        .order_by(MemberStatusChange.id))
    return [{
        "institution": member.institution.name,
        "changes": [_change(user, change.changed_at, change.from_status, change.to_status,
                            change.changed_by_id, change.reason) for change in changes],
    }]
