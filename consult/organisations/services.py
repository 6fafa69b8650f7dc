"""The register's rules: saving an organisation, linking what people typed to it (suggested,
never forced), finding likely duplicates (merging them: ``merging.py``).

Imported by the events' and consultations' services, so it imports no other area."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from consult.core.identifiers import compact_krs, is_krs
from consult.core.text import search_key
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import GMINA_KINDS, Institution, Organisation
from consult.organisations.choices import AREAS, LegalForm

TEXT_FIELDS = ("name", "krs", "other_register", "nip", "regon", "seat", "email", "phone",
               "website")
MAX_DUPLICATE_GROUPS = 20


class OrganisationError(Exception):
    """A rule refused the change; ``field`` is the form field it belongs next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


def save_organisation(org: Organisation, data: dict, now: datetime | None = None
                      ) -> Organisation:
    """``data``: the cleaned fields of OrganisationForm. The county follows the gmina;
    the date of the public-listing consent is kept while the consent stands."""
    gmina = db.session.get(Institution, data["gmina_id"]) if data.get("gmina_id") else None
    if gmina is not None and gmina.kind not in GMINA_KINDS:
        raise OrganisationError(_("Choose a municipality."), "gmina_id")
    for name in TEXT_FIELDS:
        value = data.get(name)
        setattr(org, name, value.strip() if isinstance(value, str) and value.strip() else None)
    org.legal_form = LegalForm(data.get("legal_form") or LegalForm.OTHER)
    org.areas = " ".join(area for area in AREAS if area in (data.get("areas") or ()))
    org.gmina_id = gmina.id if gmina else None
    org.powiat_id = gmina.parent_id if gmina else None
    if data.get("public_listing") and not org.public_listing:
        org.public_listing_at = now or utcnow()
    elif not data.get("public_listing"):
        org.public_listing_at = None
    org.public_listing = bool(data.get("public_listing"))
    with db.session.no_autoflush:
        taken = org.krs and db.session.scalar(select(Organisation.id).where(
            Organisation.krs == org.krs, Organisation.id != (org.id or 0)))
    if taken:
        raise OrganisationError(_("Another organisation already has this KRS number."), "krs")
    db.session.add(org)
    return org


def matching_organisation_id(name: str | None, krs: str | None = None) -> int | None:
    """The organisation a typed name (or KRS) stands for: only when exactly one organisation
    of the register has that KRS, or that name up to case, spaces and Polish letters
    ("fundacja lodz" is "Fundacja Łódź"). Anything less certain links nothing."""
    if krs and is_krs(krs):
        found = db.session.scalars(
            select(Organisation.id).where(Organisation.krs == compact_krs(krs)).limit(2)).all()
        if len(found) == 1:
            return found[0]
    key = search_key(name)
    if not key:
        return None
    found = db.session.scalars(
        select(Organisation.id).where(Organisation.search_name == key).limit(2)).all()
    return found[0] if len(found) == 1 else None


def duplicate_groups() -> list[list[Organisation]]:
    """Likely duplicates: organisations with the same name up to case, spaces and Polish
    letters, or the same NIP (a KRS number is unique already). Two queries."""
    same_name = (select(Organisation.search_name.label("key"))
                 .where(Organisation.search_name != "")
                 .group_by(Organisation.search_name).having(func.count() > 1))
    same_nip = (select(Organisation.nip.label("key")).where(Organisation.nip.is_not(None))
                .group_by(Organisation.nip).having(func.count() > 1))
    names = set(db.session.scalars(same_name.limit(MAX_DUPLICATE_GROUPS)))
    nips = set(db.session.scalars(same_nip.limit(MAX_DUPLICATE_GROUPS)))
    if not names and not nips:
        return []
    groups: dict = {}
    for org in db.session.scalars(
        select(Organisation)
        .where(Organisation.search_name.in_(names) | Organisation.nip.in_(nips))
        .order_by(Organisation.id)
    ):
        key = ("name", org.search_name) if org.search_name in names else ("nip", org.nip)
        groups.setdefault(key, []).append(org)
    return [group for group in groups.values() if len(group) > 1]
