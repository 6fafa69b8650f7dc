"""Staff editing of consultations: the consultation itself, its sections, attachments, the
statutory checklist, and the reads of the staff pages (counts, the comment table).

Plain functions without ``request``; the views in manage_*.py call them and commit once.
The rules of comments, moderation and answers stay in services.py.
"""

import re
from dataclasses import dataclass, field
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import joinedload

from consult.auth.models import User
from consult.consultations import periods, services
from consult.consultations.choices import STATUTORY_ELEMENTS
from consult.consultations.drafting import DraftSection
from consult.consultations.models import (
    Comment,
    CommentFlag,
    CommentStatus,
    Consultation,
    ConsultationAttachment,
    Section,
)
from consult.consultations.services import ConsultationError
from consult.core.datetext import format_short_day
from consult.core.documents import detect_document, download_filename
from consult.core.text import search_key
from consult.core.timeutil import to_local
from consult.events.models import Event, EventStatus
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.naming import display_name

MAZOWIECKIE = "14"  # the TERYT code of the voivodeship the platform serves first
MEETING_TYPE = "consultation_meeting"


# --- the consultation -------------------------------------------------------------------

@dataclass
class ConsultationData:
    """Every field of a consultation as staff set it; the period as typed (local dates)."""

    institution: Institution
    title: str
    kind: str
    year: int | None
    summary: str
    legal_basis: str
    participation: str
    moderation: str
    opens_on: date
    opens_time: time | None
    closes_on: date
    closes_time: time | None
    contact_name: str
    contact_email: str
    contact_phone: str
    report_forms: str
    meeting_ids: list[int] = field(default_factory=list)
    min_period_days: int | None = None


PLAIN_FIELDS = (
    "title", "kind", "year", "summary", "legal_basis", "participation", "moderation",
    "contact_name", "contact_email", "contact_phone", "report_forms", "min_period_days",
)


def apply_consultation_data(consultation: Consultation, data: ConsultationData,
                            author: User | None = None) -> Consultation:
    """Set every field; raises ConsultationError when the period is impossible."""
    services.set_period(consultation, data.opens_on, data.opens_time, data.closes_on,
                        data.closes_time)
    for name in PLAIN_FIELDS:
        setattr(consultation, name, getattr(data, name))
    consultation.institution = data.institution
    if consultation.slug is None:
        consultation.slug = services.slugify(data.title)
    if consultation.created_by_id is None and author is not None:
        consultation.created_by_id = author.id
    consultation.meetings = list(db.session.scalars(
        select(Event).where(Event.id.in_(data.meeting_ids)).order_by(Event.starts_at)
    )) if data.meeting_ids else []
    return consultation


def period_as_typed(consultation: Consultation) -> dict:
    """The edit form's dates and times: local, a time only where one was given."""
    opens_local = to_local(consultation.opens_at)
    return {
        "opens_on": opens_local.date(),
        "opens_time": None if opens_local.time() == time(0, 0) else opens_local.time(),
        "closes_on": services.closes_on(consultation),
        "closes_time": (to_local(consultation.closes_at).time()
                        if consultation.close_time_given else None),
    }


def institution_choices(user: User, current: Institution | None = None) -> list[tuple]:
    """The institutions a person may pick: a manager's own; for staff the whole of
    mazowieckie plus every institution that already has a consultation (others by TERYT
    code). (id, "Płońsk (urban municipality)") sorted by name."""
    if not user.is_staff:
        found = list(user.managed_institutions)
    else:
        used = select(Consultation.institution_id)
        found = list(db.session.scalars(select(Institution).where(
            (Institution.in_register & Institution.teryt.startswith(MAZOWIECKIE))
            | Institution.id.in_(used))))
    if current is not None and current not in found:
        found.append(current)
    found.sort(key=lambda inst: (search_key(inst.name), inst.teryt))
    return [(inst.id, f"{display_name(inst)}, TERYT {inst.teryt}") for inst in found]


def registered_institution_by_teryt(teryt: str) -> Institution | None:
    """A JST in the register by its TERYT code (2, 4 or 7 digits)."""
    teryt = teryt.strip()
    if not re.fullmatch(r"\d{2}|\d{4}|\d{7}", teryt):
        return None
    return db.session.scalar(select(Institution).where(
        Institution.teryt == teryt, Institution.in_register))


def meeting_choices(current: list[Event] = ()) -> list[tuple[int, str]]:
    """Consultation meetings to link: published ones, and those already linked (a draft
    event stays staff-only, so it cannot be named in a public report)."""
    rows = db.session.execute(
        select(Event.id, Event.title, Event.starts_at)
        .where(Event.type == MEETING_TYPE,
               (Event.status == EventStatus.PUBLISHED) | Event.id.in_([e.id for e in current]))
        .order_by(Event.starts_at.desc())
    ).all()
    return [(row.id, f"{row.title} ({format_short_day(row.starts_at)})") for row in rows]


# --- lists and counts -------------------------------------------------------------------

@dataclass
class StaffCommentCounts:
    """What staff see of a consultation's comments (the public count only published ones,
    queries.published_comment_counts)."""

    comments: int = 0     # every comment in the record, withdrawn and hidden included
    unanswered: int = 0   # published without a decision
    pending: int = 0      # waiting for moderation
    flagged: int = 0      # with a report not yet dealt with


def staff_consultations(stmt: Select | None = None) -> Select:
    """Consultations newest first (the caller narrows it with access.limit_to_managed)."""
    stmt = stmt if stmt is not None else select(Consultation)
    return stmt.order_by(Consultation.opens_at.desc(), Consultation.id.desc())


def staff_comment_counts(consultation_ids: list[int]) -> dict[int, StaffCommentCounts]:
    """Counts per consultation in two queries, whatever the number of consultations."""
    counts = {cid: StaffCommentCounts() for cid in consultation_ids}
    if not consultation_ids:
        return counts
    rows = db.session.execute(
        select(
            Comment.consultation_id,
            func.count(Comment.id),
            func.sum(case((and_(Comment.status == CommentStatus.PUBLISHED,
                                Comment.decision.is_(None)), 1), else_=0)),
            func.sum(case((Comment.status == CommentStatus.PENDING, 1), else_=0)),
        ).where(Comment.consultation_id.in_(consultation_ids))
        .group_by(Comment.consultation_id))
    for cid, total, unanswered, pending in rows:
        counts[cid] = StaffCommentCounts(total, unanswered or 0, pending or 0)
    flagged = db.session.execute(
        select(Comment.consultation_id, func.count(func.distinct(Comment.id)))
        .join(CommentFlag, CommentFlag.comment_id == Comment.id)
        .where(Comment.consultation_id.in_(consultation_ids), CommentFlag.resolved_at.is_(None))
        .group_by(Comment.consultation_id))
    for cid, number in flagged:
        counts[cid].flagged = number
    return counts


def section_comment_counts(consultation: Consultation) -> dict[int | None, int]:
    """Comments per section id (None: the whole document), every status included."""
    return dict(db.session.execute(
        select(Comment.section_id, func.count(Comment.id))
        .where(Comment.consultation_id == consultation.id)
        .group_by(Comment.section_id)).all())


def has_comments(consultation: Consultation) -> bool:
    return db.session.scalar(select(Comment.id).where(
        Comment.consultation_id == consultation.id).limit(1)) is not None


def announcement_warnings(consultation: Consultation) -> list[str]:
    """What staff should know before announcing; none of it prevents announcing."""
    warnings = []
    if not consultation.sections:
        warnings.append(_("The draft has no sections: people can comment only on the whole "
                          "document."))
    if consultation.is_programme:
        missing = missing_elements(consultation)
        if missing:
            warnings.append(_("The statutory checklist is incomplete: %(num)d of the 11 "
                              "elements are not marked in any section.", num=len(missing)))
    if not consultation.legal_basis.strip():
        warnings.append(_("The legal basis (the resolution on the way of consulting) is "
                          "not given."))
    days = periods.period_days(services.opens_on(consultation), services.closes_on(consultation))
    if days < periods.minimum_days(consultation):
        warnings.append(periods.too_short_text(days, periods.minimum_days(consultation)))
    return warnings


# --- sections ---------------------------------------------------------------------------

@dataclass
class SectionData:
    level: int
    number: str
    title: str
    text: str


def add_section(consultation: Consultation, data: SectionData) -> Section:
    """A new section at the end of the draft."""
    position = max((s.position for s in consultation.sections), default=-1) + 1
    section = Section(level=data.level, number=data.number, title=data.title, text=data.text,
                      position=position)
    consultation.sections.append(section)
    return section


def update_section(section: Section, data: SectionData) -> Section:
    section.level, section.number = data.level, data.number
    section.title, section.text = data.title, data.text
    return section


def delete_section(section: Section) -> None:
    """Delete a section no one has commented on (comments are never lost)."""
    commented = db.session.scalar(select(Comment.id).where(
        Comment.section_id == section.id).limit(1))
    if commented is not None:
        raise ConsultationError(_("This section has comments, so it cannot be deleted. "
                                  "Change its text instead."))
    consultation = section.consultation
    consultation.sections.remove(section)
    _renumber(consultation)


def move_section(section: Section, direction: str) -> bool:
    """Swap the section with the one above ("up") or below ("down"); False at an end."""
    sections = list(section.consultation.sections)
    i = sections.index(section)
    j = i - 1 if direction == "up" else i + 1
    if direction not in ("up", "down") or not 0 <= j < len(sections):
        return False
    sections[i], sections[j] = sections[j], sections[i]
    for position, item in enumerate(sections):
        item.position = position
    return True


def _renumber(consultation: Consultation) -> None:
    for position, section in enumerate(consultation.sections):
        section.position = position


def replace_sections(consultation: Consultation, drafts: list[DraftSection]) -> list[Section]:
    """Replace the whole draft with imported sections, while no one has commented yet:
    comments point at sections, and the record of what they commented on must stay."""
    if has_comments(consultation):
        raise ConsultationError(_("The draft already has comments, so its sections cannot be "
                                  "replaced. Edit the sections one by one instead."))
    if not drafts:
        raise ConsultationError(_("No sections were found in the text."))
    consultation.sections.clear()
    db.session.flush()
    consultation.sections.extend(
        Section(position=i, level=d.level, number=d.number, title=d.title, text=d.text,
                elements=",".join(str(n) for n in sorted(set(d.elements))))
        for i, d in enumerate(drafts))
    return consultation.sections


# --- the statutory checklist ------------------------------------------------------------

def checklist(consultation: Consultation) -> list[tuple[int, str, list[Section]]]:
    """The 11 elements of art. 5a ust. 4 UDPP with the sections marked as covering each:
    [(number, label, [sections in document order]), …]."""
    by_element: dict[int, list[Section]] = {number: [] for number in STATUTORY_ELEMENTS}
    for section in consultation.sections:
        for number in section.element_numbers:
            if number in by_element:
                by_element[number].append(section)
    return [(number, str(label), by_element[number])
            for number, label in STATUTORY_ELEMENTS.items()]


def missing_elements(consultation: Consultation) -> list[tuple[int, str]]:
    """The statutory elements no section covers: [(number, label), …]; empty for acts
    other than programmes of cooperation (the list does not apply to them)."""
    if not consultation.is_programme:
        return []
    return [(number, label) for number, label, sections in checklist(consultation)
            if not sections]


def set_elements(consultation: Consultation, marked: dict[int, list[int]]) -> None:
    """Store which elements each section covers: {section id: [element numbers]}."""
    for section in consultation.sections:
        numbers = sorted({n for n in marked.get(section.id, []) if n in STATUTORY_ELEMENTS})
        section.elements = ",".join(str(n) for n in numbers)


# --- attachments ------------------------------------------------------------------------

def add_attachment(consultation: Consultation, title: str, original_name: str, data: bytes,
                   max_bytes: int) -> ConsultationAttachment:
    if len(data) > max_bytes:
        raise ConsultationError(_("The file is larger than %(mb)d MB.",
                                  mb=max_bytes // (1024 * 1024)))
    content_type = detect_document(data)
    if content_type is None:
        raise ConsultationError(_("Upload a PDF or a Word (.docx) document."))
    attachment = ConsultationAttachment(
        title=title, filename=download_filename(title, original_name, content_type),
        content_type=content_type, size=len(data), data=data)
    consultation.attachments.append(attachment)
    return attachment


def attachments_of(consultation: Consultation) -> list[ConsultationAttachment]:
    """Attachments without their data (the column is deferred)."""
    return list(db.session.scalars(select(ConsultationAttachment).where(
        ConsultationAttachment.consultation_id == consultation.id)
        .order_by(ConsultationAttachment.id)))


# --- the comment table (moderation and answers) ------------------------------------------

UNANSWERED = "unanswered"
WHOLE_DOCUMENT = "document"


@dataclass
class CommentRow:
    """One line of the staff table: the comment and its open reports."""

    comment: Comment
    flags: list[CommentFlag]

    @property
    def needs_answer(self) -> bool:
        return self.comment.status == CommentStatus.PUBLISHED and self.comment.decision is None

    @property
    def needs_attention(self) -> bool:
        return self.needs_answer or self.comment.status == CommentStatus.PENDING


def document_order_key(comment: Comment) -> tuple:
    """Comments on the whole document first, then by the section's place in the draft,
    then in the order they came in."""
    if comment.section is None:
        return (0, 0, comment.id)
    return (1, comment.section.position, comment.id)


def comment_table(consultation: Consultation, status: str | None = None,
                  decision: str | None = None, section: str | None = None,
                  attention_first: bool = True) -> list[CommentRow]:
    """Every comment of the consultation in document order, filtered, in two queries.

    ``decision`` is a decision or "unanswered" (published, no decision yet); ``section``
    a section id or "document" (comments on the whole document). With
    ``attention_first`` what waits for staff (no answer yet, or moderation) comes first.
    """
    comments = list(db.session.scalars(
        select(Comment).where(Comment.consultation_id == consultation.id)
        .options(joinedload(Comment.section), joinedload(Comment.author))))
    comments.sort(key=document_order_key)
    open_flags: dict[int, list[CommentFlag]] = {}
    if comments:
        for flag in db.session.scalars(
                select(CommentFlag).join(Comment, CommentFlag.comment_id == Comment.id)
                .where(Comment.consultation_id == consultation.id,
                       CommentFlag.resolved_at.is_(None))
                .order_by(CommentFlag.id)):
            open_flags.setdefault(flag.comment_id, []).append(flag)
    rows = [CommentRow(comment, open_flags.get(comment.id, [])) for comment in comments]
    if status:
        rows = [row for row in rows if row.comment.status == status]
    if decision == UNANSWERED:
        rows = [row for row in rows if row.needs_answer]
    elif decision:
        rows = [row for row in rows if row.comment.decision == decision]
    if section == WHOLE_DOCUMENT:
        rows = [row for row in rows if row.comment.section_id is None]
    elif section:
        rows = [row for row in rows if str(row.comment.section_id) == section]
    if attention_first:
        rows.sort(key=lambda row: not row.needs_attention)  # stable: document order kept
    return rows


def comment_in(consultation: Consultation, comment_id: int) -> Comment | None:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.consultation_id != consultation.id:
        return None
    return comment


def is_answering_closed(consultation: Consultation) -> bool:
    """Once the report is published its answers are the record: read-only."""
    return consultation.report_published_at is not None
