"""GET /api/v1/network/members: approved members with only the fields each made public.

A field a member shows only to members or staff is absent from the item (and never
searched: ``q`` looks only at the public search column). Institution, powiat and the
coordinator role are always public once a member is approved. The version behind ETag
covers the members (count, ids, last change), their institutions and the topic names.
"""

import hashlib

from flask import request
from sqlalchemy import false, func, select

from consult.api import bp, kept
from consult.api.responses import PER_PAGE, conditional_json, page_number
from consult.core.pagination import paginate
from consult.core.urls import external_url
from consult.extensions import db
from consult.institutions.models import Institution
from consult.network import directory
from consult.network.models import FIELDS, Topic, Visibility


def member_json(entry: directory.Entry) -> dict:
    item = {"id": entry.id}
    for name in FIELDS:
        if name == "topics":
            if entry.topics:
                item["topics"] = list(entry.topics)
        elif entry.fields.get(name):
            item[name] = entry.fields[name]
    powiat = entry.powiat
    item |= {
        "institution": {"name": entry.institution.name, "teryt": entry.institution.teryt},
        "powiat": {"name": powiat.name, "teryt": powiat.teryt} if powiat else None,
        "is_coordinator": entry.is_coordinator,
        "url": external_url("network.profile", member_id=entry.id),
        "vcard_url": external_url("network.vcard", member_id=entry.id),
    }
    return item


def _members_version(stmt) -> tuple[str, object]:
    scoped = stmt.order_by(None).subquery()
    count, ids, changed, institutions_changed = db.session.execute(select(
        func.count(), func.sum(scoped.c.id), func.max(scoped.c.updated_at),
        select(func.max(Institution.updated_at))
        .where(Institution.id.in_(select(scoped.c.institution_id))).scalar_subquery(),
    )).one()
    topics = db.session.execute(select(Topic.id, Topic.name).order_by(Topic.id)).all()
    topics_hash = hashlib.sha256(repr(topics).encode()).hexdigest()[:16]
    version = f"{count}:{ids}:{changed}:{institutions_changed}:{topics_hash}"
    # No Last-Modified: when a member leaves, the latest change among those left can be
    # older than the client's copy, and If-Modified-Since would keep showing the person.
    return version, None


def _unmatched(filters: directory.Filters) -> bool:
    """A powiat code or topic id was given that names no powiat of the region or no topic:
    nobody is there, where the directory's page would ignore the filter."""
    return (bool(request.args.get("powiat")) and filters.powiat is None) or (
        bool(request.args.get("topic")) and filters.topic is None)


@bp.get("/network/members")
def network_members():
    filters = directory.filters_from(request.args)
    number = page_number()
    stmt = directory.search(Visibility.PUBLIC, filters)
    if _unmatched(filters):
        stmt = stmt.where(false())
    version, last_modified = kept.MEMBERS_VERSION.get(
        (request.full_path,), lambda: _members_version(stmt))

    def build() -> dict:
        page = paginate(stmt, number, PER_PAGE)
        body = {"items": [member_json(directory.entry(m, Visibility.PUBLIC)) for m in page.items]}
        if page.has_next:
            body["next"] = external_url("api.network_members", page=page.page + 1,
                                        **filters.args())
        return body

    key = ":".join(str(v) for v in filters.args().values())
    return conditional_json(f"network-members:{key}:{number}:{version}", last_modified, build)

