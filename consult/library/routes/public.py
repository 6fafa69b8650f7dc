"""Public pages of the library: the list with its search and filters, a material's page and
its download. Unpublished materials are 404 to everyone but staff."""

import io

from flask import abort, render_template, request, send_file
from flask_login import current_user
from sqlalchemy.orm import undefer

from consult.core.documents import file_size, file_type
from consult.core.pagination import paginate
from consult.core.search import note_truncated_search
from consult.extensions import db
from consult.library import bp, queries, services
from consult.library.models import LANGUAGE_LABELS, TYPE_LABELS, LibraryMaterial

PER_PAGE = 20


@bp.context_processor
def _template_helpers() -> dict:
    return {"type_labels": TYPE_LABELS, "language_labels": LANGUAGE_LABELS,
            "file_type": file_type, "file_size": file_size}


def _staff() -> bool:
    return current_user.is_authenticated and current_user.is_staff


@bp.get("/")
def index():
    filters = note_truncated_search(queries.Filters.from_args(request.args))
    page = paginate(queries.materials(filters), request.args.get("page", type=int), PER_PAGE)
    years, projects = queries.filter_choices()
    return render_template("library/public/index.html", page=page, filters=filters,
                           years=years, projects=projects)


@bp.get("/<int:item_id>/")
def detail(item_id):
    material = queries.shown_material(item_id, include_drafts=_staff())
    if material is None:
        abort(404)
    return render_template("library/public/detail.html", material=material)


@bp.get("/<int:item_id>/download")
def download(item_id):
    material = db.session.get(LibraryMaterial, item_id, options=[undefer(LibraryMaterial.data)])
    if material is None or material.is_link or not (material.published or _staff()):
        abort(404)
    services.count_download(material.id)
    db.session.commit()
    return send_file(io.BytesIO(material.data), mimetype=material.content_type,
                     as_attachment=True, download_name=material.filename, max_age=0)
