"""Public pages of the consultation report (HTML, CSV, XLSX, DOCX) and of the adopted
version.

Both are 404 until published; the staff and the managers of the consultation's institution
see a preview, marked as such, so they can check them before publishing.
"""

from flask import Response, abort, render_template
from sqlalchemy import select

from consult.caching import conditional_response
from consult.consultations import adopted, bp, exports
from consult.consultations.access import may_preview
from consult.consultations.models import DECISION_LABELS, Consultation
from consult.consultations.report import author_text, build_report, report_version
from consult.core.documents import DOCX
from consult.core.http import content_disposition
from consult.core.spreadsheets import XLSX_TYPE
from consult.extensions import db


def _published_or_preview(slug: str, published_at: str) -> Consultation:
    """The consultation if ``published_at`` is set, or if the visitor may see a preview."""
    consultation = db.first_or_404(select(Consultation).where(Consultation.slug == slug))
    if getattr(consultation, published_at) is None and not may_preview(consultation):
        abort(404)
    return consultation


def _report(slug: str):
    consultation = _published_or_preview(slug, "report_published_at")
    return build_report(consultation)


def _as_preview(response: Response, preview: bool) -> Response:
    """A preview is a draft: no copy stored by browsers or proxies, not indexed."""
    if preview:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _file(data: bytes, mimetype: str, filename: str, preview: bool) -> Response:
    return _as_preview(Response(data, content_type=mimetype, headers={
        "Content-Disposition": content_disposition(filename),
    }), preview)


@bp.get("/<slug>/report")
def report(slug):
    report = _report(slug)
    page = render_template("consultations/public/report.html", report=report,
                           consultation=report.consultation)
    return _as_preview(Response(page), report.is_preview)


def _export(slug: str, build, content_type: str, extension: str) -> Response:
    """A published report's file, built once per version of the record and answered with
    304 when the client has it; a preview is built afresh every time."""
    consultation = _published_or_preview(slug, "report_published_at")
    name = exports.file_name(consultation, extension)
    if consultation.report_published_at is None:
        return _file(build(build_report(consultation)), content_type, name, preview=True)
    version, changed = report_version(consultation)
    response = conditional_response(version, changed,
                                    lambda: build(build_report(consultation)), content_type)
    response.headers["Content-Disposition"] = content_disposition(name)
    return response


@bp.get("/<slug>/report.csv")
def report_csv(slug):
    return _export(slug, exports.report_csv, exports.CSV_TYPE, "csv")


@bp.get("/<slug>/report.xlsx")
def report_xlsx(slug):
    return _export(slug, exports.report_xlsx, XLSX_TYPE, "xlsx")


@bp.get("/<slug>/report.docx")
def report_docx(slug):
    return _export(slug, exports.report_docx, DOCX, "docx")


@bp.get("/<slug>/adopted", endpoint="adopted")
def adopted_page(slug):
    consultation = _published_or_preview(slug, "final_published_at")
    preview = consultation.final_published_at is None
    page = render_template("consultations/public/adopted.html", consultation=consultation,
                           version=adopted.adopted_version(consultation), is_preview=preview,
                           author=author_text, decision_labels=DECISION_LABELS)
    return _as_preview(Response(page), preview)
