"""Reads of the cooperation monitor, each a fixed number of queries however many JST and
years there are."""

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, undefer

from consult.consultations.choices import ANNUAL
from consult.consultations.models import Consultation
from consult.cooperation.models import CycleRecord
from consult.extensions import db
from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY_KINDS,
    GMINA_KINDS,
    KINDS,
    Institution,
)


def current_records(institution_ids: Iterable[int],
                    year: int | None) -> dict[tuple[int, str], CycleRecord]:
    """The current value of every step of ``year`` (and of the JSTs' standing facts) for
    the institutions: the newest record of each, keyed by (institution id, step)."""
    ids = list(institution_ids)
    if not ids:
        return {}
    newest = (select(func.max(CycleRecord.id))
              .where(CycleRecord.institution_id.in_(ids),
                     or_(CycleRecord.year == year, CycleRecord.year.is_(None)))
              .group_by(CycleRecord.institution_id, CycleRecord.step, CycleRecord.year))
    records = db.session.scalars(select(CycleRecord).where(CycleRecord.id.in_(newest)))
    return {(record.institution_id, record.step): record for record in records}


def history(institution_id: int) -> list[CycleRecord]:
    """Every record of one JST, the newest entry first."""
    return list(db.session.scalars(
        select(CycleRecord).where(CycleRecord.institution_id == institution_id)
        .order_by(CycleRecord.id.desc())))


def platform_consultations(institution_ids: Iterable[int],
                           year: int) -> dict[int, Consultation]:
    """The consultation of each institution's annual programme for ``year`` held on this
    platform (announced), keyed by institution id."""
    ids = list(institution_ids)
    if not ids:
        return {}
    found = db.session.scalars(
        select(Consultation).where(Consultation.institution_id.in_(ids),
                                   Consultation.kind == ANNUAL, Consultation.year == year,
                                   Consultation.announced_at.is_not(None))
        .order_by(Consultation.id))
    return {consultation.institution_id: consultation for consultation in found}


def monitored_institutions(prefix: str, powiat: str | None = None,
                           kind: str | None = None) -> list[Institution]:
    """The JST of the region whose TERYT begins with ``prefix`` (the województwo), or
    ``powiat``, still in the register, of ``kind`` if given, in TERYT order, each once: a
    city with powiat rights is listed by
    its powiat-level code (1462 Płock), and TERC's second entry for it, the city's gmina
    (1462011), is left out (``consult.institutions.places``)."""
    city = aliased(Institution)
    its_city = (select(city.id).where(city.kind == CITY_COUNTY,
                                      city.teryt == func.substr(Institution.teryt, 1, 4))
                .exists())
    query = (select(Institution)
             .where(Institution.teryt.startswith(powiat or prefix, autoescape=True),
                    Institution.in_register.is_(True), Institution.kind.in_(KINDS),
                    ~(Institution.kind.in_(GMINA_KINDS) & its_city))
             .order_by(Institution.teryt))
    if kind:
        query = query.where(Institution.kind == kind)
    return list(db.session.scalars(query))


def region_powiats(prefix: str) -> list[Institution]:
    """The region's powiats and cities with powiat rights still in the register."""
    return list(db.session.scalars(
        select(Institution).where(Institution.teryt.startswith(prefix, autoescape=True),
                                  Institution.kind.in_(COUNTY_KINDS),
                                  Institution.in_register.is_(True))
        .order_by(Institution.teryt)))


def programme_years() -> set[int]:
    """The years something is known of: a year step recorded, or an annual programme
    consulted on this platform."""
    recorded = select(CycleRecord.year).where(CycleRecord.year.is_not(None)).distinct()
    consulted = (select(Consultation.year)
                 .where(Consultation.kind == ANNUAL, Consultation.year.is_not(None))
                 .distinct())
    return set(db.session.scalars(recorded)) | set(db.session.scalars(consulted))


def region_institution(prefix: str, teryt: str) -> Institution | None:
    """The JST of this TERYT code when it belongs to the region."""
    if not teryt.isdigit() or not teryt.startswith(prefix):
        return None
    return db.session.scalar(select(Institution).where(Institution.teryt == teryt))


def institution_consultations(institution_id: int) -> list[Consultation]:
    """The JST's announced consultations on this platform, newest first."""
    return list(db.session.scalars(
        select(Consultation).where(Consultation.institution_id == institution_id,
                                   Consultation.announced_at.is_not(None))
        .order_by(Consultation.opens_at.desc(), Consultation.id.desc())))


def source_document(teryt: str, record_id: int) -> CycleRecord | None:
    """The record ``record_id`` of the JST ``teryt`` with the document kept as its source
    (loaded), or None when there is no such record or it has no document."""
    return db.session.scalar(
        select(CycleRecord).join(Institution, Institution.id == CycleRecord.institution_id)
        .where(CycleRecord.id == record_id, Institution.teryt == teryt,
               CycleRecord.document_filename != "")
        .options(undefer(CycleRecord.document_data)))
