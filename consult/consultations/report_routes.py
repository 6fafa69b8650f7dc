"""Public pages of the consultation report (HTML, CSV, XLSX, DOCX) and of the adopted
version.

Both are 404 until published; the staff and the managers of the consultation's institution
see a preview, marked as such, so they can check them before publishing.
"""

from flask import Response, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from consult.consultations import adopted, bp, exports
from consult.consultations.models import DECISION_LABELS, Consultation
from consult.consultations.report import author_text, build_report
from consult.extensions import db


def _may_preview(consultation: Consultation) -> bool:
    return (current_user.is_authenticated
            and current_user.can_manage_institution(consultation.institution))


def _published_or_preview(slug: str, published_at: str) -> Consultation:
    """The consultation if ``published_at`` is set, or if the visitor may see a preview."""
    consultation = db.first_or_404(select(Consultation).where(Consultation.slug == slug))
    if getattr(consultation, published_at) is None and not _may_preview(consultation):
        abort(404)
    return consultation


def _report(slug: str):
    consultation = _published_or_preview(slug, "report_published_at")
    return build_report(consultation)


def _as_preview(response: Response, preview: bool) -> Response:
    """A preview is a draft: not cached, not indexed."""
    if preview:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _file(data: bytes, mimetype: str, filename: str, preview: bool) -> Response:
    return _as_preview(Response(data, content_type=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
    }), preview)


@bp.get("/<slug>/report")
def report(slug):
    report = _report(slug)
    page = render_template("consultations/report.html", report=report,
                           consultation=report.consultation)
    return _as_preview(Response(page), report.is_preview)


@bp.get("/<slug>/report.csv")
def report_csv(slug):
    report = _report(slug)
    return _file(exports.report_csv(report), exports.CSV_TYPE,
                 exports.file_name(report, "csv"), report.is_preview)


@bp.get("/<slug>/report.xlsx")
def report_xlsx(slug):
    report = _report(slug)
    return _file(exports.report_xlsx(report), exports.XLSX_TYPE,
                 exports.file_name(report, "xlsx"), report.is_preview)


@bp.get("/<slug>/report.docx")
def report_docx(slug):
    report = _report(slug)
    return _file(exports.report_docx(report), exports.DOCX_TYPE,
                 exports.file_name(report, "docx"), report.is_preview)


@bp.get("/<slug>/adopted", endpoint="adopted")
def adopted_page(slug):
    consultation = _published_or_preview(slug, "final_published_at")
    preview = consultation.final_published_at is None
    page = render_template("consultations/adopted.html", consultation=consultation,
                           version=adopted.adopted_version(consultation), is_preview=preview,
                           author=author_text, decision_labels=DECISION_LABELS)
    return _as_preview(Response(page), preview)
