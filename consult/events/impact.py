"""Impact figures for funders and the home page, counted from attendance.

Only people who were present count: a registration with at least one attendance row, of a
published event (not a draft, not cancelled) that has taken place. "Taken place" means
ended: an event's hours are those of the whole programme, so counting a seminar from its
first morning would report three days of training when one was given, and its first day's
attendance as its reach. Attendance recorded after the end (from a signed paper list)
counts like any other. Every figure comes from an aggregate query,
so the number of queries does not grow with the number of events or people. Only the
distinct organisation names are normalised in Python, one row per name: ``search_key``
folds case and Polish letters ("Fundacja Łódź" = "fundacja lodz"), which SQLite cannot.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, and_, case, cast, exists, func, literal, or_, select

from consult.advice import queries as advice
from consult.cooperation import interventions
from consult.core.text import search_key
from consult.core.timeutil import local_to_utc, minutes_as_hours, to_local, utcnow
from consult.events.choices import CATEGORIES, CATEGORY_LABELS, JST, NGO, TYPE_LABELS, TYPES
from consult.events.funding import FundingProject
from consult.events.models import Attendance, Event, EventStatus, Registration
from consult.events.reach import Reached, reached_by
from consult.extensions import db
from consult.institutions.models import Institution, Organisation

YEAR, PROJECT, TYPE, POWIAT = "year", "project", "type", "powiat"
DIMENSIONS = (YEAR, PROJECT, TYPE, POWIAT)
DIMENSION_LABELS = {
    YEAR: _l("Year"),
    PROJECT: _l("Funding project"),
    TYPE: _l("Type of event"),
    POWIAT: _l("County"),
}
TOTAL = 0  # the group key of the totals


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    project_id: int | None = None
    event_type: str | None = None
    powiat_id: int | None = None
    # A period of Warsaw days, both included (a funder's report): events that start in it.
    since: date | None = None
    until: date | None = None

    @property
    def first_day(self) -> date | None:
        """The period's first day, the year's or ``since``, whichever is later."""
        days = [d for d in (self.since, date(self.year, 1, 1) if self.year else None) if d]
        return max(days) if days else None

    @property
    def last_day(self) -> date | None:
        days = [d for d in (self.until, date(self.year, 12, 31) if self.year else None) if d]
        return min(days) if days else None


@dataclass
class Figures:
    events: int = 0
    people: int = 0
    organisations: int = 0
    institutions: int = 0
    hours: Decimal = Decimal(0)
    kilometres: int = 0
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass
class BreakdownRow:
    key: object  # None: the events without a project or county
    label: str
    figures: Figures


@dataclass
class Report:
    total: Figures
    breakdowns: dict[str, list[BreakdownRow]]
    # The federation's interventions to JSTs per year of the letter (not filtered: they
    # belong to no event, project or type).
    interventions: dict[int, int] = field(default_factory=dict)
    # Minutes of individual advice in the year and project filtered (type and county do
    # not apply: advice belongs to no event).
    advice_minutes: int = 0


# ---------------------------------------------------------------- which events count


def _year_start(year: int) -> datetime:
    return local_to_utc(datetime(year, 1, 1))


def held_conditions(filters: Filters) -> list:
    """Published, ended events matching the filters that at least one person attended."""
    conditions = [
        Event.status == EventStatus.PUBLISHED,
        Event.ends_at <= utcnow(),
        exists().where(
            Registration.event_id == Event.id, Attendance.registration_id == Registration.id
        ),
    ]
    if filters.first_day is not None:
        conditions.append(Event.starts_at >= local_to_utc(
            datetime.combine(filters.first_day, time())))
    if filters.last_day is not None:
        conditions.append(Event.starts_at < local_to_utc(
            datetime.combine(filters.last_day + timedelta(days=1), time())))
    if filters.project_id is not None:
        conditions.append(Event.funding_project_id == filters.project_id)
    if filters.event_type is not None:
        conditions.append(Event.type == filters.event_type)
    if filters.powiat_id is not None:
        conditions.append(Event.powiat_id == filters.powiat_id)
    return conditions


def years() -> list[int]:
    """Years (local time) in which published events start, oldest first."""
    first, last = db.session.execute(
        select(func.min(Event.starts_at), func.max(Event.starts_at))
        .where(Event.status == EventStatus.PUBLISHED)
    ).one()
    if first is None:
        return []
    return list(range(to_local(first).year, to_local(last).year + 1))


def _local_year(span: list[int]):
    """The local year of the event's start as SQL. Time-zone arithmetic differs between
    databases, so the year boundaries (local midnight of 1 January) are computed here."""
    if not span:
        return literal(None)
    return case(
        *[(and_(Event.starts_at >= _year_start(y), Event.starts_at < _year_start(y + 1)), y)
          for y in span],
        else_=None,
    )


def _group_key(dimension: str | None, span: list[int]):
    if dimension is None:
        return literal(TOTAL)
    if dimension == YEAR:
        return _local_year(span)
    return {PROJECT: Event.funding_project_id, TYPE: Event.type, POWIAT: Event.powiat_id}[
        dimension
    ]


def person():
    """Who a registration is: its person_key, or the registration itself if it has none."""
    return case(
        (Registration.person_key == "", literal("#") + cast(Registration.id, String)),
        else_=Registration.person_key,
    )


# ---------------------------------------------------------------- counting


def _attendees(held):
    """The registrations present at the ``held`` events (a subquery of ``event_id`` and
    ``key``), grouped by the key: the columns to count are added to it."""
    return (select(held.c.key).select_from(Registration)
            .join(held, held.c.event_id == Registration.event_id)
            .where(exists().where(Attendance.registration_id == Registration.id))
            .group_by(held.c.key))


def _figures_by(filters: Filters, dimension: str | None, span: list[int],
                with_advice: bool = False) -> dict:
    """Group key → Figures, with four aggregate queries whatever the data (five
    ``with_advice``: the organisations and JST advised count as reached too, each once
    with those met at events; by project or in total only, as advice has no type or
    county)."""
    held = (
        select(Event.id.label("event_id"), Event.hours, Event.kilometres,
               _group_key(dimension, span).label("key"))
        .where(*held_conditions(filters))
        .subquery()
    )
    results: dict = defaultdict(Figures)
    for key, events, hours, kilometres in db.session.execute(
        select(held.c.key, func.count(), func.sum(held.c.hours), func.sum(held.c.kilometres))
        .group_by(held.c.key)
    ):
        results[key].events = events
        # Event.hours has one decimal; SQLite sums it as a float (0.1 + 0.2 = 0.300…04).
        results[key].hours = Decimal(str(hours or 0)).quantize(Decimal("0.1"))
        results[key].kilometres = int(kilometres or 0)

    attendees = _attendees(held)
    for key, people in db.session.execute(attendees.add_columns(func.count(person().distinct()))):
        results[key].people = people
    for key, category, people in db.session.execute(
        attendees.add_columns(Registration.category, func.count(person().distinct()))
        .group_by(Registration.category)
    ):
        results[key].by_category[category] = people

    # Each organisation and JST once (consult/events/reach.py).
    for key, reached in _reach(filters, dimension, attendees, with_advice).items():
        results[key].organisations = len(reached.organisations_shown())
        results[key].institutions = len(reached.institutions)
    return dict(results)


def _reach(filters: Filters, dimension: str | None, attendees, with_advice: bool) -> dict:
    """Group key → ``reach.Reached``: the organisations and JST of the attendees (and of
    the advice ``with_advice``), two queries."""
    rows = list(db.session.execute(
        attendees.add_columns(
            Registration.category.label("category"), Registration.organisation.label("name"),
            Registration.organisation_id.label("organisation_id"),
            Organisation.search_name.label("register_search_name"),
            Organisation.name.label("register_name"), Organisation.krs.label("krs"),
            literal(None).label("institution_id"), literal(None).label("institution_name"),
            literal(None).label("teryt"))
        .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
        .where(or_(Registration.organisation_id.is_not(None),
                   and_(Registration.category.in_((NGO, JST)), Registration.organisation != "")))
        .group_by(Registration.category, Registration.organisation,
                  Registration.organisation_id, Organisation.search_name, Organisation.name,
                  Organisation.krs)))
    if with_advice:
        rows += db.session.execute(advice.reached(
            filters.project_id, filters.first_day, filters.last_day,
            by_project=dimension == PROJECT))
    return reached_by(rows)


def reached(filters: Filters) -> Reached:
    """Whom the held events matching ``filters`` and their advice reached (a funder's
    report lists them): the same sets the figures count."""
    held = select(Event.id.label("event_id"), literal(TOTAL).label("key")).where(
        *held_conditions(filters)).subquery()
    return _reach(filters, None, _attendees(held), with_advice=True).get(TOTAL, Reached())


def figures(filters: Filters | None = None, with_advice: bool = False) -> Figures:
    """The totals: people, organisations and institutions reached, events held, hours.
    The home page shows them cached (``kept.IMPACT_FIGURES``): the aggregates read every
    attendance row."""
    return _figures_by(filters or Filters(), None, [], with_advice).get(TOTAL, Figures())


def figures_by_project(filters: Filters | None = None) -> dict[int, Figures]:
    """Each funding project's figures with its advice (``with_advice``): the projects'
    pages and the API. Projects with nothing held are missing."""
    return {key: result for key, result in
            _figures_by(filters or Filters(), PROJECT, [], with_advice=True).items()
            if key is not None}


def breakdown(filters: Filters, dimension: str, span: list[int] | None = None
              ) -> list[BreakdownRow]:
    """One row per year, project, type of event or county.

    A person who attended events of two types counts in both rows, so the rows may add up
    to more than the total.
    """
    if span is None:
        span = years() if dimension == YEAR else []
    by_key = _figures_by(filters, dimension, span)
    labels = _labels(dimension, [key for key in by_key if key is not None])
    rows = [BreakdownRow(key, labels.get(key, str(_l("not given"))), result)
            for key, result in by_key.items()]
    return sorted(rows, key=lambda row: (row.key is None, _order(dimension, row)))


def _order(dimension: str, row: BreakdownRow):
    if dimension == YEAR:
        return str(row.key)
    if dimension == TYPE:
        return f"{TYPES.index(row.key):02d}" if row.key in TYPES else row.key
    return search_key(row.label)


def _labels(dimension: str, keys: list) -> dict:
    if dimension == YEAR:
        return {key: str(key) for key in keys}
    if dimension == TYPE:
        return {key: str(TYPE_LABELS.get(key, key)) for key in keys}
    if not keys:
        return {}
    model = FundingProject if dimension == PROJECT else Institution
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(keys))).all())


def report(filters: Filters) -> Report:
    span = years()
    return Report(
        total=figures(filters),
        breakdowns={dimension: breakdown(filters, dimension, span) for dimension in DIMENSIONS},
        interventions=interventions.count_by_year(),
        advice_minutes=advice.advice_minutes(filters.project_id, filters.first_day,
                                             filters.last_day),
    )


def filter_choices() -> dict:
    """What the staff filters offer: years, projects, types and counties of events."""
    projects = db.session.execute(
        select(FundingProject.id, FundingProject.name).order_by(FundingProject.name)
    ).all()
    counties = db.session.execute(
        select(Institution.id, Institution.name)
        .where(Institution.id.in_(select(Event.powiat_id).where(Event.powiat_id.is_not(None))))
        .order_by(Institution.search_name)
    ).all()
    return {
        "years": years(),
        "projects": projects,
        "types": [(t, TYPE_LABELS[t]) for t in TYPES],
        "counties": counties,
    }


def csv_rows(result: Report) -> list[list]:
    """The report as spreadsheet rows: the header, the totals, then each breakdown."""
    header = [
        str(_l("Breakdown")), str(_l("Value")), str(_l("Events held")),
        str(_l("People reached")), str(_l("Organisations reached")),
        str(_l("Institutions reached")), str(_l("Hours")), str(_l("Kilometres")),
    ] + [str(_l("Attendees: %(category)s", category=CATEGORY_LABELS[c])) for c in CATEGORIES]
    rows = [header, _csv_row(str(_l("Total")), "", result.total)]
    for dimension, breakdown_rows in result.breakdowns.items():
        rows += [_csv_row(str(DIMENSION_LABELS[dimension]), row.label, row.figures)
                 for row in breakdown_rows]
    if result.advice_minutes:  # a table of its own, like the interventions below
        rows += [[], [str(_l("Advice")), str(_l("Minutes")), str(_l("Hours"))],
                 ["", result.advice_minutes, str(minutes_as_hours(result.advice_minutes))]]
    if result.interventions:  # a table of its own under the figures of events
        rows += [[], [str(_l("Interventions sent to local governments")), str(_l("Year")),
                      str(_l("Interventions"))]]
        rows += [["", year, count] for year, count in result.interventions.items()]
    return rows


def _csv_row(dimension: str, label: str, result: Figures) -> list:
    return [
        dimension, label, result.events, result.people, result.organisations,
        result.institutions, str(result.hours), result.kilometres,
    ] + [result.by_category.get(c, 0) for c in CATEGORIES]
