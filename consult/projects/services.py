"""The partners of a project's public page: linked to the register's organisation or to the
JST, so that their pages are one click away (the page's address is given with the project,
``events.editing.give_address``)."""

from flask_babel import gettext as _
from sqlalchemy import select

from consult.events.funding import FundingProject, ProjectPartner
from consult.extensions import db
from consult.institutions.models import Institution
from consult.organisations.services import matching_organisation_id


class PartnerError(ValueError):
    """Told next to the partner form's field ``field``."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def add_partner(project: FundingProject, name: str, teryt: str = "") -> ProjectPartner:
    """A partner by the name its page shows. A TERYT code links the JST (which must be in
    the register); otherwise an organisation of the register with that very name is
    linked (``matching_organisation_id``)."""
    institution = None
    if teryt:
        institution = db.session.scalar(select(Institution).where(
            Institution.teryt == teryt, Institution.in_register))
        if institution is None:
            raise PartnerError("teryt", _("No local government has the TERYT code %(code)s.",
                                          code=teryt))
    partner = ProjectPartner(
        name=name, institution=institution,
        organisation_id=None if institution else matching_organisation_id(name))
    project.partners.append(partner)
    return partner
