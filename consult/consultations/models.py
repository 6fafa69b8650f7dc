"""Consultations of draft acts: the draft's sections, comments with proposed wording, the
authority's answers, attachments, subscriptions (the values and labels of their settings
are in choices.py).

Nothing a participant submitted is deleted: withdrawn and hidden comments keep their row
and say so in their place; deleting an account anonymises its comments.
"""

from datetime import date, datetime, timedelta
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.consultations.choices import (
    ANNUAL,
    CHANNEL_LABELS,
    EVERYONE,
    ORGANISATION,
    PLATFORM,
    POST_MODERATION,
    PROGRAMME_KINDS,
    SELF,
)
from consult.core.models import TimestampMixin, UTCDateTime
from consult.core.timeutil import to_local, utcnow
from consult.extensions import db


class ConsultationStatus(StrEnum):
    """Derived from the announcement, the period and the report (Consultation.status_at),
    never stored, so it has no transitions to log. DRAFT is the staff-only state before
    announcing."""

    DRAFT = "draft"
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"
    REPORTED = "reported"


# What the public list filters by and the API reports: a draft is never public.
PUBLIC_STATUSES = (
    ConsultationStatus.PLANNED, ConsultationStatus.OPEN, ConsultationStatus.CLOSED,
    ConsultationStatus.REPORTED,
)
STATUS_LABELS = {
    ConsultationStatus.DRAFT: lazy_pgettext("consultation", "draft"),
    ConsultationStatus.PLANNED: lazy_pgettext("consultation", "planned"),
    ConsultationStatus.OPEN: lazy_pgettext("consultation", "open"),
    ConsultationStatus.CLOSED: lazy_pgettext("consultation", "closed"),
    ConsultationStatus.REPORTED: lazy_pgettext("consultation", "report published"),
}


class CommentStatus(StrEnum):
    """A comment's state, changed only by Comment.set_status (which logs it). PENDING
    waits for a moderator (pre-moderation); HIDDEN keeps its place with the moderator's
    reason; WITHDRAWN by its author while the consultation was open."""

    PUBLISHED = "published"
    PENDING = "pending"
    HIDDEN = "hidden"
    WITHDRAWN = "withdrawn"


COMMENT_STATUS_LABELS = {
    CommentStatus.PUBLISHED: lazy_pgettext("comment", "published"),
    CommentStatus.PENDING: lazy_pgettext("comment", "awaiting moderation"),
    CommentStatus.HIDDEN: lazy_pgettext("comment", "hidden"),
    CommentStatus.WITHDRAWN: lazy_pgettext("comment", "withdrawn"),
}


class Decision(StrEnum):
    """The authority's answer to a comment."""

    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    NOT_APPLICABLE = "not_applicable"


DECISION_LABELS = {
    Decision.ACCEPTED: _l("accepted"),
    Decision.PARTIALLY_ACCEPTED: _l("partially accepted"),
    Decision.REJECTED: _l("not accepted"),
    Decision.NOT_APPLICABLE: _l("not applicable"),
}
# Decisions that change the text: the adopted version lists these comments per section.
ADOPTING_DECISIONS = (Decision.ACCEPTED, Decision.PARTIALLY_ACCEPTED)


consultation_meetings = Table(
    "consultation_meetings",
    db.metadata,
    Column("consultation_id", ForeignKey("consultations.id", ondelete="CASCADE"),
           primary_key=True),
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
)


def last_moment_of(closes_at: datetime, close_time_given: bool) -> datetime:
    """The last moment of a period, as the deadline people read: 23:59 of the last day (a
    period without a closing time closes at the following local midnight), or the time
    staff gave."""
    return closes_at if close_time_given else closes_at - timedelta(minutes=1)


class Consultation(TimestampMixin, db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("institutions.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=ANNUAL)
    year: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    participation: Mapped[str] = mapped_column(String(20), default=EVERYONE)
    moderation: Mapped[str] = mapped_column(String(10), default=POST_MODERATION)
    # The period: comments are accepted while opens_at <= now < closes_at. closes_at is
    # the first instant after the period: midnight after the stated last day (Europe/Warsaw)
    # unless staff gave a time (close_time_given).
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    close_time_given: Mapped[bool] = mapped_column(default=False)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(320), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Notices to subscribers, each claimed once (UPDATE … WHERE … IS NULL).
    opened_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closing_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The report's header fields that are not derived from the record.
    report_forms: Mapped[str] = mapped_column(Text, default="")
    report_conclusion: Mapped[str] = mapped_column(Text, default="")
    report_prepared_by: Mapped[str] = mapped_column(String(300), default="")
    report_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    final_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    final_note: Mapped[str] = mapped_column(Text, default="")  # e.g. "Uchwała nr … z dnia …"
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The shortest period its legal basis allows (days); None: CONSULT_MIN_CONSULTATION_DAYS.
    min_period_days: Mapped[int | None] = mapped_column(SmallInteger)

    institution = relationship("Institution", lazy="joined")
    sections: Mapped[list["Section"]] = relationship(
        back_populates="consultation", order_by="Section.position",
        cascade="all, delete-orphan",
    )
    attachments: Mapped[list["ConsultationAttachment"]] = relationship(
        back_populates="consultation", order_by="ConsultationAttachment.id",
        cascade="all, delete-orphan",
    )
    meetings = relationship("Event", secondary=consultation_meetings, order_by="Event.starts_at")
    period_changes: Mapped[list["PeriodChange"]] = relationship(
        back_populates="consultation", order_by="PeriodChange.id", cascade="all, delete-orphan",
    )

    def status_at(self, now: datetime) -> ConsultationStatus:
        if self.announced_at is None:
            return ConsultationStatus.DRAFT
        if self.report_published_at is not None:
            return ConsultationStatus.REPORTED
        if now < self.opens_at:
            return ConsultationStatus.PLANNED
        if now < self.closes_at:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

    @property
    def status(self) -> ConsultationStatus:
        return self.status_at(utcnow())

    def is_open_at(self, now: datetime) -> bool:
        return self.status_at(now) == ConsultationStatus.OPEN

    @property
    def last_moment(self) -> datetime:
        """What to show as the deadline: 23:59 of the last day, or the time staff gave."""
        return last_moment_of(self.closes_at, self.close_time_given)

    @property
    def is_programme(self) -> bool:
        return self.kind in PROGRAMME_KINDS

    @property
    def residents_welcome(self) -> bool:
        return self.participation == EVERYONE

    def __repr__(self) -> str:
        return f"<Consultation {self.slug}>"


def section_label(number: str, title: str) -> str:
    """How a section is named in lists: "§ 2 Zasady współpracy"."""
    return " ".join(part for part in (number, title) if part)


def section_choice_label(number: str, title: str, position: int) -> str:
    """How the comment form and its receipt name a section: its label, or its place in the
    draft when it has neither number nor title."""
    return section_label(number, title) or f"#{position + 1}"


class Section(TimestampMixin, db.Model):
    """A part of the draft: a chapter (level 1) or a paragraph inside one (level 2)."""

    __tablename__ = "consultation_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    level: Mapped[int] = mapped_column(SmallInteger, default=1)
    number: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    final_text: Mapped[str | None] = mapped_column(Text)  # the adopted wording
    # Which of the 11 statutory elements this section covers, e.g. "1,5".
    elements: Mapped[str] = mapped_column(String(40), default="")

    consultation: Mapped[Consultation] = relationship(back_populates="sections")

    @property
    def anchor(self) -> str:
        """A stable fragment id: it survives renumbering and retitling."""
        return f"section-{self.id}"

    @property
    def label(self) -> str:
        return section_label(self.number, self.title)

    @property
    def element_numbers(self) -> list[int]:
        return [int(n) for n in self.elements.split(",") if n.strip().isdigit()]

    def __repr__(self) -> str:
        return f"<Section {self.id} {self.number}>"


class PeriodChange(db.Model):
    """A new deadline set after the consultation opened: public, with its reason, who set
    it and when. Deadlines are last moments as people read them (23:59 of the last day, or
    the time staff gave; see Consultation.last_moment)."""

    __tablename__ = "consultation_period_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    previous_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="period_changes")
    changed_by = relationship("User")

    @property
    def is_shortening(self) -> bool:
        return self.deadline < self.previous_deadline


class StoredFile:
    """A file kept in the database, so every server has it; its bytes are read only when
    it is downloaded."""

    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ConsultationAttachment(StoredFile, db.Model):
    """The draft (PDF/DOCX) for download."""

    __tablename__ = "consultation_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))

    consultation: Mapped[Consultation] = relationship(back_populates="attachments")


class Comment(TimestampMixin, db.Model):
    """A comment (uwaga) on one section or on the whole document, and the answer to it."""

    __tablename__ = "consultation_comments"
    __table_args__ = (
        Index("ix_consultation_comments_consultation_section", "consultation_id", "section_id"),
        # The highest number given to a private person, read under the lock at each comment.
        Index("ix_consultation_comments_private_number", "consultation_id", "private_number"),
        Index("ix_consultation_comments_number", "consultation_id", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation_sections.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # Kept on the comment: the record must not change when the account does.
    author_name: Mapped[str | None] = mapped_column(String(200))
    show_name: Mapped[bool] = mapped_column(default=False)
    # "Osoba prywatna nr N": the Nth private person to comment in this consultation.
    private_number: Mapped[int | None]
    on_behalf: Mapped[str] = mapped_column(String(20), default=SELF)
    organisation_name: Mapped[str | None] = mapped_column(String(300))
    organisation_krs: Mapped[str | None] = mapped_column(String(100))  # KRS or other register
    # The register's organisation the typed name or KRS matched (organisations/services.py).
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    proposed_text: Mapped[str] = mapped_column(Text, default="")
    justification: Mapped[str] = mapped_column(Text, default="")
    # The number it is known by everywhere (staff list, e-mails, public page, report): the
    # next one in the consultation when it is first published, never given again.
    number: Mapped[int | None]
    channel: Mapped[str] = mapped_column(String(20), default=PLATFORM)
    # Comments entered by staff: the local day it reached the authority, and who entered it.
    received_on: Mapped[date | None]
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=CommentStatus.PUBLISHED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    moderated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_text: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    consultation: Mapped[Consultation] = relationship()
    section: Mapped[Section | None] = relationship()
    author = relationship("User", foreign_keys=[author_id])

    @property
    def for_organisation(self) -> bool:
        return self.on_behalf == ORGANISATION

    @property
    def public_author(self) -> str:
        """Who the public sees: the organisation, the person's name if they opted in, or a
        neutral label. E-mail, address and phone are never shown."""
        if self.for_organisation:
            return self.organisation_name or ""
        if self.show_name and self.author_name:
            return self.author_name
        if self.private_number is None:  # waiting for a moderator: seen by its author only
            return _("Private person")
        return _("Private person no. %(number)d", number=self.private_number)

    @property
    def is_published(self) -> bool:
        return self.status == CommentStatus.PUBLISHED

    @property
    def can_be_published(self) -> bool:
        """A moderator may publish it: it waits for one, or was hidden."""
        return self.status in (CommentStatus.PENDING, CommentStatus.HIDDEN)

    @property
    def can_be_hidden(self) -> bool:
        """A moderator may hide it: it is published or waits for one (a hidden comment is
        shown again instead; a withdrawn one stays as its author left it)."""
        return self.status in (CommentStatus.PUBLISHED, CommentStatus.PENDING)

    @property
    def is_answered(self) -> bool:
        return self.decision is not None

    @property
    def channel_label(self) -> str:
        return str(CHANNEL_LABELS[self.channel])

    @property
    def received_date(self) -> date:
        """The day the authority received it (Europe/Warsaw)."""
        return self.received_on or to_local(self.submitted_at).date()

    def set_status(self, status: CommentStatus, actor=None, reason: str = "",
                   now: datetime | None = None) -> None:
        """The one place that changes a submitted comment's status (a moderator publishes or
        hides it, its author withdraws it, a change waits for a moderator again); it logs
        the change. Hiding keeps the moderator's reason in the comment's place; publishing
        clears it."""
        now = now or utcnow()
        db.session.add(CommentStatusChange(
            comment_id=self.id, at=now, old_status=self.status, new_status=status,
            actor_id=getattr(actor, "id", None), reason=reason))
        self.status = status
        if status == CommentStatus.HIDDEN:
            self.hidden_reason, self.hidden_at = reason, now
        elif status == CommentStatus.PUBLISHED:
            self.hidden_reason = self.hidden_at = None
        elif status == CommentStatus.WITHDRAWN:
            self.withdrawn_at = now

    def __repr__(self) -> str:
        return f"<Comment {self.id} {self.status}>"


class CommentStatusChange(db.Model):
    """Every change of a comment's status after it was submitted: when, from what, to what,
    by whom and why (a moderator's reason for hiding it)."""

    __tablename__ = "comment_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")

    comment: Mapped[Comment] = relationship()
    actor = relationship("User")


class CommentScan(StoredFile, db.Model):
    """The scan of a comment received on paper, kept like the attachments but never
    public: it holds the submitter's personal data."""

    __tablename__ = "consultation_comment_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), unique=True)

    comment: Mapped[Comment] = relationship()


class CommentFlag(db.Model):
    """A signed-in person's report that a comment breaks the rules (one per person)."""

    __tablename__ = "consultation_comment_flags"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("consultation_comments.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    comment: Mapped[Comment] = relationship()


class Subscription(db.Model):
    """An e-mail address following one consultation or every consultation of an institution.

    Anonymous visitors confirm the address first (confirmed_at); the token is the
    one-click unsubscribe link.
    """

    __tablename__ = "consultation_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    consultation: Mapped[Consultation | None] = relationship()
    institution = relationship("Institution")

