"""The public directory: its filters, pages of entries, profiles and network meetings.

Templates, the API and the vCard never get a Member to pick fields from: they get an
``Entry`` holding only what the viewer's audience may see (``services.visible_fields``),
plus what is always public once a member is approved (institution, powiat, the
coordinator role). A hidden field therefore cannot leak through a template.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager, selectinload

from consult.core.pagination import Page, paginate
from consult.core.search import search_term
from consult.core.timeutil import utcnow
from consult.events.models import Event, EventStatus
from consult.extensions import db
from consult.institutions.models import COUNTY_KINDS, GMINA_KINDS, Institution
from consult.institutions.naming import display_name
from consult.network import coverage, services
from consult.network.models import Member, MemberStatus, Topic
from consult.network.topics import topic_list

NETWORK_MEETING = "network_meeting"
# Kinds of JST a member's institution may be, in the order of the filter.
KINDS = (*COUNTY_KINDS, *GMINA_KINDS)
PER_PAGE = 20


@dataclass
class Entry:
    """One member as an audience sees them."""

    id: int
    institution: Institution
    powiat: Institution | None
    is_coordinator: bool
    fields: dict[str, str]  # visible, non-empty fields: name → text
    topics: list[str] = field(default_factory=list)  # visible topics

    @property
    def name(self) -> str | None:
        return self.fields.get("full_name")

    @property
    def label(self) -> str:
        """The name, or a neutral label when the member keeps it hidden from this audience."""
        return self.name or neutral_label(self.institution)


def neutral_label(institution: Institution) -> str:
    return _("Network member, %(institution)s", institution=institution.name)


def entry(member: Member, audience: str) -> Entry:
    fields = services.visible_fields(member, audience)
    topics = ([topic.name for topic in member.topics]
              if member.visible_to("topics", audience) else [])
    return Entry(id=member.id, institution=member.institution, powiat=member.powiat,
                 is_coordinator=member.is_coordinator, fields=fields, topics=topics)


# --- filters ------------------------------------------------------------------------------

@dataclass
class Filters:
    query: str = ""
    powiat: Institution | None = None
    kind: str | None = None
    topic: Topic | None = None
    truncated: bool = False  # the search was longer than SEARCH_MAX_LENGTH: cut

    @property
    def active(self) -> bool:
        return bool(self.query or self.powiat or self.kind or self.topic)

    def args(self) -> dict:
        """The query-string arguments that give these filters (for pagination links)."""
        return {"q": self.query or None, "powiat": self.powiat.teryt if self.powiat else None,
                "kind": self.kind, "topic": self.topic.id if self.topic else None}


@dataclass(frozen=True)
class Choices:
    """What the filter lists offer, as plain values."""

    powiats: tuple[tuple[str, int, str], ...]  # TERYT code, id, name as people say it
    topics: tuple[tuple[int, str], ...]  # id, name


def choices() -> Choices:
    """The filter lists (every page of the directory shows them, cached:
    ``kept.CHOICES``)."""
    return Choices(
        powiats=tuple((unit.teryt, unit.id, display_name(unit)) for unit in coverage.powiats()),
        topics=tuple((topic.id, topic.name) for topic in topic_list()))


def filters_from(args, region_prefix: str | None = None) -> Filters:
    """Filters from a query string; unknown values are ignored rather than failing."""
    region_prefix = region_prefix or services.region_prefix()
    term = search_term(args.get("q"))
    powiat = None
    code = (args.get("powiat") or "").strip()
    if code.isdigit() and len(code) == 4 and code.startswith(region_prefix):
        powiat = db.session.scalar(select(Institution).where(
            Institution.teryt == code, Institution.kind.in_(COUNTY_KINDS)))
    kind = args.get("kind") if args.get("kind") in KINDS else None
    topic_id = args.get("topic", type=int)  # a werkzeug MultiDict (request.args)
    topic = db.session.get(Topic, topic_id) if topic_id else None
    return Filters(query=term.text, powiat=powiat, kind=kind, topic=topic,
                   truncated=term.truncated)


# --- queries ------------------------------------------------------------------------------

def _loaded(stmt: Select) -> Select:
    """Institution (already joined), powiat and topics loaded with the page: constant
    number of queries whatever the page holds."""
    return stmt.options(contains_eager(Member.institution), selectinload(Member.powiat),
                        selectinload(Member.topics))


def search(audience: str, filters: Filters) -> Select:
    return _loaded(services.directory(
        audience, filters.query, powiat_id=filters.powiat.id if filters.powiat else None,
        kind=filters.kind, topic_id=filters.topic.id if filters.topic else None))


def directory_page(audience: str, filters: Filters, number: int,
                   per_page: int = PER_PAGE) -> tuple[Page, list[Entry]]:
    """A page of approved members the audience may find, and their entries."""
    page = paginate(search(audience, filters), number, per_page)
    return page, [entry(member, audience) for member in page.items]


def approved_member(member_id: int) -> Member | None:
    """An approved member (the only kind anyone outside staff pages may look up)."""
    return db.session.scalar(_loaded(
        select(Member).join(Member.institution)
        .where(Member.id == member_id, Member.status == MemberStatus.APPROVED)))


def upcoming_meetings(limit: int = 5) -> list[Event]:
    """Published network meetings that have not ended, soonest first."""
    return list(db.session.scalars(
        select(Event).where(Event.type == NETWORK_MEETING, Event.status == EventStatus.PUBLISHED,
                            Event.ends_at >= utcnow())
        .order_by(Event.starts_at, Event.id).limit(limit)))
