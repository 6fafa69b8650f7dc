"""Staff pages of the register: the list with filters, an organisation's details and
history, adding and editing, merging duplicates."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.advice.models import duration_text
from consult.consultations.models import COMMENT_STATUS_LABELS
from consult.core.forms import choices
from consult.core.permissions import staff_required
from consult.core.search import note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.institutions.models import Organisation
from consult.institutions.naming import display_name
from consult.manage.queries import counties
from consult.organisations import manage_bp, merging, queries, services
from consult.organisations.choices import AREA_LABELS, AREAS, LEGAL_FORM_LABELS, LegalForm
from consult.organisations.forms.manage import MergeForm, OrganisationForm


@manage_bp.context_processor
def _labels() -> dict:
    return {"legal_form_labels": LEGAL_FORM_LABELS, "area_labels": AREA_LABELS,
            "place_name": display_name, "comment_status_labels": COMMENT_STATUS_LABELS,
            "duration_text": duration_text}


@manage_bp.get("")
@staff_required
def index():
    query = note_truncated_search(search_term(request.args.get("q"))).text
    legal_form = request.args.get("legal_form")
    legal_form = legal_form if legal_form in set(LegalForm) else None
    area = request.args.get("area") if request.args.get("area") in AREAS else None
    county_list = counties()
    powiat_id = request.args.get("powiat", type=int)
    powiat_id = powiat_id if powiat_id in {county.id for county in county_list} else None
    page = queries.search_organisations(query, request.args.get("page", 1, type=int),
                                        legal_form, powiat_id, area)
    return render_template(
        "organisations/manage/index.html", page=page, q=query, legal_form=legal_form,
        powiat_id=powiat_id, area=area, counties=county_list, legal_forms=list(LegalForm),
        areas=AREAS, duplicates=services.duplicate_groups())


@manage_bp.get("/<int:organisation_id>")
@staff_required
def organisation(organisation_id):
    org = db.get_or_404(Organisation, organisation_id)
    return render_template("organisations/manage/organisation.html", org=org,
                           history=queries.history(org))


@manage_bp.route("/new", methods=["GET", "POST"])
@manage_bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def edit(organisation_id=None):
    org = db.get_or_404(Organisation, organisation_id) if organisation_id else Organisation()
    form = OrganisationForm(obj=org, areas=org.area_keys if organisation_id else [])
    form.gmina_id.choices = choices(
        [(0, _("— not given —"))] + [(inst.id, display_name(inst)) for inst in queries.gminas()])
    if request.method == "GET" and org.gmina_id is None:
        form.gmina_id.data = 0
    if form.validate_on_submit():
        try:
            services.save_organisation(org, form.data)
        except services.OrganisationError as error:
            db.session.rollback()  # nothing half-changed is flushed while the page renders
            form[error.field].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The organisation is saved."), "success")
            return redirect(url_for(".organisation", organisation_id=org.id))
    return render_template("organisations/manage/edit.html", org=org, form=form)


@manage_bp.route("/merge", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def merge():
    form = MergeForm(kept_id=request.args.get("kept", type=int),
                     duplicate_id=request.args.get("duplicate", type=int))
    pairs = [(0, _("— choose —"))] + [
        (org.id, f"{org.name} (#{org.id}{', KRS ' + org.krs if org.krs else ''})")
        for org in queries.organisations_by_name()]
    form.kept_id.choices = form.duplicate_id.choices = choices(pairs)
    error = None
    if form.validate_on_submit():
        kept = db.session.get(Organisation, form.kept_id.data)
        duplicate = db.session.get(Organisation, form.duplicate_id.data)
        try:
            merging.merge_organisations(kept, duplicate, current_user)
        except services.OrganisationError as refused:
            error = refused.message
        else:
            db.session.commit()
            flash(_("The organisations are merged."), "success")
            return redirect(url_for(".organisation", organisation_id=kept.id))
    return render_template("organisations/manage/merge.html", form=form, error=error,
                           duplicates=services.duplicate_groups()), 200 if error is None else 409
