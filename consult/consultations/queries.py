"""Reading consultations for the public pages and the feed: one query per kind of row.

A consultation page with 60 sections and 2,000 comments costs the same number of queries as
one with three sections. Up to ``INLINE_LIMIT`` comments are read in one query and grouped
here in Python; above that the page shows per-section counts (one grouped COUNT) and each
section's comments are read a page at a time with SQL filters.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    func,
    null,
    or_,
    select,
)
from sqlalchemy.orm import selectinload

from consult.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Section,
    Subscription,
    section_choice_label,
)
from consult.core.timeutil import as_utc, utcnow
from consult.extensions import db
from consult.institutions.models import Institution

# What the public sees of a consultation's comments; pending ones only their author.
PUBLIC_COMMENT_STATUSES = (CommentStatus.PUBLISHED, CommentStatus.HIDDEN, CommentStatus.WITHDRAWN)
# The listing order: open first (soonest deadline first), then planned, closed, reported.
STATUS_ORDER = (ConsultationStatus.OPEN, ConsultationStatus.PLANNED, ConsultationStatus.CLOSED,
                ConsultationStatus.REPORTED)
# Up to this many comments the consultation page shows them all under their sections; above
# it the page is collapsed to per-section counts and links (a page of 2,000 comments is
# 1.6 MB of HTML and ~300 ms of CPU). The print view always shows them all.
INLINE_LIMIT = 100
COMMENTS_PER_PAGE = 100  # one section's (or one decision's) comments on a page
WHOLE_DOCUMENT = "document"  # the part of the comments not on any section


def announced() -> Select:
    return select(Consultation).where(Consultation.announced_at.is_not(None))


def status_condition(status: str, now: datetime) -> ColumnElement[bool]:
    """SQL for Consultation.status_at(now) == status, for an announced consultation."""
    not_reported = Consultation.report_published_at.is_(None)
    return {
        ConsultationStatus.PLANNED: and_(not_reported, Consultation.opens_at > now),
        ConsultationStatus.OPEN: and_(not_reported, Consultation.opens_at <= now,
                                      Consultation.closes_at > now),
        ConsultationStatus.CLOSED: and_(not_reported, Consultation.closes_at <= now),
        ConsultationStatus.REPORTED: Consultation.report_published_at.is_not(None),
    }[status]


def _status_rank(now: datetime):
    return case(
        (Consultation.report_published_at.is_not(None), 3),
        (Consultation.opens_at > now, 1),
        (Consultation.closes_at > now, 0),
        else_=2,
    )


def listed_consultations(status: str | None = None, institution: Institution | None = None,
                         now: datetime | None = None) -> Select:
    """Announced consultations: open ones by deadline, planned by opening, then closed and
    reported ones latest first."""
    now = now or utcnow()
    rank = _status_rank(now)
    stmt = announced().order_by(
        rank,
        case((rank == 0, Consultation.closes_at), (rank == 1, Consultation.opens_at)),
        case((rank == 2, Consultation.closes_at),
             (rank == 3, Consultation.report_published_at)).desc(),
        Consultation.id.desc(),
    )
    if status is not None:
        stmt = stmt.where(status_condition(status, now))
    if institution is not None:
        stmt = stmt.where(Consultation.institution_id == institution.id)
    return stmt


def institutions_consulting() -> list[Institution]:
    """Institutions with at least one announced consultation, by name (the list filter)."""
    has_one = announced().with_only_columns(Consultation.institution_id).scalar_subquery()
    return list(db.session.scalars(
        select(Institution).where(Institution.id.in_(has_one))
        .order_by(Institution.name, Institution.teryt)))


def filter_institution(teryt: str | None) -> Institution | None:
    """The institution the list is narrowed to (``?institution=``, a TERYT code)."""
    if not teryt:
        return None
    return db.session.scalar(select(Institution).where(Institution.teryt == teryt))


def published_comment_counts(consultation_ids: list[int]) -> dict[int, int]:
    """Published comments per consultation, in one query."""
    if not consultation_ids:
        return {}
    rows = db.session.execute(
        select(Comment.consultation_id, func.count(Comment.id))
        .where(Comment.consultation_id.in_(consultation_ids),
               Comment.status == CommentStatus.PUBLISHED)
        .group_by(Comment.consultation_id))
    return dict(rows.all())


# The statements that answer most requests are built once, with the slug as the bound
# parameter ``slug``: building one (and keying it for SQLAlchemy's compiled cache) for each
# request costs more than running it.


@cache
def consultation_by_slug() -> Select:
    """The consultation with what its page shows beside the comments."""
    return select(Consultation).where(Consultation.slug == bindparam("slug")).options(
        selectinload(Consultation.sections),
        selectinload(Consultation.attachments),
        selectinload(Consultation.meetings),
    )


@cache
def bare_consultation_by_slug() -> Select:
    """Only the consultation (the comment form and the other pages about one comment)."""
    return select(Consultation).where(Consultation.slug == bindparam("slug"))


@cache
def heading_by_slug() -> Select:
    """What a consultation's page needs around its cached body: title, summary, whether it is
    announced, and its authority (the follow box)."""
    return (select(Consultation.id, Consultation.slug, Consultation.title,
                   Consultation.summary, Consultation.announced_at,
                   Institution.teryt.label("institution_teryt"),
                   Institution.name.label("institution_name"))
            .join(Consultation.institution).where(Consultation.slug == bindparam("slug")))


def _shown_to(viewer_id: int | BindParameter | None) -> ColumnElement[bool]:
    """Published, hidden and withdrawn comments (the last two as a note in their place), and
    the viewer's own pending ones."""
    shown = Comment.status.in_(PUBLIC_COMMENT_STATUSES)
    if viewer_id is not None:
        shown = or_(shown, and_(Comment.status == CommentStatus.PENDING,
                                Comment.author_id == viewer_id))
    return shown


def is_shown_to(comment: Comment, viewer_id: int | None) -> bool:
    """``_shown_to`` for one comment already read."""
    return comment.status in PUBLIC_COMMENT_STATUSES or (
        comment.status == CommentStatus.PENDING and viewer_id is not None
        and comment.author_id == viewer_id)


def visible_comments(consultation: Consultation, viewer_id: int | None) -> list[Comment]:
    """The comments the page shows, in the order they came."""
    return list(db.session.scalars(
        select(Comment).where(Comment.consultation_id == consultation.id, _shown_to(viewer_id))
        .order_by(Comment.submitted_at, Comment.id)))


@dataclass
class SectionCommentCounts:
    """Per section id (None: on the whole document), from one grouped COUNT: the comments
    the viewer would see, the published ones (the numbers the page prints) and the viewer's
    own ones waiting for moderation."""

    visible: dict[int | None, int] = field(default_factory=dict)
    published: dict[int | None, int] = field(default_factory=dict)
    pending: dict[int | None, int] = field(default_factory=dict)

    def count(self, section_id: int | None) -> int:
        return self.published.get(section_id, 0)

    def shown(self, section_id: int | None) -> int:
        return self.visible.get(section_id, 0)

    def own_pending(self, section_id: int | None) -> int:
        return self.pending.get(section_id, 0)

    @property
    def total_shown(self) -> int:
        return sum(self.visible.values())

    @property
    def collapsed(self) -> bool:
        """Too many comments for one page: show counts and links per section instead."""
        return self.total_shown > INLINE_LIMIT


def section_counts_for_viewer(consultation: Consultation, viewer_id: int | None,
                              section_ids: set[int]) -> SectionCommentCounts:
    """One grouped COUNT; a comment whose section was deleted counts as on the whole
    document, as in ``group_comments``."""
    rows = db.session.execute(
        select(Comment.section_id, func.count(),
               func.count().filter(Comment.status == CommentStatus.PUBLISHED),
               func.count().filter(Comment.status == CommentStatus.PENDING))
        .where(Comment.consultation_id == consultation.id, _shown_to(viewer_id))
        .group_by(Comment.section_id))
    counts = SectionCommentCounts()
    for section_id, visible, published, pending in rows:
        key = section_id if section_id in section_ids else None
        for totals, number in ((counts.visible, visible), (counts.published, published),
                               (counts.pending, pending)):
            if number:
                totals[key] = totals.get(key, 0) + number
    return counts


@dataclass(frozen=True)
class SectionChoice:
    """A section as the comment form lists it and shows the chosen one's wording."""

    id: int
    label: str
    text: str


def section_choices(consultation_id: int) -> tuple[SectionChoice, ...]:
    """The consultation's sections in document order, as the comment form lists them (the
    forms and pages read them cached: ``kept.section_choices``)."""
    rows = db.session.execute(
        select(Section.id, Section.number, Section.title, Section.position, Section.text)
        .where(Section.consultation_id == consultation_id).order_by(Section.position))
    return tuple(SectionChoice(id_, section_choice_label(number, title, position), text)
                 for id_, number, title, position, text in rows)


def _on_own_section() -> ColumnElement[bool]:
    """A comment's section, if it is still in the comment's consultation."""
    return and_(Section.id == Comment.section_id,
                Section.consultation_id == Comment.consultation_id)


def comments_of_part(consultation: Consultation, viewer_id: int | None,
                     part: int | str | None = None, decision: str | None = None) -> Select:
    """The comments the viewer sees on one part (a section id, or ``WHOLE_DOCUMENT``; None:
    every part), optionally with one decision, in document order: by the section's place in
    the draft, the whole document last, then in the order they came. For ``paginate``."""
    stmt = (
        select(Comment)
        .outerjoin(Section, _on_own_section())
        .where(Comment.consultation_id == consultation.id, _shown_to(viewer_id))
    )
    if part == WHOLE_DOCUMENT:
        stmt = stmt.where(Section.id.is_(None))
    elif part is not None:
        stmt = stmt.where(Comment.section_id == part)
    if decision is not None:
        stmt = stmt.where(Comment.decision == decision)
    return stmt.order_by(case((Section.id.is_(None), 1), else_=0), Section.position,
                         Section.id, Comment.submitted_at, Comment.id)


@cache
def _page_statement(whole_document: bool, signed_in: bool) -> Select:
    """``page_of_comment``'s query, built once (building it costs more than running it):
    how many comments the viewer sees (up to one over ``INLINE_LIMIT``) and how many of
    the part's come before the comment. Within a section the comments come in the order
    they came, so there the sections and the document order are not needed."""
    consultation_id = bindparam("consultation_id")
    viewer_id = bindparam("viewer_id") if signed_in else None
    shown = (select(Comment.id)
             .where(Comment.consultation_id == consultation_id, _shown_to(viewer_id))
             .limit(INLINE_LIMIT + 1).subquery())
    if whole_document:
        in_part = (select(Comment.id).outerjoin(Section, _on_own_section())
                   .where(Section.id.is_(None)))
    else:
        in_part = select(Comment.id).where(Comment.section_id == bindparam("section_id"))
    submitted_at, comment_id = bindparam("submitted_at"), bindparam("comment_id")
    earlier = in_part.with_only_columns(func.count(Comment.id)).where(
        Comment.consultation_id == consultation_id, _shown_to(viewer_id),
        or_(Comment.submitted_at < submitted_at,
            and_(Comment.submitted_at == submitted_at, Comment.id < comment_id)))
    return select(select(func.count()).select_from(shown).scalar_subquery(),
                  earlier.scalar_subquery())


def page_of_comment(consultation: Consultation, viewer_id: int | None, comment: Comment,
                    part: int | str) -> int | None:
    """The page of its part's comments (``comments_of_part``) that shows ``comment``, or
    None when the consultation's page lists every comment
    (``SectionCommentCounts.collapsed`` is false: at most ``INLINE_LIMIT`` for this viewer,
    counted by reading at most one more). One query."""
    whole_document = part == WHOLE_DOCUMENT
    shown_count, before = db.session.execute(
        _page_statement(whole_document, viewer_id is not None),
        {"consultation_id": consultation.id, "viewer_id": viewer_id,
         "section_id": None if whole_document else part,
         "submitted_at": comment.submitted_at, "comment_id": comment.id}).one()
    if shown_count <= INLINE_LIMIT:
        return None
    return (before or 0) // COMMENTS_PER_PAGE + 1


@dataclass
class CommentsBySection:
    """Comments grouped by section id (None: on the whole document), with counts of the
    published ones for the table of contents."""

    groups: dict[int | None, list[Comment]] = field(default_factory=dict)
    published: dict[int | None, int] = field(default_factory=dict)

    def of(self, section_id: int | None) -> list[Comment]:
        return self.groups.get(section_id, [])

    def count(self, section_id: int | None) -> int:
        return self.published.get(section_id, 0)

    @property
    def total(self) -> int:
        return sum(self.published.values())


def group_comments(comments: list[Comment], section_ids: set[int]) -> CommentsBySection:
    """Group by section; a comment whose section was deleted counts as on the whole document."""
    grouped = CommentsBySection()
    for comment in comments:
        key = comment.section_id if comment.section_id in section_ids else None
        grouped.groups.setdefault(key, []).append(comment)
        if comment.status == CommentStatus.PUBLISHED:
            grouped.published[key] = grouped.published.get(key, 0) + 1
    return grouped


def subscriber_addresses(consultation: Consultation) -> list[Subscription]:
    """Confirmed subscriptions to this consultation or to its institution, one per address."""
    rows = db.session.scalars(select(Subscription).where(
        Subscription.confirmed_at.is_not(None),
        (Subscription.consultation_id == consultation.id)
        | (Subscription.institution_id == consultation.institution_id),
    ).order_by(Subscription.consultation_id.is_(None), Subscription.id))
    seen, unique = set(), []
    for subscription in rows:
        if subscription.email not in seen:
            seen.add(subscription.email)
            unique.append(subscription)
    return unique


# --- the Atom feed ----------------------------------------------------------------------


def feed_version(now: datetime | None = None) -> tuple[str, datetime | None]:
    """What changes the feed: a consultation edited, announced or reported, and the clock
    passing an opening or a closing moment. Returns (version, last modified)."""
    now = now or utcnow()
    count, changed, opened, closed, last_opened, last_closed = db.session.execute(
        select(
            func.count(Consultation.id), func.max(Consultation.updated_at),
            func.count().filter(Consultation.opens_at <= now),
            func.count().filter(Consultation.closes_at <= now),
            func.max(Consultation.opens_at).filter(Consultation.opens_at <= now),
            func.max(Consultation.closes_at).filter(Consultation.closes_at <= now),
        ).where(Consultation.announced_at.is_not(None))).one()
    moments = [as_utc(m) for m in (changed, last_opened, last_closed) if m is not None]
    return f"{count}:{changed}:{opened}:{closed}", max(moments, default=None)


def feed_consultations(limit: int = 50) -> list[Consultation]:
    """The latest announced consultations (the feed orders them by their latest change)."""
    return list(db.session.scalars(
        announced().order_by(Consultation.closes_at.desc(), Consultation.id.desc())
        .limit(limit)))


@cache
def comment_numbers(has_author: bool) -> Select:
    """What a comment's numbers are given from (``services._give_numbers``, under the
    consultation's lock), in three index reads: the private person's number the author
    already has in the consultation, the highest private person's number and the highest
    comment number. Bound parameters ``consultation_id`` and ``author_id``."""
    in_consultation = Comment.consultation_id == bindparam("consultation_id")
    theirs = (select(Comment.private_number).where(
        in_consultation, Comment.author_id == bindparam("author_id"),
        Comment.private_number.is_not(None)).limit(1).scalar_subquery()
        if has_author else null())
    highest = select(func.max(Comment.private_number)).where(in_consultation).scalar_subquery()
    last = select(func.max(Comment.number)).where(in_consultation).scalar_subquery()
    return select(theirs, highest, last)
