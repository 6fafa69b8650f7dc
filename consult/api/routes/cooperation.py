"""GET /api/v1/cooperation/programmes: each JST of the region and the cycle of its annual
programme of cooperation for one year (consult.cooperation.cycle), in TERYT order, each JST
once (a city with powiat rights by its powiat-level code), as on /cooperation/.

``*_on_time`` is true (on or before the statutory day), false (late) or null: nothing is
recorded yet, whether the deadline has passed or not, so nothing in an answer follows the
clock. The version behind ETag covers the JST of the region (or the powiat), the records
of that year and the platform's consultations of that year's programmes.
"""

from flask import request
from sqlalchemy import func, select

from consult.api import bp, kept
from consult.api.problems import InvalidParameter
from consult.api.responses import PER_PAGE, conditional_json, page_number
from consult.consultations.choices import ANNUAL
from consult.consultations.models import Consultation
from consult.cooperation import queries
from consult.cooperation.cycle import CycleRow, cycle_rows, source_address
from consult.cooperation.models import CycleRecord, Timeliness
from consult.core.urls import external_url
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.places import region_prefix

ON_TIME = {Timeliness.ON_TIME: True, Timeliness.LATE: False}


def programme_json(row: CycleRow) -> dict:
    institution, adopted, report = row.institution, row.adopted, row.report
    return {
        "teryt": institution.teryt,
        "name": institution.name,
        "kind": institution.kind,
        "year": row.year,
        "consulted": row.consulted,
        "consultation_url": external_url("consultations.detail", slug=row.consultation.slug)
        if row.consultation is not None else None,
        "adopted_on": _iso(adopted and adopted.happened_on),
        "resolution": (adopted and adopted.reference) or None,
        "source_url": source_address(institution, adopted) or None,
        "adopted_on_time": ON_TIME.get(row.adoption),
        "report_published_on": _iso(report and report.happened_on),
        "report_on_time": ON_TIME.get(row.reporting),
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _scope(powiat: str | None) -> str | None:
    """The TERYT prefix of the JST listed: the region's, or the powiat's; None for a powiat
    code outside the region (nobody is there)."""
    prefix = region_prefix()
    if powiat is None:
        return prefix
    return powiat if powiat.startswith(prefix) else None


def _version(scope: str | None, year: int) -> tuple[str, object]:
    """How many and the last change of what the answer shows, in one query: the JST in
    the register, the records of the year (append-only: their count and newest id), the
    announced consultations of the year's programmes."""
    if scope is None:
        return "none", None
    ids = select(Institution.id).where(Institution.teryt.startswith(scope))
    institutions = (Institution.teryt.startswith(scope), Institution.in_register.is_(True))
    records = (CycleRecord.institution_id.in_(ids), CycleRecord.year == year)
    consultations = (Consultation.institution_id.in_(ids), Consultation.kind == ANNUAL,
                     Consultation.year == year, Consultation.announced_at.is_not(None))
    row = db.session.execute(select(*(
        select(aggregate).where(*where).scalar_subquery()
        for where, changed in ((institutions, Institution.updated_at),
                               (records, CycleRecord.id),
                               (consultations, Consultation.updated_at))
        for aggregate in (func.count(changed), func.max(changed))))).one()
    # No Last-Modified: a JST leaving the register can leave an older latest change.
    return ":".join(str(value) for value in row), None


@bp.get("/cooperation/programmes")
def cooperation_programmes():
    year = request.args.get("year", type=int)
    if year is None:  # its value is checked by consult.api.parameters when given
        raise InvalidParameter("year", "year is required: the year of the programme, "
                                       "e.g. ?year=2027.")
    powiat = request.args.get("powiat")
    number = page_number()
    scope = _scope(powiat)
    version, last_modified = kept.COOPERATION_VERSION.get(
        (request.full_path,), lambda: _version(scope, year))

    def build() -> dict:
        institutions = (queries.monitored_institutions(region_prefix(), powiat)
                        if scope is not None else [])
        shown = institutions[(number - 1) * PER_PAGE:number * PER_PAGE]
        more = len(institutions) > number * PER_PAGE
        return {
            "items": [programme_json(row) for row in cycle_rows(shown, year)],
            "next": external_url("api.cooperation_programmes", year=year, powiat=powiat,
                                 page=number + 1) if more else None,
        }

    return conditional_json(f"cooperation-programmes:{year}:{powiat}:{number}:{version}",
                            last_modified, build)
