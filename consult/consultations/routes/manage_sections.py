"""Staff: the sections of the draft (list, edit, order), importing a whole draft (pasted
Markdown, a Word document, the statutory template) and the statutory checklist.

An import shows the parsed sections first and saves nothing; the confirmation form carries
the Markdown back, so the server holds no state between the two steps.
"""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from consult.consultations import access, drafting, editing, manage_bp, services
from consult.consultations.forms.manage import (
    DocxImportForm,
    MarkdownImportForm,
    SectionForm,
)
from consult.consultations.models import Consultation, Section
from consult.consultations.routes.manage_consultations import render
from consult.consultations.sections import table_of_contents
from consult.consultations.services import ConsultationError
from consult.core.forms import ButtonForm
from consult.core.permissions import manager_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db

MARKDOWN, DOCX, TEMPLATE = "markdown", "docx", "template"


def _section_or_404(consultation: Consultation, section_id: int) -> Section:
    section = db.get_or_404(Section, section_id)
    if section.consultation_id != consultation.id:
        abort(404)
    return section


def _to_sections(consultation: Consultation):
    return redirect(url_for(".sections", consultation_id=consultation.id))


def _refusal(check, consultation: Consultation) -> str | None:
    """The message of a rule that forbids this change now (see services.check_*)."""
    try:
        check(consultation)
    except ConsultationError as error:
        return str(error)
    return None


def _refused(check, consultation: Consultation):
    message = _refusal(check, consultation)
    if message is None:
        return None
    flash(message, "error")
    return _to_sections(consultation)


@manage_bp.get("/<int:consultation_id>/sections")
@manager_required
def sections(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    return render("sections.html", consultation=consultation,
                  toc=table_of_contents(consultation.sections),
                  comment_counts=editing.section_comment_counts(consultation))


@manage_bp.route("/<int:consultation_id>/sections/new", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def new_section(consultation_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    last = consultation.sections[-1] if consultation.sections else None
    form = SectionForm(data={"level": last.level if last else 1}
                       if request.method == "GET" else None)
    if request.method == "GET":
        warning = _refusal(services.check_structure_editable, consultation)
        if warning:
            flash(warning, "warning")
    else:
        refused = _refused(services.check_structure_editable, consultation)
        if refused:
            return refused
    if form.validate_on_submit():
        section = editing.add_section(consultation, form.section_data())
        db.session.commit()
        flash(_("The section “%(label)s” is added at the end.", label=section.label), "success")
        return _to_sections(consultation)
    return render("section_form.html", consultation=consultation, form=form, section=None)


@manage_bp.route("/<int:consultation_id>/sections/<int:section_id>/edit",
                 methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def edit_section(consultation_id, section_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    section = _section_or_404(consultation, section_id)
    form = SectionForm(obj=section if request.method == "GET" else None)
    refused = request.method == "POST" and _refused(services.check_details_editable,
                                                    consultation)
    if refused:
        return refused
    if form.validate_on_submit():
        editing.update_section(section, form.section_data())
        db.session.commit()
        flash(_("The section “%(label)s” is saved.", label=section.label), "success")
        return redirect(url_for(".sections", consultation_id=consultation.id,
                                _anchor=section.anchor))
    return render("section_form.html", consultation=consultation, form=form, section=section,
                  comments=editing.section_comment_counts(consultation).get(section.id, 0))


@manage_bp.post("/<int:consultation_id>/sections/<int:section_id>/delete")
@manager_required
def delete_section(consultation_id, section_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    section = _section_or_404(consultation, section_id)
    label = section.label
    try:
        services.check_structure_editable(consultation)
        editing.delete_section(section)
    except ConsultationError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("The section “%(label)s” is deleted.", label=label), "success")
    return _to_sections(consultation)


@manage_bp.post("/<int:consultation_id>/sections/<int:section_id>/move")
@manager_required
def move_section(consultation_id, section_id):
    consultation = access.managed_consultation_or_404(consultation_id)
    section = _section_or_404(consultation, section_id)
    refused = _refused(services.check_structure_editable, consultation)
    if refused:
        return refused
    if editing.move_section(section, request.form.get("direction", "")):
        db.session.commit()
    return redirect(url_for(".sections", consultation_id=consultation.id,
                            _anchor=section.anchor))


# ---------------------------------------------------------------- import


@manage_bp.route("/<int:consultation_id>/sections/import", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def import_sections(consultation_id):
    """GET: the three ways. POST ``source`` + ``step`` (preview or confirm)."""
    consultation = access.managed_consultation_or_404(consultation_id)
    locked = _refusal(services.check_structure_editable, consultation)
    blocked = locked is not None or editing.has_comments(consultation)
    markdown_form = MarkdownImportForm()
    docx_form = DocxImportForm()
    template_form = ButtonForm()
    source = request.form.get("source") if request.method == "POST" else None
    step = request.form.get("step", "preview")

    def page(**context):
        return render("import.html", consultation=consultation, blocked=blocked,
                      markdown_form=markdown_form, docx_form=docx_form,
                      template_form=template_form, source=source, **context)

    if request.method == "GET" or source not in (MARKDOWN, DOCX, TEMPLATE):
        return page()
    if blocked:
        flash(locked or _("The draft already has comments, so its sections cannot be "
                          "replaced. Edit the sections one by one instead."), "error")
        return _to_sections(consultation)

    if source == DOCX:
        if not docx_form.validate_on_submit():
            return page()
        try:
            markdown_form.markdown.data = drafting.markdown_from_docx(
                docx_form.document.data.read())
        except drafting.DocxError as error:
            docx_form.document.errors.append(error.reason or _(
                "This file cannot be read as a Word document (.docx). Save it as .docx and "
                "try again."))
            return page()
        source = MARKDOWN
        step = "preview"
    elif not (template_form if source == TEMPLATE else markdown_form).validate_on_submit():
        return page()

    drafts = (drafting.template_sections() if source == TEMPLATE
              else drafting.sections_from_markdown(markdown_form.markdown.data))
    if step == "confirm" and "again" not in request.form:
        try:
            editing.replace_sections(consultation, drafts)
        except ConsultationError as error:
            flash(str(error), "error")
            return page()
        db.session.commit()
        flash(_("%(num)d sections are imported. Check them and correct what the import got "
                "wrong.", num=len(drafts)), "success")
        return _to_sections(consultation)
    return page(preview=drafts, replaced=len(consultation.sections))


# ---------------------------------------------------------------- statutory checklist


def _marked_from_form(consultation: Consultation) -> dict[int, list[int]]:
    marked = {}
    for section in consultation.sections:
        values = request.form.getlist(f"elements-{section.id}")
        marked[section.id] = [int(v) for v in values if v.isdigit()]
    return marked


@manage_bp.route("/<int:consultation_id>/checklist", methods=["GET", "POST"])
@csrf_checked_by_form
@manager_required
def checklist(consultation_id):
    """Which section covers each of the 11 elements of a programme (art. 5a ust. 4)."""
    consultation = access.managed_consultation_or_404(consultation_id)
    form = ButtonForm()
    marked = {section.id: section.element_numbers for section in consultation.sections}
    if request.method == "POST" and consultation.is_programme:
        marked = _marked_from_form(consultation)
        if form.validate_on_submit():
            editing.set_elements(consultation, marked)
            db.session.commit()
            missing = editing.missing_elements(consultation)
            if missing:
                flash(_("The checklist is saved. %(num)d elements are still missing.",
                        num=len(missing)), "warning")
            else:
                flash(_("The checklist is saved: the draft covers all 11 elements."),
                      "success")
            return redirect(url_for(".checklist", consultation_id=consultation.id))
    return render("checklist.html", consultation=consultation, form=form, marked=marked,
                  items=editing.checklist(consultation),
                  missing=editing.missing_elements(consultation))
