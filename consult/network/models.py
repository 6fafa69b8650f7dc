"""The officials' network: members (one per account), their per-field visibility and the
log of consents, topics, announcements.

Visibility is chosen per field by the member: PUBLIC (anyone), MEMBERS (signed-in approved
members and staff), STAFF (staff only). The search columns hold, for each audience, only the
text of the fields that audience may see, so searching never finds a hidden value.
"""

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import DDL, Column, ForeignKey, Index, String, Table, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import TimestampMixin, UTCDateTime
from consult.core.timeutil import utcnow
from consult.extensions import db


class Visibility(StrEnum):
    """Who may see a field, as the member chose it; also the audience a viewer is in
    (``services.audience_of``)."""

    PUBLIC = "public"
    MEMBERS = "members"
    STAFF_ONLY = "staff"


VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("everyone"),
    Visibility.MEMBERS: _l("network members only"),
    Visibility.STAFF_ONLY: _l("the federation's staff only"),
}
# Who sees what: an audience sees the fields whose visibility is in its tuple.
AUDIENCES = {
    Visibility.PUBLIC: (Visibility.PUBLIC,),
    Visibility.MEMBERS: (Visibility.PUBLIC, Visibility.MEMBERS),
    Visibility.STAFF_ONLY: (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.STAFF_ONLY),
}

# The fields a member sets the visibility of (institution and the coordinator role are the
# point of the entry and always shown once the member is approved).
FIELDS = ("full_name", "position", "department", "work_email", "work_phone", "topics", "bio")
FIELD_LABELS = {
    "full_name": _l("Full name"),
    "position": _l("Position"),
    "department": _l("Department"),
    "work_email": _l("Work e-mail"),
    "work_phone": _l("Work phone"),
    "topics": _l("Topics"),
    "bio": _l("About me"),
}

# The coordinator role as entries show it, and the other words people search it by: a word of
# the search that begins one of these (in the viewer's language) finds every coordinator.
COORDINATOR_LABEL = _l("NGO cooperation coordinator")
COORDINATOR_SEARCH_WORDS = lazy_pgettext(
    "words that find the coordinator role in the directory", "coordinator coordinators")

# What an entry made without the join form shows to whom (demo data, older rows).
DEFAULT_VISIBILITY = {
    "full_name": Visibility.PUBLIC, "position": Visibility.PUBLIC,
    "department": Visibility.PUBLIC, "work_email": Visibility.MEMBERS,
    "work_phone": Visibility.MEMBERS, "topics": Visibility.PUBLIC, "bio": Visibility.PUBLIC,
}
# What the join form proposes: nothing public until the person chooses it (privacy by
# default, RODO art. 25 ust. 2; the consent covers only what the person chose).
JOIN_VISIBILITY = dict.fromkeys(FIELDS, Visibility.MEMBERS)


class MemberStatus(StrEnum):
    """Where a member's entry stands. EMAIL_PENDING waits for the work e-mail link (an
    official domain: then approved automatically); PENDING waits for staff. Leaving deletes
    the entry. Changed only by ``services.set_status``, which logs each change."""

    EMAIL_PENDING = "email_pending"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


MEMBER_STATUS_LABELS = {
    MemberStatus.EMAIL_PENDING: lazy_pgettext("member",
                                              "waiting for the work e-mail to be confirmed"),
    MemberStatus.PENDING: lazy_pgettext("member", "waiting for approval"),
    MemberStatus.APPROVED: lazy_pgettext("member", "approved"),
    MemberStatus.REJECTED: lazy_pgettext("member", "rejected"),
}

member_topics = Table(
    "network_member_topics",
    db.metadata,
    Column("member_id", ForeignKey("network_members.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("network_topics.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class Topic(db.Model):
    """A subject officials work on (staff keep the list); names are Polish content."""

    __tablename__ = "network_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Topic {self.name}>"


class Member(TimestampMixin, db.Model):
    __tablename__ = "network_members"
    __table_args__ = (  # the directory's coverage counts read only this index
        Index("ix_network_members_status_institution", "status", "institution_id",
              "is_coordinator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    # The powiat-level unit of the institution (itself for a powiat or a city county), kept
    # so the directory filters by powiat without walking the TERYT tree.
    powiat_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    work_email: Mapped[str] = mapped_column(String(320))
    work_phone: Mapped[str] = mapped_column(String(40), default="")
    is_coordinator: Mapped[bool] = mapped_column(default=False)
    bio: Mapped[str] = mapped_column(Text, default="")
    full_name_visibility: Mapped[str] = mapped_column(
        String(10), default=DEFAULT_VISIBILITY["full_name"])
    position_visibility: Mapped[str] = mapped_column(
        String(10), default=DEFAULT_VISIBILITY["position"])
    department_visibility: Mapped[str] = mapped_column(
        String(10), default=DEFAULT_VISIBILITY["department"])
    work_email_visibility: Mapped[str] = mapped_column(
        String(10), default=DEFAULT_VISIBILITY["work_email"])
    work_phone_visibility: Mapped[str] = mapped_column(
        String(10), default=DEFAULT_VISIBILITY["work_phone"])
    topics_visibility: Mapped[str] = mapped_column(
        String(10), default=DEFAULT_VISIBILITY["topics"])
    bio_visibility: Mapped[str] = mapped_column(
        String(10), default=DEFAULT_VISIBILITY["bio"])
    status: Mapped[str] = mapped_column(String(20), default=MemberStatus.PENDING, index=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    # What each audience may find: search_key() of the fields it may see (see services).
    # Only searched in SQL, never shown: not loaded with the member.
    search_public: Mapped[str] = mapped_column(Text, default="", deferred=True)
    search_members: Mapped[str] = mapped_column(Text, default="", deferred=True)
    search_staff: Mapped[str] = mapped_column(Text, default="", deferred=True)
    # One-click unsubscribe from announcements (random, not signed).
    announcements_token: Mapped[str] = mapped_column(String(64), unique=True)
    announcements_opt_out: Mapped[bool] = mapped_column(default=False)

    user = relationship("User")
    institution = relationship("Institution", foreign_keys=[institution_id])
    powiat = relationship("Institution", foreign_keys=[powiat_id])
    topics: Mapped[list[Topic]] = relationship(secondary=member_topics, order_by=Topic.position)
    consents: Mapped[list["ConsentLog"]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="ConsentLog.id")

    def visibility(self, field: str) -> str:
        return getattr(self, f"{field}_visibility")

    def visible_to(self, field: str, audience: str) -> bool:
        return self.visibility(field) in AUDIENCES[audience]

    @property
    def is_approved(self) -> bool:
        return self.status == MemberStatus.APPROVED

    @property
    def awaits_decision(self) -> bool:
        """Waiting for staff or for the work e-mail link: staff may approve or reject it."""
        return self.status in (MemberStatus.PENDING, MemberStatus.EMAIL_PENDING)

    @property
    def can_be_approved(self) -> bool:
        """Staff may approve a request waiting for a decision, or one they rejected."""
        return self.awaits_decision or self.status == MemberStatus.REJECTED

    def __repr__(self) -> str:
        return f"<Member {self.id} {self.status}>"


class ConsentLog(db.Model):
    """Every choice of visibility a member made, with its time (RODO art. 7 ust. 1)."""

    __tablename__ = "network_consent_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("network_members.id", ondelete="CASCADE"), index=True)
    choices: Mapped[dict] = mapped_column(db.JSON)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    member: Mapped[Member] = relationship(back_populates="consents")


class MemberStatusChange(db.Model):
    """One change of a member's status: when, from what (none when the entry was made), to
    what, who made it (none: the link to the work e-mail) and why. Goes with the entry when
    the member leaves (RODO art. 17)."""

    __tablename__ = "member_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("network_members.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship()


class Announcement(db.Model):
    """A message staff sent to approved members, or to those of a powiat or a topic."""

    __tablename__ = "network_announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    powiat_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("network_topics.id", ondelete="SET NULL"))
    recipients: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    powiat = relationship("Institution")
    topic = relationship(Topic)


# Directory search is "every word somewhere in the text" (LIKE '%word%'): on PostgreSQL a
# trigram GIN index per audience answers it without reading every row (pg_trgm is a trusted
# extension). SQLite has no such index and needs none at the scale of one region.
for _audience in ("public", "members", "staff"):
    Index(f"ix_network_members_search_{_audience}_trgm", getattr(Member, f"search_{_audience}"),
          postgresql_using="gin",
          postgresql_ops={f"search_{_audience}": "gin_trgm_ops"}).ddl_if(dialect="postgresql")
event.listen(Member.__table__, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
