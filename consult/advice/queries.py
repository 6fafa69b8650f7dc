"""Reads of the advice log: the staff list with its filters and totals, and the counters
the impact figures and the projects' pages read (``advice_minutes``, ``minutes_by_project``,
``by_topic``, ``reached``), each one query whatever the number of sessions."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, case, extract, func, literal, or_, select
from sqlalchemy.orm import joinedload

from consult.advice.models import AdviceSession
from consult.auth.models import ADMIN, STAFF, User
from consult.core.search import SearchTerm
from consult.extensions import db
from consult.institutions.models import Institution, Organisation

WITHOUT_PROJECT = "none"  # the project filter's value for sessions of no project


@dataclass(frozen=True)
class Filters:
    """The staff list's filters; ``project`` is a project's id, WITHOUT_PROJECT or None."""

    project: int | str | None = None
    advisor_id: int | None = None
    form: str | None = None
    category: str | None = None
    year: int | None = None
    month: int | None = None
    term: SearchTerm = SearchTerm()


def _period(start: date | None, end: date | None) -> list:
    """Sessions held from ``start`` to ``end``, both days included (Warsaw days)."""
    conditions = []
    if start is not None:
        conditions.append(AdviceSession.held_on >= start)
    if end is not None:
        conditions.append(AdviceSession.held_on <= end)
    return conditions


def _project(project_id: int | None) -> list:
    return [] if project_id is None else [AdviceSession.funding_project_id == project_id]


def advice_minutes(project_id: int | None = None, start: date | None = None,
                   end: date | None = None) -> int:
    """Minutes of advice given (within a project; from ``start`` to ``end``, inclusive)."""
    return int(db.session.scalar(
        select(func.coalesce(func.sum(AdviceSession.minutes), 0))
        .where(*_project(project_id), *_period(start, end))) or 0)


def by_topic(project_id: int | None, start: date | None, end: date | None
             ) -> list[tuple[str, int, int]]:
    """(topic category, sessions, minutes) of a project's advice in a period, one query."""
    return [tuple(row) for row in db.session.execute(
        select(AdviceSession.category, func.count(), func.sum(AdviceSession.minutes))
        .where(*_project(project_id), *_period(start, end))
        .group_by(AdviceSession.category))]


def minutes_by_project() -> dict[int | None, int]:
    """Minutes of advice per funding project (None: of no project), in one query."""
    return dict(db.session.execute(
        select(AdviceSession.funding_project_id, func.sum(AdviceSession.minutes))
        .group_by(AdviceSession.funding_project_id)).all())


def reached(project_id: int | None, start: date | None, end: date | None, by_project: bool
            ) -> Select:
    """Who was advised, in the shape the impact figures count attendees' organisations
    (``events.reach.reached_by``), one row per distinct one. The key is the project's id when
    ``by_project``, else 0 (the totals). A JST counts by its id (TERC names two gminas
    "Płońsk"), an organisation of the register by its id, anyone else by the name typed."""
    key = AdviceSession.funding_project_id if by_project else literal(0)
    return (
        select(key.label("key"),
               case((AdviceSession.institution_id.is_not(None), "jst"),
                    else_="ngo").label("category"),
               AdviceSession.advised_name.label("name"),
               AdviceSession.organisation_id.label("organisation_id"),
               Organisation.search_name.label("register_search_name"),
               Organisation.name.label("register_name"), Organisation.krs.label("krs"),
               AdviceSession.institution_id.label("institution_id"),
               Institution.name.label("institution_name"), Institution.teryt.label("teryt"))
        .outerjoin(Organisation, Organisation.id == AdviceSession.organisation_id)
        .outerjoin(Institution, Institution.id == AdviceSession.institution_id)
        .where(*_project(project_id), *_period(start, end))
        .distinct())


def _conditions(filters: Filters) -> list:
    conditions = []
    if filters.project == WITHOUT_PROJECT:
        conditions.append(AdviceSession.funding_project_id.is_(None))
    elif filters.project is not None:
        conditions.append(AdviceSession.funding_project_id == filters.project)
    if filters.advisor_id is not None:
        conditions.append(AdviceSession.advisor_id == filters.advisor_id)
    if filters.form is not None:
        conditions.append(AdviceSession.form == filters.form)
    if filters.category is not None:
        conditions.append(AdviceSession.category == filters.category)
    if filters.year is not None:
        if filters.month is not None:
            first = date(filters.year, filters.month, 1)
            after = (date(filters.year + 1, 1, 1) if filters.month == 12
                     else date(filters.year, filters.month + 1, 1))
        else:
            first, after = date(filters.year, 1, 1), date(filters.year + 1, 1, 1)
        conditions += [AdviceSession.held_on >= first, AdviceSession.held_on < after]
    elif filters.month is not None:
        conditions.append(extract("month", AdviceSession.held_on) == filters.month)
    if filters.term:
        # Who was advised, folded like every search_* column: the organisation's and the
        # JST's names, and the name typed for someone not in the register.
        names = (func.coalesce(Organisation.search_name, literal("")) + literal(" ")
                 + func.coalesce(Institution.search_name, literal("")) + literal(" ")
                 + AdviceSession.advised_search)
        conditions += [names.contains(word, autoescape=True) for word in filters.term.words]
    return conditions


def _filtered(stmt: Select, filters: Filters) -> Select:
    if filters.term:
        stmt = (stmt.outerjoin(Organisation, Organisation.id == AdviceSession.organisation_id)
                .outerjoin(Institution, Institution.id == AdviceSession.institution_id))
    return stmt.where(*_conditions(filters))


def sessions(filters: Filters) -> Select:
    """The filtered sessions, the newest first, with who was advised, the advisor and the
    project loaded along (to paginate or export: one query whatever their number)."""
    return _filtered(
        select(AdviceSession).options(
            joinedload(AdviceSession.organisation), joinedload(AdviceSession.institution),
            joinedload(AdviceSession.advisor), joinedload(AdviceSession.funding_project)),
        filters,
    ).order_by(AdviceSession.held_on.desc(), AdviceSession.start_time.desc(),
               AdviceSession.id.desc())


def totals(filters: Filters) -> tuple[int, int]:
    """(sessions, minutes) of the filtered list."""
    count, minutes = db.session.execute(_filtered(
        select(func.count(AdviceSession.id), func.coalesce(func.sum(AdviceSession.minutes), 0)),
        filters)).one()
    return int(count), int(minutes or 0)


def years() -> list[int]:
    """The years with advice, the newest first."""
    first, last = db.session.execute(
        select(func.min(AdviceSession.held_on), func.max(AdviceSession.held_on))).one()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


def advisor_choices(also: int | None = None) -> list[tuple[int, str]]:
    """The staff (who may advise) and anyone who advised before, by name; ``also``: an
    advisor to keep in the list though no longer staff (a session being edited)."""
    advised_before = select(AdviceSession.advisor_id).where(
        AdviceSession.advisor_id.is_not(None)).scalar_subquery()
    condition = or_(User.role.in_((ADMIN, STAFF)), User.id.in_(advised_before))
    if also is not None:
        condition = or_(condition, User.id == also)
    return list(db.session.execute(
        select(User.id, User.full_name).where(condition).order_by(User.full_name, User.id)))


def organisation_names() -> list[str]:
    """The register's names, suggested as staff type who was advised."""
    return list(db.session.scalars(
        select(Organisation.name).order_by(Organisation.search_name, Organisation.id)))

