"""The topics members work on: the list staff keep (add, rename, move, offer or not) and
the list the join form offers."""

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.core.text import search_key
from consult.extensions import db
from consult.network import services
from consult.network.models import Member, MemberStatus, Topic, member_topics
from consult.network.services import NetworkError


def topic_list(active_only: bool = True) -> list[Topic]:
    """The topics in the order members see them; by default only those offered."""
    stmt = select(Topic).order_by(Topic.position, Topic.name)
    if active_only:
        stmt = stmt.where(Topic.active.is_(True))
    return list(db.session.scalars(stmt))


def topics_with_counts() -> list[tuple[Topic, int]]:
    """Every topic, active or not, in the order members see them, with how many approved
    members chose it."""
    counts = dict(db.session.execute(
        select(member_topics.c.topic_id, func.count())
        .join(Member, Member.id == member_topics.c.member_id)
        .where(Member.status == MemberStatus.APPROVED)
        .group_by(member_topics.c.topic_id)).all())
    topics = db.session.scalars(select(Topic).order_by(Topic.position, Topic.name))
    return [(topic, counts.get(topic.id, 0)) for topic in topics]


def _check_unique(name: str, topic: Topic | None = None) -> None:
    """Names differ by more than case and Polish letters, or members could not tell two
    topics apart."""
    key = search_key(name)
    for other in db.session.scalars(select(Topic)):
        if other is not topic and search_key(other.name) == key:
            raise NetworkError(_("A topic with this name already exists."))


def add_topic(name: str) -> Topic:
    """A new active topic at the end of the list."""
    _check_unique(name)
    last = db.session.scalar(select(func.max(Topic.position))) or 0
    topic = Topic(name=name, position=last + 1, active=True)
    db.session.add(topic)
    return topic


def update_topic(topic: Topic, name: str, position: int) -> Topic:
    """Rename or move a topic; members who chose it are found by the new name at once."""
    _check_unique(name, topic)
    renamed = topic.name != name
    topic.name, topic.position = name, position
    if renamed:
        chosen_by = db.session.scalars(
            select(Member).where(Member.topics.any(Topic.id == topic.id))
            .options(selectinload(Member.topics), joinedload(Member.institution)))
        for member in chosen_by:
            services.refresh_search(member)
    return topic


def set_topic_active(topic: Topic, active: bool) -> Topic:
    """An inactive topic is no longer offered to members; those who chose it keep it."""
    topic.active = active
    return topic
