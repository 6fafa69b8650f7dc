"""Announcements staff send to the network: one e-mail per approved member through the
outbox, to the member's work address, with a one-click unsubscribe link (RFC 8058).

Members who opted out of announcements, and anyone not approved, never get one.
"""

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from consult.core.mail import queue_mail
from consult.core.text import render_markdown
from consult.extensions import db
from consult.institutions.models import Institution
from consult.network.mail import announcement_headers, unsubscribe_url
from consult.network.models import Announcement, Member, MemberStatus, Topic


def recipients_query(powiat_id: int | None = None, topic_id: int | None = None) -> Select:
    """Approved members who did not opt out, of the powiat and/or working on the topic.

    The topic filter ignores the topics' visibility: staff see every field."""
    stmt = select(Member).where(Member.status == MemberStatus.APPROVED,
                                Member.announcements_opt_out.is_(False))
    if powiat_id:
        stmt = stmt.where(Member.powiat_id == powiat_id)
    if topic_id:
        stmt = stmt.where(Member.topics.any(Topic.id == topic_id))
    return stmt.order_by(Member.id)


def count_recipients(powiat_id: int | None = None, topic_id: int | None = None) -> int:
    stmt = recipients_query(powiat_id, topic_id).order_by(None)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def send_announcement(subject: str, body: str, powiat: Institution | None = None,
                      topic: Topic | None = None, sent_by=None) -> Announcement:
    """Queue the announcement for every recipient and record it (the caller commits once).

    The body is plain text or Markdown: the text part carries it as typed, the HTML part
    as sanitised HTML."""
    body = body.replace("\r\n", "\n")
    html = render_markdown(body)
    members = list(db.session.scalars(
        recipients_query(powiat.id if powiat else None, topic.id if topic else None)
        .options(selectinload(Member.user))))
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    for member in members:
        locale = (member.user.locale if member.user else None) or default_locale
        with force_locale(locale):
            queue_mail(
                member.work_email, subject, "network/mail/announcement",
                headers=announcement_headers(member), user=member.user, member=member,
                body=body, body_html=html, unsubscribe_url=unsubscribe_url(member),
            )
    announcement = Announcement(subject=subject, body=body, powiat=powiat, topic=topic,
                                recipients=len(members),
                                sent_by_id=getattr(sent_by, "id", None))
    db.session.add(announcement)
    return announcement


def past_announcements() -> Select:
    return (select(Announcement)
            .options(selectinload(Announcement.powiat), selectinload(Announcement.topic))
            .order_by(Announcement.sent_at.desc(), Announcement.id.desc()))
