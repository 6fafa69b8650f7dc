"""Staff editing of events: applying a checked form to an Event, and the staff pages' reads.

Plain functions without ``request``; the views in manage_events.py call them and commit.
"""

import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from PIL import Image
from sqlalchemy import Select, delete, func, select

from consult.core.search import search_term
from consult.core.text import unique_slug
from consult.events import lifecycle
from consult.events.choices import CATEGORIES
from consult.events.funding import FundingProject, FundingProjectLogo
from consult.events.locks import lock_event
from consult.events.models import AgendaItem, Answer, Event, EventQuota, Question
from consult.extensions import db
from consult.institutions.models import Institution


@dataclass
class AgendaRow:
    starts_at: datetime
    ends_at: datetime | None
    title: str
    speakers: str = ""


@dataclass
class EventData:
    """Every field of an event as staff set it; times aware UTC, partners resolved."""

    type: str
    title: str
    slug: str
    summary: str
    description: str
    speakers: str
    starts_at: datetime
    ends_at: datetime
    format: str
    venue_name: str
    venue_address: str
    powiat_id: int | None
    accessibility_info: str
    online_url: str
    organiser: str
    partners: list[Institution]
    other_partners: str
    funding_project_id: int | None
    hours: Decimal | None
    kilometres: int | None
    capacity: int | None
    quotas: dict[str, int | None]
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    requires_approval: bool
    waitlist_enabled: bool
    agenda: list[AgendaRow] = field(default_factory=list)


PLAIN_FIELDS = (
    "type", "title", "summary", "description", "speakers", "format", "venue_name",
    "venue_address", "powiat_id", "accessibility_info", "online_url", "organiser",
    "other_partners", "funding_project_id", "hours", "kilometres", "capacity",
    "requires_approval", "waitlist_enabled",
)
TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def _same_minute(old: datetime | None, new: datetime | None) -> datetime | None:
    """Forms show times to the minute. An unchanged minute keeps the stored value, so an
    edit that did not touch the time is not announced to registrants as a new time."""
    if old is not None and new is not None and old.replace(second=0, microsecond=0) == new:
        return old
    return new


def apply_event_data(event: Event, data: EventData) -> Event:
    """Set the event from staff's form; the caller handles calendar changes and commits.
    A stored event is locked first: its quotas' rows are written under the lock, as the
    registrations that count seats in them are (in the other order the two would wait for
    each other)."""
    if event.id is not None:
        lock_event(event.id)
    for name in PLAIN_FIELDS:
        setattr(event, name, getattr(data, name))
    for name in TIME_FIELDS:
        setattr(event, name, _same_minute(getattr(event, name), getattr(data, name)))
    event.slug = data.slug or lifecycle.slugify(data.title)
    event.partners = list(data.partners)
    set_quotas(event, data.quotas)
    set_agenda(event, data.agenda)
    return event


def set_quotas(event: Event, quotas: dict[str, int | None]) -> None:
    """Update quotas in place: deleting and re-adding a category in one flush could break
    the (event, category) unique constraint, as SQLAlchemy inserts before it deletes."""
    existing = {quota.category: quota for quota in event.quotas}
    for category in CATEGORIES:
        seats, quota = quotas.get(category), existing.get(category)
        if seats is None:
            if quota is not None:
                event.quotas.remove(quota)
        elif quota is None:
            event.quotas.append(EventQuota(category=category, seats=seats))
        else:
            quota.seats = seats


def set_agenda(event: Event, rows: list[AgendaRow]) -> None:
    event.agenda = [
        AgendaItem(starts_at=row.starts_at, ends_at=row.ends_at, title=row.title,
                   speakers=row.speakers)
        for row in sorted(rows, key=lambda row: row.starts_at)
    ]


def agenda_outside(event: Event) -> list[AgendaItem]:
    """Agenda items before the start or after the end: the time moved and the agenda did
    not, so the event page would contradict what registrants were just told."""
    return [item for item in event.agenda
            if item.starts_at < event.starts_at
            or (item.ends_at or item.starts_at) > event.ends_at]


def slug_is_free(slug: str, event: Event | None) -> bool:
    stmt = select(Event.id).where(Event.slug == slug)
    if event is not None and event.id is not None:
        stmt = stmt.where(Event.id != event.id)
    return db.session.scalar(stmt.limit(1)) is None


# ---------------------------------------------------------------- staff lists and counts


def staff_events(status: str | None, kind: str | None, query: str) -> Select:
    """Every event, drafts too, latest start first."""
    stmt = select(Event).order_by(Event.starts_at.desc(), Event.id.desc())
    if status:
        stmt = stmt.where(Event.status == status)
    if kind:
        stmt = stmt.where(Event.type == kind)
    term = search_term(query)
    if term:
        stmt = stmt.where(Event.title.icontains(term.text, autoescape=True))
    return stmt


# ---------------------------------------------------------------- funding projects' logos

LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 6000 * 6000  # a larger image is no logo, and costly to decode


class LogoError(ValueError):
    """An uploaded file cannot be a logo; the message says why (translated)."""


def add_logo(project: FundingProject, data: bytes, alt_text: str) -> FundingProjectLogo:
    """A PNG or JPEG recognised by its content (Pillow reads the header, whatever the
    file's name or the browser's type says), no larger than MAX_LOGO_BYTES; ``alt_text``
    says what it shows."""
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(_("The logo is larger than %(mb)d MB.", mb=MAX_LOGO_BYTES // 2**20))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind in LOGO_TYPES and width * height <= MAX_LOGO_PIXELS:
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise LogoError(_("Upload a PNG or JPEG image.")) from error
    if kind not in LOGO_TYPES:
        raise LogoError(_("Upload a PNG or JPEG image."))
    if width * height > MAX_LOGO_PIXELS:
        raise LogoError(_("The image is too large: a logo needs at most %(px)d × %(px)d "
                          "pixels.", px=6000))
    logo = FundingProjectLogo(content_type=LOGO_TYPES[kind], width=width, height=height,
                              data=data, alt_text=alt_text)
    project.logos.append(logo)
    return logo


def give_address(project: FundingProject) -> None:
    """A project gets its /projects/<slug>/ address (consult/projects) from its name once,
    when first saved; it stays when the name changes, so links keep working."""
    if not project.slug:
        project.slug = unique_slug(project.name, FundingProject.slug, "projekt")


def projects_with_event_counts() -> list[tuple[FundingProject, int]]:
    events = (
        select(Event.funding_project_id, func.count(Event.id).label("n"))
        .group_by(Event.funding_project_id).subquery()
    )
    return list(db.session.execute(
        select(FundingProject, func.coalesce(events.c.n, 0))
        .outerjoin(events, events.c.funding_project_id == FundingProject.id)
        .order_by(FundingProject.name, FundingProject.id)
    ))


# ---------------------------------------------------------------- questions


def add_question(event: Event, kind: str, label: str, options: str, required: bool,
                 help_text: str = "", reports_sex: bool = False) -> Question:
    position = max((q.position for q in event.questions), default=-1) + 1
    question = Question(kind=kind, label=label, options=options, required=required,
                        position=position, help_text=help_text)
    event.questions.append(question)
    count_sex_by(question, reports_sex)
    return question


def count_sex_by(question: Question, reports_sex: bool) -> None:
    """Mark the question the funder's report counts sex by (one per event: marking one
    unmarks the others). It changes no answer, so it may change after answers came."""
    if reports_sex:
        for other in question.event.questions:
            other.reports_sex = False
    question.reports_sex = reports_sex


def answers_count(question: Question) -> int:
    return db.session.scalar(
        select(func.count(Answer.id)).where(Answer.question_id == question.id)
    ) or 0


def answered_questions(event: Event) -> set[int]:
    """The ids of the event's questions someone has answered."""
    return set(db.session.scalars(
        select(Answer.question_id).distinct().join(Question, Question.id == Answer.question_id)
        .where(Question.event_id == event.id)
    ))


class QuestionAnswered(Exception):
    """The kind, options or requiredness of a question someone has answered."""


def edit_question(question: Question, label: str, help_text: str,
                  answer_rules: tuple[str, str, bool] | None = None,
                  reports_sex: bool = False) -> None:
    """Set the wording and, while nobody has answered, the answer rules (kind, options,
    required). Once answered they stay: each answer must still fit the question it was
    given to (an option renamed or removed would leave answers nobody could have chosen,
    a new required question registrations that lack it). The wording stays editable for
    corrections; answers belong to the question, not to its words. Registrations answer
    under the event's lock, so it is taken before counting the answers."""
    question.label, question.help_text = label, help_text
    count_sex_by(question, reports_sex)
    if answer_rules is None or answer_rules == (question.kind, question.options,
                                                question.required):
        return
    lock_event(question.event_id)
    if answers_count(question):
        raise QuestionAnswered
    question.kind, question.options, question.required = answer_rules


def number_in_order(items: list) -> None:
    for position, item in enumerate(items):
        item.position = position


def move_in_order(items: list, item, direction: str) -> bool:
    """Swap the item with the one above ("up") or below ("down") and number the list in its
    new order (``position``); False at an end or for another direction."""
    i = items.index(item)
    j = i - 1 if direction == "up" else i + 1
    if direction not in ("up", "down") or not 0 <= j < len(items):
        return False
    items[i], items[j] = items[j], items[i]
    number_in_order(items)
    return True


def delete_question(question: Question) -> None:
    """The question goes, and with it every answer registrants gave to it."""
    db.session.execute(delete(Answer).where(Answer.question_id == question.id))
    question.event.questions.remove(question)
