"""What staff and institution managers are told by e-mail, each switchable on
/account/notifications (consult/account/routes/notifications.py):

- a reported (flagged) comment, at once, to staff and the managers of the consultation's
  institution;
- once a day at most, a digest of new comments (of the consultations they run) and, for
  staff, of new requests to join the officials' network.

Only accounts with a confirmed address get them, in the language of the account.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update

from consult.auth.models import ADMIN, MANAGER, STAFF, User, institution_managers
from consult.consultations.models import Comment, CommentFlag, CommentStatus, Consultation
from consult.core.mail import queue_mail
from consult.core.timeutil import local_to_utc, to_local, utcnow
from consult.core.urls import external_url
from consult.extensions import db
from consult.network.models import Member, MemberStatus

# A first digest covers this much (there is no previous one to start from).
FIRST_DIGEST_COVERS = timedelta(days=1)


def _recipients(setting, institution_ids=None) -> list[User]:
    """Staff, and managers of any of ``institution_ids`` (all managers when None), with a
    confirmed address and ``setting`` (a User column) on."""
    managers = User.role == MANAGER
    if institution_ids is not None:
        managers = and_(managers, User.id.in_(
            select(institution_managers.c.user_id)
            .where(institution_managers.c.institution_id.in_(institution_ids))))
    return list(db.session.scalars(
        select(User).where(setting.is_(True), User.email_verified_at.is_not(None),
                           or_(User.role.in_((ADMIN, STAFF)), managers))
        .order_by(User.id)))


def comments_url(consultation_id: int, **args) -> str:
    return external_url("consultations_manage.comments", consultation_id=consultation_id,
                        **args)


def _settings_url() -> str:
    return external_url("account.notifications")


def comment_flagged(flag: CommentFlag, comment: Comment) -> int:
    """Tell staff and the institution's managers at once that ``comment`` was reported;
    the person who reported it is not told. Returns how many messages were queued."""
    consultation = comment.consultation
    recipients = [user for user in _recipients(User.notify_flagged_comments,
                                               [consultation.institution_id])
                  if user.id != flag.user_id]
    url = comments_url(consultation.id) + f"#comment-{comment.id}"
    for user in recipients:
        with force_locale(user.locale or "pl"):
            queue_mail(user.email, _("A comment was reported: %(title)s",
                                     title=consultation.title),
                       "manage/mail/comment_flagged", user=user, comment=comment,
                       consultation=consultation, reason=flag.reason, comment_url=url,
                       settings_url=_settings_url())
    return len(recipients)


# --- the daily digest -------------------------------------------------------------------

@dataclass
class NewComments:
    consultation_id: int
    title: str
    comments: int
    pending: int  # of them waiting for moderation

    @property
    def url(self) -> str:
        return comments_url(self.consultation_id)


@dataclass
class Digest:
    comments: list[NewComments] = field(default_factory=list)
    network_requests: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.comments or self.network_requests)


def digest_for(user: User, since: datetime, until: datetime) -> Digest:
    """What arrived after ``since`` up to ``until`` that concerns ``user``."""
    stmt = (
        select(Consultation.id, Consultation.title, func.count(Comment.id),
               func.count(Comment.id).filter(Comment.status == CommentStatus.PENDING))
        .join(Comment, Comment.consultation_id == Consultation.id)
        .where(Comment.submitted_at > since, Comment.submitted_at <= until,
               Comment.status.in_((CommentStatus.PUBLISHED, CommentStatus.PENDING)))
        .group_by(Consultation.id, Consultation.title)
        .order_by(Consultation.title, Consultation.id))
    if not user.is_staff:
        stmt = stmt.where(Consultation.institution_id.in_(
            [institution.id for institution in user.managed_institutions]))
    digest = Digest(comments=[NewComments(*row) for row in db.session.execute(stmt)])
    if user.is_staff:
        digest.network_requests = db.session.scalar(select(func.count(Member.id)).where(
            Member.status == MemberStatus.PENDING, Member.created_at > since,
            Member.created_at <= until))
    return digest


def _claim_digest(user: User, previous: datetime | None, now: datetime) -> bool:
    """Set the user's digest_sent_at from ``previous`` to ``now`` in one UPDATE … WHERE:
    of two runs at the same moment only one sends the day's digest."""
    same = (User.digest_sent_at.is_(None) if previous is None
            else User.digest_sent_at == previous)
    claimed = db.session.execute(
        update(User).where(User.id == user.id, same).values(digest_sent_at=now)
        .execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def send_digests(now: datetime | None = None) -> int:
    """Send each recipient whose digest is on one digest per day (Europe/Warsaw) at most,
    covering what arrived since their previous one; nobody gets an empty digest (what
    arrives later that day goes into the next run's). Returns how many were queued; the
    caller commits."""
    now = now or utcnow()
    midnight = local_to_utc(to_local(now).replace(hour=0, minute=0, second=0,
                                                  microsecond=0, tzinfo=None))
    sent = 0
    for user in _recipients(User.notify_daily_digest):
        previous = user.digest_sent_at
        if previous is not None and previous >= midnight:
            continue
        digest = digest_for(user, previous or now - FIRST_DIGEST_COVERS, now)
        if digest.is_empty or not _claim_digest(user, previous, now):
            continue
        with force_locale(user.locale or "pl"):
            queue_mail(user.email, _("Daily summary: what has arrived"),
                       "manage/mail/digest", user=user, digest=digest,
                       inbox_url=external_url("manage.dashboard"),
                       network_url=external_url("network_manage.index"),
                       settings_url=_settings_url())
        sent += 1
    return sent
