"""The staff side of the network: requests waiting for a decision, the full member list
and its CSV, the topic list. (Which JSTs the network does not reach yet is
``coverage.coverage()``.)

Staff see every field whatever its visibility; these functions are for staff pages only.
"""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.core.search import search_term
from consult.core.text import search_key
from consult.core.timeutil import to_local, utcnow
from consult.extensions import db
from consult.network import services
from consult.network.models import (
    APPROVED,
    EMAIL_PENDING,
    FIELD_LABELS,
    FIELDS,
    MEMBER_STATUS_LABELS,
    PENDING,
    VISIBILITY_LABELS,
    ConsentLog,
    Member,
    Topic,
    member_topics,
)
from consult.network.services import NetworkError, field_text

# An entry still waiting for its work e-mail link after this long is shown to staff: the
# link may have gone to spam, or the address may be wrong.
STALE_EMAIL_AFTER = timedelta(days=3)


def _with_institution(stmt: Select) -> Select:
    return stmt.options(joinedload(Member.institution), joinedload(Member.powiat))


# --- requests waiting ----------------------------------------------------------------------

def waiting_for_approval() -> list[Member]:
    return list(db.session.scalars(_with_institution(
        select(Member).where(Member.status == PENDING).order_by(Member.created_at, Member.id))))


def email_not_confirmed(now: datetime | None = None) -> list[Member]:
    """Entries whose official work e-mail has not been confirmed for a few days."""
    before = (now or utcnow()) - STALE_EMAIL_AFTER
    return list(db.session.scalars(_with_institution(
        select(Member).where(Member.status == EMAIL_PENDING, Member.created_at < before)
        .order_by(Member.created_at, Member.id))))


# --- the member list -------------------------------------------------------------------------

def member_select(status: str | None = None, powiat_id: int | None = None,
                  topic_id: int | None = None, query: str = "") -> Select:
    """Every member (any status) matching the filters; ``query`` matches any field."""
    stmt = _with_institution(select(Member)).options(selectinload(Member.topics))
    if status:
        stmt = stmt.where(Member.status == status)
    if powiat_id:
        stmt = stmt.where(Member.powiat_id == powiat_id)
    if topic_id:
        stmt = stmt.where(Member.topics.any(Topic.id == topic_id))
    stmt = stmt.where(*services.search_conditions(Member.search_staff, search_term(query)))
    return stmt.order_by(Member.full_name, Member.id)


def member_record_select(member_id: int) -> Select:
    """One member with everything the staff page shows, in a fixed number of queries."""
    return (_with_institution(select(Member).where(Member.id == member_id))
            .options(selectinload(Member.topics), joinedload(Member.user),
                     selectinload(Member.consents)))


def _local(value: datetime | None):
    return to_local(value).replace(tzinfo=None, microsecond=0) if value else ""


def member_table(stmt: Select) -> tuple[list[str], list[list]]:
    """Header and rows of the staff CSV: every field with the visibility the member chose,
    the status and its dates."""
    header = [_("ID"), _("Status"), _("Institution"), _("TERYT"), _("County"),
              _("Designated coordinator")]
    for name in FIELDS:
        header += [str(FIELD_LABELS[name]),
                   _("%(field)s: visible to", field=FIELD_LABELS[name])]
    header += [_("Joined"), _("Work e-mail confirmed"), _("Approved"), _("Rejected"),
               _("Reason for rejection"), _("Announcements"), _("Last consent given")]
    members = list(db.session.scalars(stmt))
    last_consent = dict(db.session.execute(
        select(ConsentLog.member_id, func.max(ConsentLog.given_at))
        .where(ConsentLog.member_id.in_([m.id for m in members]))
        .group_by(ConsentLog.member_id)).all()) if members else {}
    rows = []
    for member in members:
        row = [member.id, str(MEMBER_STATUS_LABELS[member.status]), member.institution.name,
               member.institution.teryt, member.powiat.name if member.powiat else "",
               _("yes") if member.is_coordinator else _("no")]
        for name in FIELDS:
            row += [field_text(member, name), str(VISIBILITY_LABELS[member.visibility(name)])]
        row += [_local(member.created_at), _local(member.email_verified_at),
                _local(member.approved_at), _local(member.rejected_at),
                member.rejection_reason,
                _("opted out") if member.announcements_opt_out else _("receives"),
                _local(last_consent.get(member.id))]
        rows.append(row)
    return header, rows


# --- topics ----------------------------------------------------------------------------------

def topics_with_counts() -> list[tuple[Topic, int]]:
    """Every topic, active or not, in the order members see them, with how many approved
    members chose it."""
    counts = dict(db.session.execute(
        select(member_topics.c.topic_id, func.count())
        .join(Member, Member.id == member_topics.c.member_id)
        .where(Member.status == APPROVED)
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
