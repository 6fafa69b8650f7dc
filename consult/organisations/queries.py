"""What the register's pages read: the staff list with its filters, the public listing,
one organisation's history, the names suggested in forms and the places to choose from."""

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from consult.advice.models import AdviceSession
from consult.consultations.models import Comment
from consult.core.pagination import Page, paginate
from consult.core.search import contains_every_word, search_term
from consult.events.models import Event, Registration
from consult.extensions import db
from consult.institutions.models import (
    GMINA_KINDS,
    Institution,
    Organisation,
    OrganisationMerge,
)

SUGGESTED_NAMES_LIMIT = 300
HISTORY_LIMIT = 200


def _with_places(stmt):
    return stmt.options(joinedload(Organisation.gmina), joinedload(Organisation.powiat))


def has_area(area: str):
    """The organisations working in the area of public benefit ``area`` (also used by the
    mailing list's filter)."""
    return (" " + Organisation.areas + " ").contains(f" {area} ", autoescape=True)


def search_organisations(query: str, page: int, legal_form: str | None = None,
                         powiat_id: int | None = None, area: str | None = None) -> Page:
    """The staff list: by name, KRS or NIP, legal form, county and area (two queries)."""
    stmt = _with_places(select(Organisation)).order_by(Organisation.name, Organisation.id)
    term = search_term(query)
    if term:
        digits = term.text.replace("-", "").replace(" ", "")
        stmt = stmt.where(
            or_(Organisation.krs == digits.zfill(10), Organisation.nip == digits)
            if digits.isdigit()
            else Organisation.search_name.contains(term.key, autoescape=True))
    if legal_form:
        stmt = stmt.where(Organisation.legal_form == legal_form)
    if powiat_id:
        stmt = stmt.where(Organisation.powiat_id == powiat_id)
    if area:
        stmt = stmt.where(has_area(area))
    return paginate(stmt, page)


def public_organisations(query: str, page: int, area: str | None = None) -> Page:
    """Only organisations that agreed to be listed."""
    stmt = (_with_places(select(Organisation)).where(Organisation.public_listing.is_(True))
            .order_by(Organisation.name, Organisation.id))
    term = search_term(query)
    if term:
        stmt = stmt.where(*contains_every_word(Organisation.search_name, term))
    if area:
        stmt = stmt.where(has_area(area))
    return paginate(stmt, page)


def public_organisation(organisation_id: int) -> Organisation | None:
    return db.session.scalar(_with_places(select(Organisation)).where(
        Organisation.id == organisation_id, Organisation.public_listing.is_(True)))


def suggested_names() -> list[str]:
    """Names offered as people type an organisation (a <datalist>): those listed publicly —
    names of organisations only, never anything about a person."""
    return list(db.session.scalars(
        select(Organisation.name).where(Organisation.public_listing.is_(True))
        .order_by(Organisation.search_name).limit(SUGGESTED_NAMES_LIMIT)))


@dataclass
class History:
    registrations: list
    comments: list
    advice: list
    merges: list


def history(org: Organisation) -> History:
    """Trainings attended, comments submitted, advice received, merges: a fixed number of
    queries however long the history."""
    registrations = list(db.session.scalars(
        select(Registration).join(Event)
        .where(Registration.organisation_id == org.id)
        .options(joinedload(Registration.event), selectinload(Registration.attendance))
        .order_by(Event.starts_at.desc(), Registration.id).limit(HISTORY_LIMIT)))
    comments = list(db.session.scalars(
        select(Comment).where(Comment.organisation_id == org.id)
        .options(joinedload(Comment.consultation))
        .order_by(Comment.submitted_at.desc(), Comment.id).limit(HISTORY_LIMIT)))
    advice = list(db.session.scalars(
        select(AdviceSession).where(AdviceSession.organisation_id == org.id)
        .order_by(AdviceSession.held_on.desc(), AdviceSession.id.desc()).limit(HISTORY_LIMIT)))
    merges = list(db.session.scalars(
        select(OrganisationMerge).where(OrganisationMerge.kept_id == org.id)
        .order_by(OrganisationMerge.merged_at.desc())))
    return History(registrations, comments, advice, merges)


def gminas() -> list[Institution]:
    """The municipalities an organisation can have its seat in."""
    return list(db.session.scalars(
        select(Institution)
        .where(Institution.kind.in_(GMINA_KINDS), Institution.in_register.is_(True))
        .order_by(Institution.search_name, Institution.teryt)))


def organisations_by_name() -> list[Organisation]:
    """Every organisation, for choosing the two to merge."""
    return list(db.session.scalars(select(Organisation).order_by(
        Organisation.search_name, Organisation.id)))
