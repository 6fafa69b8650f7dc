"""Merging a duplicate into the organisation that stays: every link moves, in one
transaction, and the merge is logged."""

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import update

from consult.advice.models import AdviceSession
from consult.consultations.models import Comment
from consult.core.timeutil import utcnow
from consult.events.models import Registration
from consult.extensions import db
from consult.institutions.models import Organisation, OrganisationMerge
from consult.organisations.choices import AREAS
from consult.organisations.services import OrganisationError


def merge_organisations(kept: Organisation, duplicate: Organisation, staff=None,
                        now: datetime | None = None) -> OrganisationMerge:
    """Every link of ``duplicate`` (registrations, comments, advice) moves to ``kept``, the
    details ``kept`` lacks are taken over, ``duplicate`` is deleted and the merge logged —
    all in the caller's one transaction."""
    if kept.id == duplicate.id:
        raise OrganisationError(_("Choose two different organisations."))
    moved = {}
    for name, column in (("registrations", Registration.organisation_id),
                         ("comments", Comment.organisation_id),
                         ("advice", AdviceSession.organisation_id)):
        moved[name] = db.session.execute(
            update(column.class_).where(column == duplicate.id)
            .values(organisation_id=kept.id)
        ).rowcount
    db.session.execute(update(OrganisationMerge).where(OrganisationMerge.kept_id == duplicate.id)
                       .values(kept_id=kept.id))  # earlier merges into the duplicate
    log = OrganisationMerge(
        kept_id=kept.id, merged_name=duplicate.name, merged_krs=duplicate.krs,
        merged_nip=duplicate.nip, moved_registrations=moved["registrations"],
        moved_comments=moved["comments"], moved_advice=moved["advice"],
        merged_by_id=getattr(staff, "id", None), merged_at=now or utcnow())
    taken = {name: getattr(duplicate, name) for name in (
        "krs", "other_register", "nip", "regon", "seat", "email", "phone", "website")}
    seat = (duplicate.gmina_id, duplicate.powiat_id)
    areas = set(kept.area_keys) | set(duplicate.area_keys)
    db.session.delete(duplicate)
    db.session.flush()  # the duplicate's KRS is free before the kept one takes it
    for name, value in taken.items():
        if getattr(kept, name) in (None, "") and value:
            setattr(kept, name, value)
    if kept.gmina_id is None and seat[0] is not None:  # the county goes with its gmina
        kept.gmina_id, kept.powiat_id = seat
    kept.areas = " ".join(area for area in AREAS if area in areas)
    db.session.add(log)
    return log
