"""The rules of the officials' network: joining, verification, visibility, the directory.

Privacy rule: what an audience may see is decided here, in one place. Views, the API, the
vCard and exports call ``visible_fields(member, audience)`` and search through
``directory(audience, …)``, which matches only the search column of that audience.
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, and_, delete, or_, select, true
from sqlalchemy.orm import selectinload

from consult.auth.models import User, normalise_email
from consult.core.mail import OutboxMessage
from consult.core.search import SearchTerm, contains_every_word, search_term
from consult.core.text import search_key
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import COUNTY_KINDS, GMINA_KINDS, Institution
from consult.network import mail
from consult.network.models import (
    AUDIENCES,
    COORDINATOR_LABEL,
    COORDINATOR_SEARCH_WORDS,
    DEFAULT_VISIBILITY,
    FIELDS,
    ConsentLog,
    Member,
    MemberStatus,
    MemberStatusChange,
    Topic,
    Visibility,
)

SEARCH_COLUMNS = {Visibility.PUBLIC: Member.search_public,
                  Visibility.MEMBERS: Member.search_members,
                  Visibility.STAFF_ONLY: Member.search_staff}


def region_prefix() -> str:
    """The TERYT code of the województwo the network serves (``NETWORK_REGION_TERYT``)."""
    return current_app.config["NETWORK_REGION_TERYT"]


class NetworkError(Exception):
    """A rule said no; the message is translated and meant for the person."""


def audience_of(user) -> str:
    """Which fields the viewer may see: staff everything, approved members "members only"."""
    if user is None or not user.is_authenticated:
        return Visibility.PUBLIC
    if user.is_staff:
        return Visibility.STAFF_ONLY
    member = member_of(user)
    return Visibility.MEMBERS if member is not None and member.is_approved else Visibility.PUBLIC


def member_of(user: User) -> Member | None:
    return db.session.scalar(select(Member).where(Member.user_id == user.id))


def powiat_of(institution: Institution) -> Institution | None:
    """The powiat-level unit: itself for a powiat or city county, the parent for a gmina."""
    if institution.kind in COUNTY_KINDS:
        return institution
    if institution.kind in GMINA_KINDS:
        return institution.parent
    return None


def email_in_official_domain(email: str, institution: Institution) -> bool:
    domain = normalise_email(email).rpartition("@")[2]
    return any(domain == d or domain.endswith("." + d) for d in institution.domains)


# --- visibility and search --------------------------------------------------------------

def field_text(member: Member, name: str) -> str:
    if name == "topics":
        return ", ".join(topic.name for topic in member.topics)
    return getattr(member, name) or ""


def _searchable(member: Member, name: str) -> str:
    """A field as search finds it; a phone also as bare digits ("600000111")."""
    text = field_text(member, name)
    if name == "work_phone" and text:
        text = f"{text} {''.join(ch for ch in text if ch.isdigit())}"
    return text


def visible_fields(member: Member, audience: str) -> dict[str, str]:
    """The member's fields this audience may see (empty values left out)."""
    return {name: field_text(member, name) for name in FIELDS
            if member.visible_to(name, audience) and field_text(member, name)}


def refresh_search(member: Member) -> Member:
    """Per audience, the searchable text of exactly the fields it may see, plus the
    institution (always public)."""
    base = [member.institution.name if member.institution else ""]
    for audience, column in ((Visibility.PUBLIC, "search_public"),
                             (Visibility.MEMBERS, "search_members"),
                             (Visibility.STAFF_ONLY, "search_staff")):
        parts = base + [_searchable(member, name) for name in FIELDS
                        if member.visible_to(name, audience)]
        setattr(member, column, search_key(" ".join(p for p in parts if p)))
    return member


def set_visibility(member: Member, choices: dict[str, str],
                   now: datetime | None = None) -> Member:
    """Store the member's choices and log them with the time (the consent given)."""
    for name in FIELDS:
        value = choices.get(name) or member.visibility(name) or DEFAULT_VISIBILITY[name]
        if value not in tuple(Visibility):
            raise NetworkError(_("Choose who may see each field."))
        setattr(member, f"{name}_visibility", value)
    log_consent(member, now)
    return refresh_search(member)


def log_consent(member: Member, now: datetime | None = None) -> ConsentLog:
    """Record what the member agreed to at this moment: who sees each field, and whether
    they want the network's announcements."""
    choices = {name: member.visibility(name) for name in FIELDS}
    choices["announcements"] = not member.announcements_opt_out
    entry = ConsentLog(member=member, given_at=now or utcnow(), choices=choices)
    db.session.add(entry)
    return entry


# --- joining and verification -----------------------------------------------------------

@dataclass
class MemberData:
    institution: Institution
    full_name: str
    position: str = ""
    department: str = ""
    work_email: str = ""
    work_phone: str = ""
    is_coordinator: bool = False
    bio: str = ""
    topics: list[Topic] = field(default_factory=list)
    visibility: dict[str, str] = field(default_factory=dict)
    announcements: bool = False  # consent to the network's announcements


def apply_member_data(member: Member, data: MemberData, now: datetime | None = None) -> Member:
    member.institution = data.institution
    member.powiat = powiat_of(data.institution)
    member.full_name = data.full_name.strip()
    member.position = data.position.strip()
    member.department = data.department.strip()
    member.work_email = normalise_email(data.work_email)
    member.work_phone = data.work_phone.strip()
    member.is_coordinator = data.is_coordinator
    member.bio = data.bio.strip()
    member.topics = list(data.topics)
    return set_visibility(member, data.visibility, now)


def set_status(member: Member, status: MemberStatus, by_id: int | None = None,
               reason: str = "", now: datetime | None = None) -> Member:
    """The one place that changes a member's status; it logs the change (``by_id``: the
    account that made it, none for the link to the work e-mail)."""
    change = MemberStatusChange(
        member=member, from_status=member.status, to_status=status, changed_by_id=by_id,
        reason=reason, changed_at=now or utcnow())
    member.status = status
    db.session.add(change)
    return member


def join(user: User, data: MemberData, now: datetime | None = None) -> Member:
    """A new entry: with an address in the institution's official domain it waits only for
    the link sent to that address; otherwise for staff approval. The person is told which."""
    if member_of(user) is not None:
        raise NetworkError(_("You are already in the network: edit your entry instead."))
    member = Member(user_id=user.id, announcements_token=secrets.token_urlsafe(32),
                    announcements_opt_out=not data.announcements)
    apply_member_data(member, data, now)
    official = email_in_official_domain(member.work_email, data.institution)
    set_status(member, MemberStatus.EMAIL_PENDING if official else MemberStatus.PENDING,
               by_id=user.id, now=now)
    db.session.add(member)
    mail.entry_submitted(member)
    return member


def update_entry(member: Member, data: MemberData, now: datetime | None = None) -> bool:
    """The member edits their entry. A new work e-mail or institution is checked again:
    an official address by a new link, any other by staff. An entry staff approved (no
    official address confirmed it) goes back to staff when the name, the position or the
    coordinator role changes: that is what staff checked. A rejected request, corrected,
    goes back to staff. True when the entry is checked again (the person is told how)."""
    status_before = member.status
    changed_identity = (normalise_email(data.work_email) != member.work_email
                        or data.institution.id != member.institution_id)
    changed_role = (data.full_name.strip() != member.full_name
                    or data.position.strip() != member.position
                    or data.is_coordinator != member.is_coordinator)
    staff_approved = (member.status == MemberStatus.APPROVED
                      and member.email_verified_at is None)
    member.announcements_opt_out = not data.announcements
    apply_member_data(member, data, now)
    if status_before == MemberStatus.REJECTED:
        _resubmit(member, now)
    elif changed_identity:
        official = email_in_official_domain(member.work_email, data.institution)
        set_status(member, MemberStatus.EMAIL_PENDING if official else MemberStatus.PENDING,
                   by_id=member.user_id, reason="work e-mail or institution changed", now=now)
        member.email_verified_at = member.approved_at = None
    elif changed_role and staff_approved:
        set_status(member, MemberStatus.PENDING, by_id=member.user_id,
                   reason="name, position or coordinator role changed", now=now)
        member.approved_at = None
    checked_again = changed_identity or member.status != status_before
    if checked_again:
        mail.entry_submitted(member)
    return checked_again


def _resubmit(member: Member, now: datetime | None = None) -> Member:
    """A rejected member corrected the entry and asks again. Staff rejected it, so staff
    decide again (an official address's link would otherwise overrule them; links sent
    before stop working, since they approve only an entry waiting for its link)."""
    set_status(member, MemberStatus.PENDING, by_id=member.user_id,
               reason="rejected request corrected", now=now)
    member.email_verified_at = member.approved_at = None
    return member


def send_link_again(member: Member) -> bool:
    """The member asks for the work e-mail link again; sent only while the entry waits for
    it. True when it was sent."""
    if member.status != MemberStatus.EMAIL_PENDING:
        return False
    mail.send_verification(member)
    return True


def confirm_work_email(member: Member, email: str, now: datetime | None = None) -> Member:
    """The link sent to the official address was opened: approved at once."""
    if member.work_email != email or member.status != MemberStatus.EMAIL_PENDING:
        raise NetworkError(_("This link is no longer valid for your entry."))
    now = now or utcnow()
    member.email_verified_at = member.approved_at = now
    return set_status(member, MemberStatus.APPROVED, reason="work e-mail confirmed", now=now)


def approve(member: Member, by: User | None = None, now: datetime | None = None) -> Member:
    """Staff approve a request; the person is told."""
    if not member.can_be_approved:
        raise NetworkError(_("Only a waiting or rejected request can be approved."))
    now = now or utcnow()
    member.approved_at, member.rejection_reason = now, ""
    set_status(member, MemberStatus.APPROVED, by_id=getattr(by, "id", None), now=now)
    mail.send_approved(member)
    return member


def reject(member: Member, reason: str, by: User | None = None,
           now: datetime | None = None) -> Member:
    """Staff reject a request with a reason, which the person is sent."""
    if not reason.strip():
        raise NetworkError(_("Give the reason: it is sent to the person."))
    now = now or utcnow()
    member.rejected_at, member.rejection_reason = now, reason.strip()
    set_status(member, MemberStatus.REJECTED, by_id=getattr(by, "id", None),
               reason=member.rejection_reason, now=now)
    mail.send_rejected(member)
    return member


def leave(member: Member) -> None:
    """Leaving removes the entry and its consents at once (RODO art. 7 ust. 3, art. 17),
    and the copies of the network's messages to the work address kept in the outbox.

    Unless the member proved the work address (the link), only the messages queued for
    the member's account go: the address may belong to someone else (anyone can type an
    official's address into a request), whose own mail must not go with an impostor's entry.
    """
    mine = [OutboxMessage.user_id == member.user_id] if member.user_id is not None else []
    if member.email_verified_at is not None:
        mine.append(true())
    if mine:
        db.session.execute(delete(OutboxMessage).where(
            OutboxMessage.recipient == member.work_email, or_(*mine)))
    db.session.delete(member)


# --- the directory ----------------------------------------------------------------------

def coordinator_words() -> set[str]:
    """The words that name the coordinator role in the viewer's language, as search_key
    writes them ("koordynator", "koordynatorka", …)."""
    return set(re.findall(r"\w+", search_key(f"{COORDINATOR_LABEL} {COORDINATOR_SEARCH_WORDS}")))


def search_conditions(column, term: SearchTerm) -> list:
    """Every word of the search occurs in the search column, or names the coordinator role
    and the member is a coordinator: the role is shown on every approved entry in the
    viewer's language, so "koordynatorka" finds the coordinators as well as anyone whose
    own text says it."""
    role = coordinator_words()
    return [or_(condition, Member.is_coordinator.is_(True))
            if any(name.startswith(word) for name in role) else condition
            for word, condition in zip(term.words, contains_every_word(column, term),
                                       strict=True)]


def directory(audience: str, query: str = "", powiat_id: int | None = None,
              kind: str | None = None, topic_id: int | None = None) -> Select:
    """Approved members the audience may find. Every word of the query must occur in the
    audience's search column, so a value hidden from it never matches; the topic filter
    applies only to members whose topics the audience may see."""
    column = SEARCH_COLUMNS[audience]
    stmt = (select(Member).join(Member.institution).where(Member.status == MemberStatus.APPROVED)
            .options(selectinload(Member.topics))
            .order_by(Institution.search_name, Member.id))
    stmt = stmt.where(*search_conditions(column, search_term(query)))
    if powiat_id:
        stmt = stmt.where(Member.powiat_id == powiat_id)
    if kind:
        stmt = stmt.where(Institution.kind == kind)
    if topic_id:
        stmt = stmt.where(and_(
            Member.topics.any(Topic.id == topic_id),
            Member.topics_visibility.in_(AUDIENCES[audience])))
    return stmt

