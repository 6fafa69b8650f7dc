"""The register's part of ``flask seed-demo``: the demo organisations (created by
consult/demo.py) get their legal form, seat and areas, two agree to be listed, and the demo
registrations and comments whose typed name matches one are linked to it."""

from sqlalchemy import select

from consult.consultations.models import Comment
from consult.core.text import search_key
from consult.events.models import Registration
from consult.extensions import db
from consult.institutions.models import GMINA_KINDS, Institution, Organisation
from consult.organisations.choices import LegalForm
from consult.organisations.services import matching_organisation_id

# name → (legal form, seat: gmina name and the county's TERYT, areas, listed publicly)
DEMO_DETAILS = {
    "Stowarzyszenie Aktywni Razem": (LegalForm.ASSOCIATION, ("Płońsk", "1420"),
                                     "civil_society local_development", True),
    "Fundacja Dobry Start": (LegalForm.FOUNDATION, ("Płock", "1462"),
                             "education social_assistance", True),
    "Koło Gospodyń Wiejskich w Sochocinie": (LegalForm.KGW, ("Sochocin", "1420"),
                                             "culture local_development", False),
}


def _gmina(name: str, county: str) -> Institution | None:
    return db.session.scalar(
        select(Institution).where(
            Institution.search_name == search_key(name), Institution.kind.in_(GMINA_KINDS),
            Institution.teryt.startswith(county))
        .order_by(Institution.teryt).limit(1))


def seed_organisations() -> list[str]:
    described = 0
    for org in db.session.scalars(select(Organisation).where(
            Organisation.name.in_(DEMO_DETAILS), Organisation.areas == "")):
        legal_form, (gmina_name, county), areas, listed = DEMO_DETAILS[org.name]
        gmina = _gmina(gmina_name, county)
        org.legal_form, org.areas, org.public_listing = legal_form, areas, listed
        org.gmina_id = gmina.id if gmina else None
        org.powiat_id = gmina.parent_id if gmina else org.powiat_id
        org.public_listing_at = org.created_at if listed else None
        described += 1
    db.session.flush()
    linked = 0
    for model, name_column in ((Registration, Registration.organisation),
                               (Comment, Comment.organisation_name)):
        names = db.session.scalars(select(name_column).where(
            model.organisation_id.is_(None), name_column.is_not(None), name_column != "")
            .distinct()).all()
        for name in names:
            organisation_id = matching_organisation_id(name)
            if organisation_id is None:
                continue
            for row in db.session.scalars(select(model).where(
                    model.organisation_id.is_(None), name_column == name)):
                row.organisation_id = organisation_id
                linked += 1
    return [f"organisations: {described} described, {linked} registrations and comments linked"]
