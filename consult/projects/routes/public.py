"""Public pages of projects: the list with each project's counters, a project's page and
the funder's logos on it. An unpublished project is 404 to everyone but staff (a preview)."""

from flask import Response, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import undefer

from consult.core.documents import file_size, file_type
from consult.events.choices import TYPE_LABELS as EVENT_TYPES
from consult.events.funding import FundingProjectLogo
from consult.extensions import db
from consult.library.models import TYPE_LABELS as MATERIAL_TYPES
from consult.library.queries import materials_of_project
from consult.news.queries import news_of_project
from consult.projects import bp, counters, queries


def _staff() -> bool:
    return current_user.is_authenticated and current_user.is_staff


@bp.get("/")
def index():
    return render_template("projects/public/index.html",
                           projects=queries.published_projects(),
                           counters=counters.of_every_project(), empty=counters.Counters())


@bp.get("/<slug>/")
def detail(slug):
    project = queries.shown_project(slug, include_drafts=_staff())
    if project is None:
        abort(404)
    return render_template("projects/public/detail.html", project=project,
                           counters=counters.of_project(project.id),
                           events=queries.project_events(project.id),
                           event_type_labels=EVENT_TYPES,
                           materials=materials_of_project(project.id),
                           type_labels=MATERIAL_TYPES, file_type=file_type, file_size=file_size,
                           posts=news_of_project(project.id))


@bp.get("/<slug>/logos/<int:logo_id>")
def logo(slug, logo_id):
    project = queries.shown_project(slug, include_drafts=_staff())
    found = db.session.get(FundingProjectLogo, logo_id, options=[undefer(FundingProjectLogo.data)])
    if project is None or found is None or found.project_id != project.id:
        abort(404)
    return Response(found.data, mimetype=found.content_type, headers={
        "Cache-Control": "public, max-age=3600" if project.published else "private, no-store"})
