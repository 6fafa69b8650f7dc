"""Reads of the projects' pages: the published projects, one project by its slug, and its
events with how many people attended each (one query each, whatever the data)."""

from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from consult.core.timeutil import utcnow
from consult.events.funding import FundingProject, ProjectPartner
from consult.events.models import Attendance, Event, EventStatus, Registration
from consult.extensions import db


def published_projects() -> list[FundingProject]:
    """The projects with a public page, the latest first."""
    return list(db.session.scalars(
        select(FundingProject).where(FundingProject.published.is_(True),
                                     FundingProject.slug.is_not(None))
        .options(selectinload(FundingProject.partners))
        .order_by(FundingProject.starts_on.desc().nulls_last(), FundingProject.name)))


def shown_project(slug: str, include_drafts: bool) -> FundingProject | None:
    """The project at /projects/<slug>/: published, or any for staff (a preview)."""
    stmt = select(FundingProject).where(FundingProject.slug == slug).options(
        selectinload(FundingProject.logos),
        selectinload(FundingProject.partners).selectinload(ProjectPartner.organisation),
        selectinload(FundingProject.partners).selectinload(ProjectPartner.institution))
    if not include_drafts:
        stmt = stmt.where(FundingProject.published.is_(True))
    return db.session.scalar(stmt)


@dataclass(frozen=True)
class ProjectEvent:
    event: Event
    attended: int  # people present (0 before it ends)
    held: bool


def project_events(project_id: int) -> list[ProjectEvent]:
    """The project's published events (not cancelled ones), the latest first, with the
    number of people who attended each."""
    attended = (
        select(func.count(Registration.id))
        .where(Registration.event_id == Event.id,
               exists().where(Attendance.registration_id == Registration.id))
        .correlate(Event).scalar_subquery())
    now = utcnow()
    return [ProjectEvent(event, count, event.ends_at <= now) for event, count in
            db.session.execute(
                select(Event, attended)
                .where(Event.funding_project_id == project_id,
                       Event.status == EventStatus.PUBLISHED)
                .order_by(Event.starts_at.desc(), Event.id.desc()))]
