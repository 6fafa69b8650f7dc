"""The published results: the list of diagnoses with a comparison of JSTs, one diagnosis
with its charts, and its files (report as DOCX and PDF, the table as CSV and XLSX). An
unpublished diagnosis is 404 here: its results are staff-only
(``routes/manage_results.py``)."""

from dataclasses import dataclass

from flask import Response, abort, render_template

from consult.core.documents import DOCX
from consult.core.http import content_disposition
from consult.core.spreadsheets import XLSX_TYPE
from consult.research import bp, charts, exports, reports
from consult.research.results import (
    Results,
    compute,
    compute_all,
    earlier_results,
    in_language,
    latest_per_institution,
    published,
    published_diagnoses,
    shown,
)


@bp.app_context_processor
def _template_helpers() -> dict:
    """For every template: the JST's page of the cooperation monitor lists its diagnoses."""
    return {"in_language": in_language, "shown_index": shown}


@dataclass(frozen=True)
class Comparison:
    """The latest published diagnosis of each JST side by side, by area (areas matched by
    their Polish title, so an edited questionnaire leaves a blank, not a wrong figure)."""

    titles: list[tuple[str, str]]  # (Polish title, the title in the page's language)
    rows: list[tuple[Results, list[float | None]]]


def comparison(latest: list[Results]) -> Comparison:
    titles: dict[str, str] = {}
    for results in latest:
        for area in results.areas:
            titles.setdefault(area.title_pl, in_language(area.title_pl, area.title_en))
    rows = []
    for results in latest:
        by_title = {area.title_pl: results.area_overall.get(area.id) for area in results.areas}
        rows.append((results, [by_title.get(title) for title in titles]))
    return Comparison(titles=list(titles.items()), rows=rows)


def page_context(results: Results) -> dict:
    """What the results page shows, for the public and for staff's preview alike."""
    history = [*earlier_results(results.diagnosis), results]
    area_chart = charts.area_chart(results)
    years_chart = charts.years_chart(history)
    return {
        "results": results, "history": history, "method": reports.method(results),
        "hidden_text": exports.hidden_text(results),
        "area_chart": charts.svg(area_chart, "chart-areas") if area_chart else None,
        "years_chart": charts.svg(years_chart, "chart-years") if years_chart else None,
        "years_series": years_chart.series if years_chart else [],
        "years_rows": years_chart.rows if years_chart else [],
    }


def download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": content_disposition(name)})


def files(results: Results, kind: str) -> Response:
    """One of the diagnosis's files: "docx", "pdf", "csv" or "xlsx"."""
    made = {
        "docx": (reports.docx_report, DOCX),
        "pdf": (reports.pdf_report, reports.PDF_TYPE),
        "csv": (exports.results_csv, exports.CSV_TYPE),
        "xlsx": (exports.results_xlsx, XLSX_TYPE),
    }
    build, mimetype = made[kind]
    return download(build(results), mimetype, exports.file_name(results, kind))


def _published_results(slug: str) -> Results:
    diagnosis = published(slug)
    if diagnosis is None:
        abort(404)
    return compute(diagnosis)


@bp.get("/")
def index():
    diagnoses = published_diagnoses()
    every = compute_all(diagnoses)
    by_id = {results.diagnosis.id: results for results in every}
    latest = [by_id[diagnosis.id] for diagnosis in latest_per_institution(diagnoses)]
    return render_template("research/public/index.html", diagnoses=every,
                           comparison=comparison(latest) if len(latest) > 1 else None)


@bp.get("/<slug>/")
def diagnosis(slug):
    results = _published_results(slug)
    return render_template("research/public/diagnosis.html", **page_context(results))


@bp.get("/<slug>/report.docx")
def report_docx(slug):
    return files(_published_results(slug), "docx")


@bp.get("/<slug>/report.pdf")
def report_pdf(slug):
    return files(_published_results(slug), "pdf")


@bp.get("/<slug>/results.csv")
def results_csv(slug):
    return files(_published_results(slug), "csv")


@bp.get("/<slug>/results.xlsx")
def results_xlsx(slug):
    return files(_published_results(slug), "xlsx")
