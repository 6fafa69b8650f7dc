"""The staff's records of members: requests waiting for a decision, the full member list
and its CSV. (The topic list is ``topics``; which JSTs the network does not reach yet is
``coverage.coverage()``.)

Staff see every field whatever its visibility; these functions are for staff pages only.
"""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from consult.core.search import search_term
from consult.core.timeutil import to_local, utcnow
from consult.extensions import db
from consult.network import services
from consult.network.models import (
    FIELD_LABELS,
    FIELDS,
    MEMBER_STATUS_LABELS,
    VISIBILITY_LABELS,
    ConsentLog,
    Member,
    MemberStatus,
    Topic,
)
from consult.network.services import field_text

# An entry still waiting for its work e-mail link after this long is shown to staff: the
# link may have gone to spam, or the address may be wrong.
STALE_EMAIL_AFTER = timedelta(days=3)


def _with_institution(stmt: Select) -> Select:
    return stmt.options(joinedload(Member.institution), joinedload(Member.powiat))


# --- requests waiting ----------------------------------------------------------------------

def waiting_for_approval() -> list[Member]:
    return list(db.session.scalars(_with_institution(
        select(Member).where(Member.status == MemberStatus.PENDING)
        .order_by(Member.created_at, Member.id))))


def email_not_confirmed(now: datetime | None = None) -> list[Member]:
    """Entries whose official work e-mail has not been confirmed for a few days."""
    before = (now or utcnow()) - STALE_EMAIL_AFTER
    return list(db.session.scalars(_with_institution(
        select(Member)
        .where(Member.status == MemberStatus.EMAIL_PENDING, Member.created_at < before)
        .order_by(Member.created_at, Member.id))))


# --- the member list -------------------------------------------------------------------------

def member_select(status: str | None = None, powiat_id: int | None = None,
                  topic_id: int | None = None, query: str = "") -> Select:
    """Every member (any status) matching the filters; ``query`` matches any field."""
    stmt = _with_institution(select(Member)).options(selectinload(Member.topics))
    if status:
        stmt = stmt.where(Member.status == status)
    if powiat_id:
        stmt = stmt.where(Member.powiat_id == powiat_id)
    if topic_id:
        stmt = stmt.where(Member.topics.any(Topic.id == topic_id))
    stmt = stmt.where(*services.search_conditions(Member.search_staff, search_term(query)))
    return stmt.order_by(Member.full_name, Member.id)


def member_record_select(member_id: int) -> Select:
    """One member with everything the staff page shows, in a fixed number of queries."""
    return (_with_institution(select(Member).where(Member.id == member_id))
            .options(selectinload(Member.topics), joinedload(Member.user),
                     selectinload(Member.consents)))


def _local(value: datetime | None):
    return to_local(value).replace(tzinfo=None, microsecond=0) if value else ""


def member_table(stmt: Select) -> tuple[list[str], list[list]]:
    """Header and rows of the staff CSV: every field with the visibility the member chose,
    the status and its dates."""
    header = [_("ID"), _("Status"), _("Institution"), _("TERYT"), _("County"),
              _("Designated coordinator")]
    for name in FIELDS:
        header += [str(FIELD_LABELS[name]),
                   _("%(field)s: visible to", field=FIELD_LABELS[name])]
    header += [_("Joined"), _("Work e-mail confirmed"), _("Approved"), _("Rejected"),
               _("Reason for rejection"), _("Announcements"), _("Last consent given")]
    members = list(db.session.scalars(stmt))
    last_consent = dict(db.session.execute(
        select(ConsentLog.member_id, func.max(ConsentLog.given_at))
        .where(ConsentLog.member_id.in_([m.id for m in members]))
        .group_by(ConsentLog.member_id)).all()) if members else {}
    rows = []
    for member in members:
        row = [member.id, str(MEMBER_STATUS_LABELS[member.status]), member.institution.name,
               member.institution.teryt, member.powiat.name if member.powiat else "",
               _("yes") if member.is_coordinator else _("no")]
        for name in FIELDS:
            row += [field_text(member, name), str(VISIBILITY_LABELS[member.visibility(name)])]
        row += [_local(member.created_at), _local(member.email_verified_at),
                _local(member.approved_at), _local(member.rejected_at),
                member.rejection_reason,
                _("opted out") if member.announcements_opt_out else _("receives"),
                _local(last_consent.get(member.id))]
        rows.append(row)
    return header, rows
