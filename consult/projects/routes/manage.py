"""Staff: a project's partners and its funder's report (the project itself is edited
beside the events, ``events_manage.project_edit``, whose page these forms are on)."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from consult.core.documents import DOCX as DOCX_TYPE
from consult.core.http import content_disposition
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.spreadsheets import XLSX_TYPE
from consult.events.forms.projects import PartnerForm, ReportForm
from consult.events.funding import FundingProject, ProjectPartner
from consult.events.routes.manage_events import project_page
from consult.extensions import db
from consult.projects import manage_bp, report, report_files, services


@manage_bp.post("/<int:project_id>/partners")
@csrf_checked_by_form
@staff_required
def partner_add(project_id):
    project = db.get_or_404(FundingProject, project_id)
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            services.add_partner(project, form.partner_name.data, form.teryt.data or "")
        except services.PartnerError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            db.session.commit()
            flash(_("The partner is added."), "success")
            return redirect(url_for("events_manage.project_edit", project_id=project.id,
                                    _anchor="partners"))
    return project_page(project, partner_form=form)


@manage_bp.post("/<int:project_id>/partners/<int:partner_id>/delete")
@staff_required
def partner_delete(project_id, partner_id):
    partner = db.get_or_404(ProjectPartner, partner_id)
    if partner.project_id != project_id:
        abort(404)
    db.session.delete(partner)
    db.session.commit()
    flash(_("The partner is removed."), "success")
    return redirect(url_for("events_manage.project_edit", project_id=project_id,
                            _anchor="partners"))


def _report(project_id: int, extension: str):
    project = db.get_or_404(FundingProject, project_id)
    form = ReportForm(request.args)
    if not form.validate():
        return project_page(project, report_form=form), 400
    built = report.build(project, form.since.data, form.until.data)
    body, mimetype = ((report_files.xlsx(built), XLSX_TYPE) if extension == "xlsx"
                      else (report_files.docx(built), DOCX_TYPE))
    period = "_".join(day.isoformat() if day else "" for day in (built.since, built.until))
    name = "-".join(part for part in ("raport", project.slug or "projekt",
                                      period if period != "_" else "") if part)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": content_disposition(f"{name}.{extension}"),
        "Cache-Control": "no-store"})


@manage_bp.get("/<int:project_id>/report.xlsx")
@staff_required
@no_store
def report_xlsx(project_id):
    return _report(project_id, "xlsx")


@manage_bp.get("/<int:project_id>/report.docx")
@staff_required
@no_store
def report_docx(project_id):
    return _report(project_id, "docx")
