"""A programme's cycle as pages, exports and the API show it: for each JST of the region and
a year, whether the draft was consulted (on this platform, found by itself, or elsewhere,
as recorded), when the programme was adopted and the report published, and whether on
time (``services.timeliness``)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from consult.consultations.models import Consultation
from consult.cooperation import queries
from consult.cooperation.models import CycleRecord, Step, Timeliness
from consult.cooperation.services import (
    adoption_deadline,
    report_deadline,
    timeliness,
    warsaw_today,
)
from consult.core.urls import external_url
from consult.institutions.models import Institution


@dataclass(frozen=True)
class CycleRow:
    institution: Institution
    year: int
    consultation: Consultation | None  # held on this platform
    consulted_elsewhere: CycleRecord | None
    adopted: CycleRecord | None
    adoption: Timeliness
    report: CycleRecord | None
    reporting: Timeliness

    @property
    def consulted(self) -> bool:
        return self.consultation is not None or self.consulted_elsewhere is not None


def _current(records: dict, institution_id: int, step: Step) -> CycleRecord | None:
    """The step's current value; None when nothing is recorded or the last entry says it
    did not happen after all."""
    found = records.get((institution_id, step))
    return None if found is None or found.withdrawn else found


def cycle_rows(institutions: list[Institution], year: int,
               today: date | None = None) -> list[CycleRow]:
    """One row per institution for ``year``, in three queries whatever their number."""
    today = today or warsaw_today()
    ids = [institution.id for institution in institutions]
    records = queries.current_records(ids, year)
    consultations = queries.platform_consultations(ids, year)
    rows = []
    for institution in institutions:
        adopted = _current(records, institution.id, Step.ADOPTED)
        report = _current(records, institution.id, Step.REPORT_PUBLISHED)
        rows.append(CycleRow(
            institution=institution, year=year,
            consultation=consultations.get(institution.id),
            consulted_elsewhere=_current(records, institution.id, Step.CONSULTED_ELSEWHERE),
            adopted=adopted,
            adoption=timeliness(adopted and adopted.happened_on, adoption_deadline(year), today),
            report=report,
            reporting=timeliness(report and report.happened_on, report_deadline(year), today)))
    return rows


def summary(rows: list[CycleRow]) -> dict[str, Counter]:
    """How many JST stand where, per step: {"adoption": Counter, "reporting": Counter,
    "consulted": Counter({True: n, False: m})}."""
    return {"adoption": Counter(row.adoption for row in rows),
            "reporting": Counter(row.reporting for row in rows),
            "consulted": Counter(row.consulted for row in rows)}


def source_address(institution, record: CycleRecord | None) -> str:
    """Where a value's source is: its link, or the address of the document kept as its
    source; "" for none."""
    if record is None:
        return ""
    if record.source_url or not record.has_document:
        return record.source_url
    return external_url("cooperation.source_document", teryt=institution.teryt,
                        record_id=record.id)
