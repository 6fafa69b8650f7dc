"""The region's table for a year as files (CSV, XLSX): the same rows and filters as the page,
public data only, built with ``consult.core.spreadsheets`` (which guards against
formulas)."""

from flask_babel import gettext as _

from consult.cooperation.cycle import CycleRow, source_address
from consult.cooperation.models import TIMELINESS_LABELS
from consult.cooperation.region import Filters
from consult.core.http import download_name
from consult.core.spreadsheets import add_table_sheet, empty_workbook, to_csv, xlsx_bytes
from consult.core.urls import external_url
from consult.institutions.naming import KIND_LABELS

CSV_TYPE = "text/csv; charset=utf-8"


def file_name(filters: Filters, extension: str) -> str:
    parts = [_("programmes of cooperation"), str(filters.year)]
    if filters.powiat is not None:
        parts.append(filters.powiat.teryt)
    if filters.kind:
        parts.append(str(KIND_LABELS[filters.kind]))
    return download_name(*parts, extension=extension)


def header() -> list[str]:
    return [_("TERYT"), _("Local government"), _("Kind"), _("Year"), _("Consulted"),
            _("Consultation on this platform"), _("Consulted elsewhere (source)"),
            _("Programme adopted on"), _("Resolution"), _("Source of the programme"),
            _("Adoption"), _("Report published on"), _("Source of the report"),
            _("Report")]


def _consulted(row: CycleRow) -> str:
    if row.consultation is not None:
        return _("on this platform")
    if row.consulted_elsewhere is not None:
        return _("elsewhere")
    return _("no")


def _day(record) -> str:
    return record.happened_on.isoformat() if record and record.happened_on else ""


def table(rows: list[CycleRow]) -> list[list[str]]:
    return [[
        row.institution.teryt, row.institution.name, str(KIND_LABELS[row.institution.kind]),
        str(row.year), _consulted(row),
        external_url("consultations.detail", slug=row.consultation.slug)
        if row.consultation else "",
        source_address(row.institution, row.consulted_elsewhere),
        _day(row.adopted), row.adopted.reference if row.adopted else "",
        source_address(row.institution, row.adopted), str(TIMELINESS_LABELS[row.adoption]),
        _day(row.report), source_address(row.institution, row.report),
        str(TIMELINESS_LABELS[row.reporting]),
    ] for row in rows]


def title(filters: Filters) -> str:
    return _("Programmes of cooperation with NGOs in %(year)d", year=filters.year)


def region_csv(rows: list[CycleRow]) -> bytes:
    return to_csv(header(), table(rows))


def region_xlsx(rows: list[CycleRow], filters: Filters) -> bytes:
    workbook = empty_workbook()
    add_table_sheet(workbook, str(filters.year), header(), table(rows))
    return xlsx_bytes(workbook, title(filters))
