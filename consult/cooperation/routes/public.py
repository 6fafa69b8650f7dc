"""Public pages of the cooperation monitor: the region for a year (with its exports) and one
JST over the years."""

import io

from flask import Response, abort, render_template, request, send_file
from flask_login import current_user

from consult.cooperation import bp, exports, queries, region
from consult.cooperation.models import (
    OUTCOME_LABELS,
    PROBLEM_LABELS,
    STEP_LABELS,
    TIMELINESS_LABELS,
)
from consult.cooperation.services import adoption_deadline, report_deadline
from consult.core.documents import FILE_TYPES, file_size
from consult.core.http import content_disposition
from consult.core.spreadsheets import XLSX_TYPE
from consult.institutions.naming import KIND_LABELS, marked_display_name
from consult.institutions.places import region_prefix
from consult.network import services as network_services
from consult.network.models import FIELD_LABELS


@bp.context_processor
def _template_helpers() -> dict:
    return {"step_labels": STEP_LABELS, "timeliness_labels": TIMELINESS_LABELS,
            "kind_labels": KIND_LABELS, "institution_name": marked_display_name,
            "adoption_deadline": adoption_deadline, "report_deadline": report_deadline,
            "field_labels": FIELD_LABELS, "problem_labels": PROBLEM_LABELS,
            "outcome_labels": OUTCOME_LABELS, "file_types": FILE_TYPES, "file_size": file_size}


@bp.get("/")
def index():
    view = region.region_view(request.args)
    return render_template("cooperation/public/index.html", view=view,
                           filters=view.filters, kinds=region.KINDS)


def _download(body: bytes, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": content_disposition(name)})


@bp.get("/export.csv")
def export_csv():
    view = region.region_view(request.args)
    return _download(exports.region_csv(view.rows), exports.CSV_TYPE,
                     exports.file_name(view.filters, "csv"))


@bp.get("/export.xlsx")
def export_xlsx():
    view = region.region_view(request.args)
    return _download(exports.region_xlsx(view.rows, view.filters), XLSX_TYPE,
                     exports.file_name(view.filters, "xlsx"))


@bp.get("/<teryt>/")
def institution(teryt):
    found = queries.region_institution(region_prefix(), teryt)
    if found is None:
        abort(404)
    members = region.network_entries(found, network_services.audience_of(current_user))
    return render_template("cooperation/public/institution.html",
                           view=region.institution_view(found), members=members,
                           show_people=current_user.is_authenticated and current_user.is_staff)


@bp.get("/<teryt>/sources/<int:record_id>")
def source_document(teryt, record_id):
    """A document kept as the source of a recorded value: public, like the value itself."""
    found = queries.source_document(teryt, record_id)
    if found is None:
        abort(404)
    response = send_file(io.BytesIO(found.document_data), mimetype=found.document_content_type,
                         as_attachment=True, download_name=found.document_filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
