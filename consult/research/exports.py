"""The results as data: the CSV/XLSX table and the API's JSON, both built from
``results.Results`` with the threshold applied (a hidden group appears only as "fewer than
N answers", never with a figure or its number of answers). The staff version is the same
table (staff download it before publishing); counts and open answers stay on the staff page.
"""

from flask_babel import gettext as _

from consult.core.http import download_name
from consult.core.spreadsheets import (
    add_summary_sheet,
    add_table_sheet,
    empty_workbook,
    to_csv,
    xlsx_bytes,
)
from consult.core.urls import external_url
from consult.research.results import GroupResult, Results, in_language, shown

CSV_TYPE = "text/csv; charset=utf-8"


def file_name(results: Results, extension: str) -> str:
    diagnosis = results.diagnosis
    return download_name(_("diagnosis of cooperation"), diagnosis.institution.name,
                         str(diagnosis.year), extension=extension)


def hidden_text(results: Results) -> str:
    return _("fewer than %(count)d answers", count=results.threshold)


def _cell(results: Results, group: GroupResult, value: float | None) -> str:
    return shown(value) if group.visible else hidden_text(results)


def header(results: Results) -> list[str]:
    return [_("Area"), _("Indicator"), _("All groups"),
            *(group.name for group in results.groups)]


def table(results: Results) -> list[list[str]]:
    """The overall index, then each area and its scored indicators, one column per group."""
    rows = [[_("Overall index"), "", shown(results.overall),
             *(_cell(results, g, g.overall) for g in results.groups)]]
    for area in results.areas:
        title = in_language(area.title_pl, area.title_en)
        rows.append([title, "", shown(results.area_overall.get(area.id)),
                     *(_cell(results, g, g.areas.get(area.id)) for g in results.groups)])
        for indicator in results.scored(area):
            rows.append([title, in_language(indicator.text_pl, indicator.text_en), "",
                         *(_cell(results, g, g.indicators.get(indicator.id))
                           for g in results.groups)])
    return rows


def results_csv(results: Results) -> bytes:
    return to_csv(header(results), table(results))


def results_xlsx(results: Results) -> bytes:
    diagnosis = results.diagnosis
    workbook = empty_workbook()
    add_summary_sheet(workbook, _("About"), diagnosis.title, [
        _("Index from 0 to 100 (the Local Cooperation Quality Index). No figure is given "
          "for a group with fewer than %(count)d answers.", count=results.threshold)], [
        (_("Local government"), diagnosis.institution.name), (_("Year"), str(diagnosis.year)),
        (_("Overall index"), shown(results.overall))])
    add_table_sheet(workbook, str(diagnosis.year), header(results), table(results))
    return xlsx_bytes(workbook, diagnosis.title)


# ---------------------------------------------------------------------------------- API


def _index(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def summary_json(results: Results) -> dict:
    diagnosis = results.diagnosis
    return {
        "slug": diagnosis.slug,
        "title": diagnosis.title,
        "teryt": diagnosis.institution.teryt,
        "institution": diagnosis.institution.name,
        "year": diagnosis.year,
        "index": _index(results.overall),
        "published_at": diagnosis.published_at.isoformat(),
        "url": external_url("research.diagnosis", slug=diagnosis.slug),
        "detail_url": external_url("api.research_diagnosis", slug=diagnosis.slug),
    }


def _group_json(results: Results, group: GroupResult) -> dict:
    base = {"key": group.group.key, "name_pl": group.group.name_pl,
            "name_en": group.group.name_en, "shown": group.visible}
    if not group.visible:
        return {**base, "index": None, "areas": {}, "note": hidden_text(results)}
    return {**base, "index": _index(group.overall),
            "areas": {str(area.position + 1): _index(group.areas.get(area.id))
                      for area in results.areas},
            "note": None}


def detail_json(results: Results) -> dict:
    gap = results.gap
    return {
        **summary_json(results),
        "min_group_answers": results.threshold,
        "areas": [{"number": area.position + 1, "title_pl": area.title_pl,
                   "title_en": area.title_en, "weight": area.weight,
                   "index": _index(results.area_overall.get(area.id))}
                  for area in results.areas],
        "groups": [_group_json(results, group) for group in results.groups],
        "gap": None if gap is None else {"high": gap.high.group.key, "low": gap.low.group.key,
                                         "points": _index(gap.points)},
    }
