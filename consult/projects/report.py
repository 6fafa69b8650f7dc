"""The funder's report of a project for a period: its indicators (the counters), the
people reached by participant group and, where the registration forms asked for it (a
question marked ``reports_sex``), by sex; every event held with its dates, place, hours and
attendance by group; and the advice given. The files are built in ``report_files.py``.

Only what the impact figures count counts here (``impact.held_conditions``): events of the
project that started within the period (Warsaw days) and have ended, with someone present;
a person is counted once per group however many of the events they attended, with one
answer about sex (the first they gave). The aggregates are one query each; the people by
group and sex are read as one row per attendance, folded here.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload

from consult.advice import queries as advice
from consult.advice.models import CATEGORY_LABELS as TOPIC_LABELS
from consult.core.text import search_key
from consult.core.timeutil import minutes_as_hours, to_local
from consult.events import impact
from consult.events.choices import CATEGORIES, CATEGORY_LABELS, FORMAT_LABELS, TYPE_LABELS
from consult.events.funding import FundingProject
from consult.events.models import Answer, Attendance, Event, Question, Registration
from consult.extensions import db
from consult.projects import counters


@dataclass
class GroupRow:
    label: str
    people: int
    by_sex: dict[str, int] = field(default_factory=dict)  # sex label → people


@dataclass
class EventRow:
    title: str
    type: str
    format: str
    place: str  # the county, or the venue
    starts_on: date
    ends_on: date
    hours: Decimal | None
    kilometres: int | None
    people: int
    by_category: dict[str, int]


@dataclass
class AdviceRow:
    label: str
    sessions: int
    minutes: int

    @property
    def hours(self) -> Decimal:
        return minutes_as_hours(self.minutes)


@dataclass
class FunderReport:
    project: FundingProject
    since: date | None
    until: date | None
    counters: counters.Counters
    groups: list[GroupRow]
    sexes: list[str]  # the answers about sex given, as columns; empty: nobody was asked
    events: list[EventRow]
    advice: list[AdviceRow]
    # (name, KRS) of each organisation and (name, TERYT) of each JST the counters count,
    # by name: the evidence of reach a funder checks ("at least 8 JST").
    organisations: list[tuple[str, str]]
    institutions: list[tuple[str, str]]

    @property
    def period(self) -> str:
        """"20.03.2021 – 15.01.2024"; an open end is "…"."""
        if not (self.since or self.until):
            return _("the whole record")
        since = self.since.strftime("%d.%m.%Y") if self.since else "…"
        until = self.until.strftime("%d.%m.%Y") if self.until else "…"
        return f"{since} – {until}"

    @property
    def advice_minutes(self) -> int:
        return sum(row.minutes for row in self.advice)


def build(project: FundingProject, since: date | None, until: date | None) -> FunderReport:
    filters = impact.Filters(project_id=project.id, since=since, until=until)
    figures = impact.figures(filters, with_advice=True)
    groups, sexes = _groups(filters)
    reached = impact.reached(filters)
    return FunderReport(
        project=project, since=since, until=until,
        counters=counters.from_figures(figures, advice.advice_minutes(project.id, since, until)),
        groups=groups, sexes=sexes, events=_events(filters),
        advice=_advice(project.id, since, until),
        organisations=sorted(reached.organisations_shown().values(),
                             key=lambda row: search_key(row[0])),
        institutions=sorted(reached.institutions.values(), key=lambda row: search_key(row[0])))


def _attended():
    return exists().where(Attendance.registration_id == Registration.id)


def _groups(filters: impact.Filters) -> tuple[list[GroupRow], list[str]]:
    """People per participant group and answer about sex. Each person has one answer: the
    first given (a later event that did not ask does not make it "not given"). Answers are
    grouped up to case and Polish letters ("Kobieta" = "kobieta"), shown as most often
    written."""
    not_given = _("not given")
    sex_answer = (
        select(Answer.value).join(Question, Question.id == Answer.question_id)
        .where(Answer.registration_id == Registration.id, Question.reports_sex.is_(True))
        .limit(1).correlate(Registration).scalar_subquery())
    asked = db.session.scalar(select(exists().where(
        Question.reports_sex.is_(True), Question.event_id.in_(
            select(Event.id).where(*impact.held_conditions(filters))))))
    answers: dict[tuple[str, str], str] = {}
    spellings: dict[str, Counter] = defaultdict(Counter)
    for category, person, answer in db.session.execute(
            select(Registration.category, impact.person(), sex_answer)
            .join(Event, Event.id == Registration.event_id)
            .where(*impact.held_conditions(filters), _attended())
            .order_by(Event.starts_at, Registration.id)):
        key = search_key(answer or "")
        if key:
            spellings[key][answer.strip()] += 1
        if not answers.get((category, person)):
            answers[category, person] = key
    labels = {key: spelled.most_common(1)[0][0] for key, spelled in spellings.items()}
    labels[""] = not_given
    by_sex: dict[str, Counter] = defaultdict(Counter)
    for (category, _person), key in answers.items():
        by_sex[category][labels[key]] += 1
    sexes = sorted((label for key, label in labels.items() if key), key=search_key)
    groups = [GroupRow(str(CATEGORY_LABELS[c]), sum(by_sex[c].values()), dict(by_sex[c]))
              for c in CATEGORIES]
    return groups, [*sexes, not_given] if asked else []


def _events(filters: impact.Filters) -> list[EventRow]:
    """The held events, in order, with people present per group: two queries."""
    held = select(Event.id).where(*impact.held_conditions(filters))
    events = list(db.session.scalars(
        select(Event).where(Event.id.in_(held)).options(joinedload(Event.powiat))
        .order_by(Event.starts_at, Event.id)))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for event_id, category, count in db.session.execute(
            select(Registration.event_id, Registration.category,
                   func.count(impact.person().distinct()))
            .where(Registration.event_id.in_(held), _attended())
            .group_by(Registration.event_id, Registration.category)):
        counts[event_id][category] = count
    return [EventRow(event.title, str(TYPE_LABELS.get(event.type, event.type)),
                     str(FORMAT_LABELS.get(event.format, event.format)),
                     event.powiat.name if event.powiat else event.venue_name,
                     to_local(event.starts_at).date(), to_local(event.ends_at).date(),
                     event.hours, event.kilometres, sum(counts[event.id].values()),
                     counts[event.id]) for event in events]


def _advice(project_id: int, since: date | None, until: date | None) -> list[AdviceRow]:
    """Sessions and minutes of advice per topic, in the order of the topics: one query."""
    order = list(TOPIC_LABELS)
    rows = sorted(advice.by_topic(project_id, since, until),
                  key=lambda row: order.index(row[0]) if row[0] in order else len(order))
    return [AdviceRow(str(TOPIC_LABELS.get(category, category)), sessions, minutes or 0)
            for category, sessions, minutes in rows]
