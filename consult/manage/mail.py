"""The staff's daily digest by e-mail, switchable on /account/notifications
(consult/account/routes/notifications.py): once a day at most, new comments (of the
consultations they run) and, for staff, new requests to join the officials' network. (A
reported comment is told at once: ``consult.consultations.mail.comment_flagged``.)

Only accounts with a confirmed address get them, in the language of the account.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from consult.auth.models import User
from consult.auth.queries import staff_to_notify
from consult.consultations.mail import notification_settings_url, staff_comments_url
from consult.consultations.models import Comment, CommentStatus, Consultation
from consult.core.mail import queue_mail
from consult.core.timeutil import local_to_utc, to_local, utcnow
from consult.core.urls import external_url
from consult.extensions import db
from consult.network.models import Member, MemberStatus

# A first digest covers this much (there is no previous one to start from).
FIRST_DIGEST_COVERS = timedelta(days=1)


# --- the daily digest -------------------------------------------------------------------

@dataclass
class NewComments:
    consultation_id: int
    title: str
    comments: int
    pending: int  # of them waiting for moderation

    @property
    def url(self) -> str:
        return staff_comments_url(self.consultation_id)


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
    for user in staff_to_notify(User.notify_daily_digest):
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
                       settings_url=notification_settings_url())
        sent += 1
    return sent
