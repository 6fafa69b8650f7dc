"""Institutions (JST from the TERYT register): /manage/institutions. Organisations have
their own area (consult/organisations/)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consult.core.permissions import staff_required
from consult.core.search import note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.institutions.models import KINDS, Institution
from consult.institutions.naming import KIND_LABELS
from consult.manage import bp, queries, services
from consult.manage.forms.manage import InstitutionForm


@bp.get("/institutions")
@staff_required
def institutions():
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    query = note_truncated_search(search_term(request.args.get("q"))).text
    page = queries.search_institutions(query, kind, request.args.get("page", 1, type=int))
    return render_template(
        "manage/manage/institutions.html", page=page, q=query, kind=kind, kinds=KINDS,
        kind_labels=KIND_LABELS,
    )


@bp.route("/institutions/<int:institution_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def institution(institution_id):
    inst = db.get_or_404(Institution, institution_id)
    form = InstitutionForm(obj=inst)
    if form.validate_on_submit():
        services.update_institution(inst, form.email_domains.data, form.website.data)
        db.session.commit()
        flash(_("The institution is saved."), "success")
        return redirect(url_for(".institution", institution_id=inst.id))
    return render_template(
        "manage/manage/institution.html", inst=inst, form=form, kind_labels=KIND_LABELS
    )
