"""GET /api/v1/projects (the published projects, the latest first) and
/api/v1/projects/<slug>: each project with its live counters (``consult.projects.counters``).

The counters follow attendance, advice, merges of organisations and the clock (an event
counts once it has ended), so the answer is computed every time (a few aggregate queries
for any number of projects) and its ETag is a digest of the answer itself: a client that
has it gets 304, and never a stale figure.
"""

import hashlib
import json

from flask import abort

from consult.api import bp
from consult.api.responses import PER_PAGE, conditional_json, page_number
from consult.core.urls import external_url
from consult.events.funding import FundingProject
from consult.projects import counters, queries


def _amount(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def project_json(project: FundingProject, figures: counters.Counters) -> dict:
    return {
        "slug": project.slug,
        "title": project.name,
        "funder": project.funder,
        "programme": project.programme,
        "starts_on": project.starts_on.isoformat() if project.starts_on else None,
        "ends_on": project.ends_on.isoformat() if project.ends_on else None,
        "total_cost": _amount(project.total_cost),
        "grant": _amount(project.grant_amount),
        "currency": project.currency,
        "partners": [partner.name for partner in project.partners],
        "url": external_url("projects.detail", slug=project.slug),
        "counters": figures.as_json(),
    }


def _answer(body: dict):
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32]
    return conditional_json(digest, None, lambda: body)


@bp.get("/projects")
def projects():
    number = page_number()
    found = queries.published_projects()
    every = counters.of_every_project()
    shown = found[(number - 1) * PER_PAGE:number * PER_PAGE]
    return _answer({
        "items": [project_json(project, every.get(project.id, counters.Counters()))
                  for project in shown],
        "next": external_url("api.projects", page=number + 1)
        if len(found) > number * PER_PAGE else None,
    })


@bp.get("/projects/<slug>")
def project(slug):
    found = queries.shown_project(slug, include_drafts=False)
    if found is None:
        abort(404)
    return _answer(project_json(found, counters.of_project(found.id)))
