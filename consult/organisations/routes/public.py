"""The public listing of organisations that agreed to it: name, legal form, seat, areas,
website — never their contact details."""

from flask import abort, render_template, request

from consult.core.search import note_truncated_search, search_term
from consult.institutions.naming import marked_display_name
from consult.organisations import bp, queries
from consult.organisations.choices import AREA_LABELS, AREAS, LEGAL_FORM_LABELS


@bp.context_processor
def _labels() -> dict:
    return {"legal_form_labels": LEGAL_FORM_LABELS, "area_labels": AREA_LABELS,
            "institution_name": marked_display_name}


@bp.get("/")
def index():
    query = note_truncated_search(search_term(request.args.get("q"))).text
    area = request.args.get("area") if request.args.get("area") in AREAS else None
    page = queries.public_organisations(query, request.args.get("page", 1, type=int), area)
    return render_template("organisations/public/index.html", page=page, q=query, area=area,
                           areas=AREAS)


@bp.get("/<int:organisation_id>")
def organisation(organisation_id):
    org = queries.public_organisation(organisation_id)
    if org is None:
        abort(404)
    return render_template("organisations/public/organisation.html", org=org)
