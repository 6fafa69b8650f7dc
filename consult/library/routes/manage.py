"""Staff: the library's materials — the list (drafts too), adding, editing, unpublishing
and deleting."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.core.documents import file_size, file_type
from consult.core.forms import ButtonForm
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.library import manage_bp, queries, services
from consult.library.forms import MaterialForm
from consult.library.models import TYPE_LABELS, LibraryMaterial


@manage_bp.get("/")
@staff_required
def index():
    filters = queries.Filters.from_args(request.args)
    page = paginate(queries.materials(filters, include_drafts=True),
                    request.args.get("page", type=int))
    return render_template("library/manage/index.html", page=page, filters=filters,
                           type_labels=TYPE_LABELS, button=ButtonForm())


def _form_page(material: LibraryMaterial, form: MaterialForm):
    if form.validate_on_submit():
        upload = form.document.data
        limit = services.MAX_FILE_MB * 1024 * 1024
        try:
            services.save_material(
                material, title=form.title.data, authors=form.authors.data,
                year=form.year.data, type=form.type.data, language=form.language.data,
                project_id=form.project_id.data or None, url=form.url.data or "",
                accessible=not form.not_accessible.data,
                accessibility_note=form.accessibility_note.data or "", tags=form.tags.data,
                published=form.published.data,
                upload=(upload.filename or "", upload.read(limit + 1)) if upload else None)
        except services.LibraryError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(_("“%(title)s” is saved.", title=material.title), "success")
            return redirect(url_for(".index"))
    return render_template("library/manage/form.html", form=form, material=material,
                           max_mb=services.MAX_FILE_MB, file_type=file_type,
                           file_size=file_size)


@manage_bp.route("/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def new():
    return _form_page(LibraryMaterial(), MaterialForm())


@manage_bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def edit(item_id):
    material = db.get_or_404(LibraryMaterial, item_id)
    form = MaterialForm(obj=material)
    if request.method == "GET":
        form.not_accessible.data = not material.accessible
        form.project_id.data = material.project_id or 0
    return _form_page(material, form)


@manage_bp.post("/<int:item_id>/unpublish")
@staff_required
def unpublish(item_id):
    material = db.get_or_404(LibraryMaterial, item_id)
    material.published = False
    db.session.commit()
    flash(_("“%(title)s” is no longer published.", title=material.title), "success")
    return redirect(url_for(".index"))


@manage_bp.post("/<int:item_id>/delete")
@staff_required
def delete(item_id):
    material = db.get_or_404(LibraryMaterial, item_id)
    db.session.delete(material)
    db.session.commit()
    flash(_("“%(title)s” is deleted.", title=material.title), "success")
    return redirect(url_for(".index"))
