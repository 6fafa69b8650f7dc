"""Public pages of the network: the directory, a member's profile and vCard, coverage.

What each viewer sees depends on their audience (``services.audience_of``): everyone the
public fields, signed-in approved members also "members only" fields, staff everything.
Only approved members are ever listed or shown here.
"""

import re

from flask import Response, abort, render_template, request
from flask_login import current_user
from markupsafe import Markup

from consult.core.search import note_truncated_search
from consult.core.text import search_key
from consult.core.urls import external_url
from consult.institutions.naming import KIND_LABELS, marked_display_name
from consult.network import bp, directory, kept, services
from consult.network import coverage as reach
from consult.network.models import FIELD_LABELS
from consult.network.vcard import build_vcard

# Fields shown in a directory entry and on a profile, in this order (name is the heading).
SHOWN_FIELDS = ("position", "department", "work_email", "work_phone", "bio")


@bp.context_processor
def _template_helpers() -> dict:
    return {"field_labels": FIELD_LABELS, "kind_labels": KIND_LABELS,
            "shown_fields": SHOWN_FIELDS, "institution_name": marked_display_name}


def _audience() -> str:
    return services.audience_of(current_user)


@bp.get("/")
def index():
    audience = _audience()
    filters = note_truncated_search(directory.filters_from(request.args))
    number = request.args.get("page", 1, type=int)
    member = services.member_of(current_user) if current_user.is_authenticated else None
    return render_template(
        "network/public/index.html", filters=filters,
        audience=audience,
        choices=kept.CHOICES.get((), directory.choices), kinds=directory.KINDS,
        own_member=member,
        coverage_line=_coverage_line(), meetings=_meetings(),
        results=_results(audience, filters, number),
    )


def _results(audience: str, filters: directory.Filters, number: int) -> Markup:
    """A page of members as the audience sees them: the same for everyone of the audience
    who searches alike."""
    def build() -> str:
        page, entries = directory.directory_page(audience, filters, number)
        return render_template("network/public/_results.html", page=page, entries=entries,
                               filters=filters)
    return kept.RESULTS.render((audience, request.full_path), build)


def _coverage_line() -> Markup:
    """How much of the region the network reaches (the same on every page)."""
    return kept.COVERAGE.render((), lambda: render_template(
        "network/public/_coverage_line.html", totals=reach.region_totals()))


def _meetings() -> Markup:
    """The upcoming network meetings (the same on every page)."""
    return kept.MEETINGS.render((), lambda: render_template(
        "network/public/_meetings.html", meetings=directory.upcoming_meetings()))


def _entry_or_404(member_id: int) -> directory.Entry:
    member = directory.approved_member(member_id)
    if member is None:
        abort(404)
    return directory.entry(member, _audience())


@bp.get("/<int:member_id>")
def profile(member_id):
    entry = _entry_or_404(member_id)
    return render_template("network/public/profile.html", entry=entry)


@bp.get("/<int:member_id>/vcard.vcf")
def vcard(member_id):
    entry = _entry_or_404(member_id)
    body = build_vcard(entry, external_url("network.profile", member_id=entry.id))
    name = re.sub(r"[^a-z0-9]+", "-", search_key(entry.label)).strip("-")[:60] or "member"
    return Response(body, content_type="text/vcard; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{name}-{entry.id}.vcf"',
        "Cache-Control": "private, no-cache",
    })


@bp.get("/coverage", endpoint="coverage")
def coverage_page():
    rows = reach.coverage()
    return render_template("network/public/coverage.html", rows=rows, totals=reach.totals(rows))
