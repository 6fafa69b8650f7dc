"""The monitor as the public reads it: the region's table for a year (its filters, its
order, the grid by powiat) and one JST over the years.

The values themselves come from ``cycle.cycle_rows``; this module only chooses, orders and
groups them, so the page, the exports and the grid always agree.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from consult.consultations.choices import ANNUAL
from consult.consultations.models import Consultation
from consult.cooperation import queries
from consult.cooperation.cycle import CycleRow, cycle_rows, summary
from consult.cooperation.interventions import PublicSummary, published_summaries
from consult.cooperation.models import JST_STEPS, CycleRecord, Step, Timeliness
from consult.cooperation.services import (
    adoption_deadline,
    current_programme_year,
    report_deadline,
    timeliness,
    warsaw_today,
)
from consult.core.text import polish_sort_key
from consult.extensions import db
from consult.institutions.models import COUNTY_KINDS, GMINA_KINDS, VOIVODESHIP, Institution
from consult.institutions.places import by_name, county_labels, region_prefix
from consult.network import directory
from consult.network.models import Member
from consult.research.results import Results, compute_all, published_diagnoses

# Kinds of JST in the filter, in this order.
KINDS = (*GMINA_KINDS, *COUNTY_KINDS, VOIVODESHIP)
# The oldest year offered: art. 5a (a programme adopted by 30 November) dates from 2010.
FIRST_YEAR = 2010

# Worst first: the order of "timeliness" sorting.
TIMELINESS_ORDER = {Timeliness.MISSING: 0, Timeliness.LATE: 1, Timeliness.NOT_DUE: 2,
                    Timeliness.ON_TIME: 3}
SORTS = ("name", "adopted", "report", "timeliness")


@dataclass(frozen=True)
class Filters:
    year: int
    powiat: Institution | None = None
    kind: str | None = None
    sort: str = "name"
    descending: bool = False

    @property
    def sort_arg(self) -> str:
        return ("-" if self.descending else "") + self.sort

    def args(self, **changes) -> dict:
        """The query string of these filters (for links), with ``changes``; the defaults
        are left out."""
        args = {"year": self.year, "powiat": self.powiat.teryt if self.powiat else None,
                "kind": self.kind, "sort": None if self.sort_arg == "name" else self.sort_arg}
        args.update(changes)
        return {key: value for key, value in args.items() if value is not None}

    def sort_link(self, key: str) -> str:
        """The ``sort`` argument of a column header's link: ascending first, then the other
        way round."""
        if self.sort == key and not self.descending:
            return "-" + key
        return key


def year_choices(today: date | None = None) -> list[int]:
    """The years that have records or consultations, and the current and the next, newest
    first."""
    this = current_programme_year(today)
    return sorted(queries.programme_years() | {this, this + 1}, reverse=True)


def filters_from(args, powiats: list[Institution], today: date | None = None) -> Filters:
    """Filters from a query string; unknown values are ignored rather than failing."""
    this = current_programme_year(today)
    year = args.get("year", type=int)
    if year is None or not FIRST_YEAR <= year <= this + 5:
        year = this
    code = (args.get("powiat") or "").strip()
    powiat = next((unit for unit in powiats if unit.teryt == code), None)
    kind = args.get("kind") if args.get("kind") in KINDS else None
    sort = (args.get("sort") or "name").strip()
    descending = sort.startswith("-")
    sort = sort.lstrip("-")
    if sort not in SORTS:
        sort, descending = "name", False
    return Filters(year=year, powiat=powiat, kind=kind, sort=sort, descending=descending)


def _name_key(row: CycleRow) -> tuple:
    return polish_sort_key(row.institution.name), row.institution.teryt


def _dated(record: CycleRecord | None, descending: bool) -> tuple:
    """Rows without a date come last in either direction."""
    if record is None or record.happened_on is None:
        return (1, 0)
    ordinal = record.happened_on.toordinal()
    return (0, -ordinal if descending else ordinal)


def sorted_rows(rows: list[CycleRow], filters: Filters) -> list[CycleRow]:
    rows = sorted(rows, key=_name_key)
    if filters.sort == "name":
        return rows[::-1] if filters.descending else rows
    if filters.sort == "adopted":
        return sorted(rows, key=lambda row: _dated(row.adopted, filters.descending))
    if filters.sort == "report":
        return sorted(rows, key=lambda row: _dated(row.report, filters.descending))
    return sorted(rows, key=lambda row: (TIMELINESS_ORDER[row.adoption],
                                         TIMELINESS_ORDER[row.reporting]),
                  reverse=filters.descending)


@dataclass
class PowiatBlock:
    """One powiat of the grid: its JST (the powiat itself first), or the województwo."""

    label: str
    rows: list[CycleRow] = field(default_factory=list)


def grid(rows: list[CycleRow], powiats: list[Institution],
         labels: dict[int, str]) -> list[PowiatBlock]:
    """The rows grouped by powiat, powiats by name; the województwo first, on its own."""
    blocks: dict[str, PowiatBlock] = {
        unit.teryt: PowiatBlock(label=labels[unit.id]) for unit in by_name(powiats)}
    first: list[PowiatBlock] = []
    for row in sorted(rows, key=_name_key):
        unit = row.institution
        if unit.kind == VOIVODESHIP:
            first.append(PowiatBlock(label=row.institution.name, rows=[row]))
            continue
        block = blocks.get(unit.teryt[:4])
        if block is None:
            continue
        if unit.kind in COUNTY_KINDS:
            block.rows.insert(0, row)
        else:
            block.rows.append(row)
    return first + [block for block in blocks.values() if block.rows]


@dataclass
class RegionView:
    filters: Filters
    years: list[int]
    powiats: list[Institution]  # by name
    powiat_labels: dict[int, str]  # as people name them: "powiat płoński"
    rows: list[CycleRow]
    counts: dict
    blocks: list[PowiatBlock]


def region_view(args, today: date | None = None) -> RegionView:
    """Everything the region page and its exports show, in a fixed number of queries."""
    today = today or warsaw_today()
    prefix = region_prefix()
    powiats = queries.region_powiats(prefix)
    filters = filters_from(args, powiats, today)
    institutions = queries.monitored_institutions(
        prefix, filters.powiat.teryt if filters.powiat else None, filters.kind)
    rows = sorted_rows(cycle_rows(institutions, filters.year, today), filters)
    labels = county_labels(powiats)
    return RegionView(filters=filters, years=year_choices(today), powiats=by_name(powiats),
                      powiat_labels=labels, rows=rows, counts=summary(rows),
                      blocks=grid(rows, powiats, labels))


# --- one JST ------------------------------------------------------------------------------

@dataclass
class InstitutionView:
    institution: Institution
    years: list[CycleRow]  # newest first
    standing: list[tuple[Step, CycleRecord | None]]  # JST_STEPS with their current value
    consultations: list[Consultation]
    history: list[CycleRecord]
    # The federation's interventions whose summary staff published: all the public reads.
    interventions: list[PublicSummary] = field(default_factory=list)
    # The JST's published diagnoses of the quality of cooperation (consult.research).
    diagnoses: list[Results] = field(default_factory=list)


def _current(found: CycleRecord | None) -> CycleRecord | None:
    return None if found is None or found.withdrawn else found


def institution_view(institution: Institution, today: date | None = None,
                     also_years: Iterable[int] = ()) -> InstitutionView:
    """One JST over the years, in four queries however many: the years with a record or
    a consultation of the annual programme, always the current one, and ``also_years``."""
    today = today or warsaw_today()
    history = queries.history(institution.id)
    newest: dict[tuple[int | None, str], CycleRecord] = {}
    for record in reversed(history):  # the oldest first, so the newest stays
        newest[(record.year, record.step)] = record
    consultations = queries.institution_consultations(institution.id)
    annual = {}
    for consultation in sorted(consultations, key=lambda c: c.id):
        if consultation.kind == ANNUAL and consultation.year is not None:
            annual.setdefault(consultation.year, consultation)
    years = {record.year for record in history if record.year is not None}
    years |= set(annual) | {current_programme_year(today)} | set(also_years)
    rows = []
    for year in sorted(years, reverse=True):
        adopted = _current(newest.get((year, Step.ADOPTED)))
        report = _current(newest.get((year, Step.REPORT_PUBLISHED)))
        rows.append(CycleRow(
            institution=institution, year=year, consultation=annual.get(year),
            consulted_elsewhere=_current(newest.get((year, Step.CONSULTED_ELSEWHERE))),
            adopted=adopted,
            adoption=timeliness(adopted and adopted.happened_on, adoption_deadline(year), today),
            report=report,
            reporting=timeliness(report and report.happened_on, report_deadline(year), today)))
    standing = [(step, _current(newest.get((None, step)))) for step in JST_STEPS]
    return InstitutionView(institution=institution, years=rows, standing=standing,
                           consultations=consultations, history=history,
                           interventions=published_summaries(institution.id),
                           diagnoses=compute_all(published_diagnoses(institution.id)))


def network_entries(institution: Institution, audience: str) -> list[directory.Entry]:
    """The JST's approved network members as the audience may see them: through the
    directory's own entries, so a hidden field never reaches the page."""
    found = directory.search(audience, directory.Filters()).where(
        Member.institution_id == institution.id)
    return [directory.entry(member, audience) for member in db.session.scalars(found).unique()]
