"""The register of organisations (NGOs) the federation works with: legal form, register
numbers, seat, areas of public benefit, contact; links from registrations, comments and
advice, suggested as people type; merging duplicates; a public listing of those that agree.

The model stays with the institutions (``institutions/models.py``: ``Organisation``,
``OrganisationMerge``). ``bp``: the public listing under /organisations; ``manage_bp``: the
staff pages under /manage/organisations. The views are loaded by ``routes`` (which
consult/blueprints.py imports), not here: the events' and consultations' services import
``organisations.services``, and this package must stay light for them.
"""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")
manage_bp = Blueprint("organisations_manage", __name__, url_prefix="/manage/organisations")


@bp.record_once
def _suggestions_in_templates(state) -> None:
    """Forms where people type an organisation include
    ``organisations/public/_name_suggestions.html``, which calls this."""
    from consult.organisations import kept, queries

    def organisation_suggestions() -> list[str]:
        return kept.SUGGESTED_NAMES.get((), queries.suggested_names)

    state.app.jinja_env.globals.update(organisation_suggestions=organisation_suggestions)
