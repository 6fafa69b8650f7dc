"""How far the network reaches: per powiat-level unit, how many of its JSTs have an approved
member and how many have their designated coordinator for NGO cooperation in the network.

The JSTs of a powiat are the powiat itself and its gminas. A city with powiat rights
(miasto na prawach powiatu) is one JST, though TERC lists it twice (1462 Płock and its
gmina 1462011): it is counted once, and a member of either code reaches it. Gminas belong
to the powiat whose TERYT code starts theirs. Two queries, whatever the size of the region.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from consult.extensions import db
from consult.institutions.models import CITY_COUNTY, COUNTY_KINDS, GMINA_KINDS, Institution
from consult.institutions.places import region_counties
from consult.network import services
from consult.network.models import Member, MemberStatus


@dataclass
class CoverageRow:
    powiat: Institution
    jsts: list[Institution] = field(default_factory=list)  # the powiat first, then gminas
    with_members: set[int] = field(default_factory=set)  # institution ids
    with_coordinator: set[int] = field(default_factory=set)

    @property
    def jst_count(self) -> int:
        return len(self.jsts)

    @property
    def members_count(self) -> int:
        """JSTs with at least one approved member."""
        return len(self.with_members)

    @property
    def coordinators_count(self) -> int:
        """JSTs whose designated coordinator is an approved member."""
        return len(self.with_coordinator)

    @property
    def percent(self) -> int:
        """Share of the JSTs reached, rounded down (100 only when all are)."""
        return self.members_count * 100 // self.jst_count if self.jst_count else 0

    @property
    def without_members(self) -> list[Institution]:
        return [inst for inst in self.jsts if inst.id not in self.with_members]


@dataclass
class Totals:
    jst_count: int
    members_count: int
    coordinators_count: int

    @property
    def percent(self) -> int:
        return self.members_count * 100 // self.jst_count if self.jst_count else 0


def _units(region_prefix: str, kinds=(*COUNTY_KINDS, *GMINA_KINDS)) -> list:
    return [Institution.teryt.startswith(region_prefix, autoescape=True),
            Institution.kind.in_(kinds), Institution.in_register.is_(True)]


def coverage(region_prefix: str | None = None) -> list[CoverageRow]:
    """One row per powiat-level unit of the region (TERYT prefix), in Polish alphabetical
    order of the names."""
    region_prefix = region_prefix or services.region_prefix()
    counties = region_counties(region_prefix)
    reached = db.session.execute(
        select(Member.institution_id,
               func.max(case((Member.is_coordinator.is_(True), 1), else_=0)))
        .join(Member.institution)
        .where(Member.status == MemberStatus.APPROVED,
               Institution.teryt.startswith(region_prefix, autoescape=True))
        .group_by(Member.institution_id)).all()
    coordinated = {institution_id for institution_id, flag in reached if flag}
    members = {institution_id for institution_id, _flag in reached}

    rows = []
    for county in counties:
        row = CoverageRow(powiat=county.unit, jsts=county.jsts)
        # the JST each code stands for: a city's gmina-level code is the city
        counted_as = {unit.id: unit.id for unit in county.jsts}
        counted_as.update({unit.id: county.unit.id for unit in county.city_gmina})
        for institution_id, jst_id in counted_as.items():
            if institution_id in members:
                row.with_members.add(jst_id)
            if institution_id in coordinated:
                row.with_coordinator.add(jst_id)
        rows.append(row)
    return rows


def powiats(region_prefix: str | None = None) -> list[Institution]:
    """The powiat-level units of the region, by name (as the coverage rows are)."""
    return [county.unit for county in region_counties(region_prefix or services.region_prefix())]


def _reached_by(institution_ids) -> object:
    """The unit is reached by members of these institutions: through its own code or, for
    a city with powiat rights, through its gmina-level code too."""
    gmina = aliased(Institution)
    return or_(Institution.id.in_(institution_ids), and_(
        Institution.kind == CITY_COUNTY,
        Institution.teryt.in_(select(func.substr(gmina.teryt, 1, 4)).where(
            gmina.id.in_(institution_ids), gmina.kind.in_(GMINA_KINDS),
            gmina.in_register.is_(True)))))


def region_totals(region_prefix: str | None = None) -> Totals:
    """``totals(coverage())`` counted by the database: the directory shows it on every
    page, and coverage() reads every JST of the region."""
    region_prefix = region_prefix or services.region_prefix()
    county = aliased(Institution)
    counties = select(county.teryt).where(county.kind.in_(COUNTY_KINDS),
                                          county.in_register.is_(True))
    powiat_code = func.substr(Institution.teryt, 1, 4)
    counted = and_(*_units(region_prefix), powiat_code.in_(counties),
                   ~and_(Institution.kind.in_(GMINA_KINDS),  # a city's gmina: the city
                         powiat_code.in_(counties.where(county.kind == CITY_COUNTY))))
    approved = select(Member.institution_id).where(Member.status == MemberStatus.APPROVED)
    jsts, reached, coordinated = db.session.execute(select(
        func.count(Institution.id),
        func.count(Institution.id).filter(_reached_by(approved)),
        func.count(Institution.id).filter(_reached_by(
            approved.where(Member.is_coordinator.is_(True)))),
    ).where(counted)).one()
    return Totals(jst_count=jsts, members_count=reached, coordinators_count=coordinated)


def totals(rows: list[CoverageRow]) -> Totals:
    return Totals(jst_count=sum(row.jst_count for row in rows),
                  members_count=sum(row.members_count for row in rows),
                  coordinators_count=sum(row.coordinators_count for row in rows))
