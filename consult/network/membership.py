"""The member's own side of the network data: announcements opt-out, and what the
account's data export and deletion do with the entry (RODO art. 15, 17 and 20)."""

from sqlalchemy import select

from consult.auth.models import User
from consult.extensions import db
from consult.network import services
from consult.network.models import FIELDS, Member


def member_by_announcements_token(token: str) -> Member | None:
    if not token:
        return None
    return db.session.scalar(select(Member).where(Member.announcements_token == token))


def stop_announcements(member: Member) -> Member:
    return set_announcements(member, False)


def set_announcements(member: Member, wanted: bool) -> Member:
    """Announcements are sent only with consent; each change is logged with its time."""
    if member.announcements_opt_out == (not wanted):
        return member
    member.announcements_opt_out = not wanted
    services.log_consent(member)
    return member


def export_member(user: User) -> dict | None:
    """The person's entry in the network with its visibility and every consent given."""
    member = services.member_of(user)
    if member is None:
        return None
    return {
        "status": member.status,
        "institution": {"teryt": member.institution.teryt, "name": member.institution.name},
        "powiat": ({"teryt": member.powiat.teryt, "name": member.powiat.name}
                   if member.powiat else None),
        "full_name": member.full_name,
        "position": member.position,
        "department": member.department,
        "work_email": member.work_email,
        "work_phone": member.work_phone,
        "is_coordinator": member.is_coordinator,
        "topics": [topic.name for topic in member.topics],
        "bio": member.bio,
        "visibility": {name: member.visibility(name) for name in FIELDS},
        "announcements": not member.announcements_opt_out,
        "joined_at": _iso(member.created_at),
        "email_verified_at": _iso(member.email_verified_at),
        "approved_at": _iso(member.approved_at),
        "rejected_at": _iso(member.rejected_at),
        "rejection_reason": member.rejection_reason or None,
        "consents": [{"given_at": _iso(consent.given_at), "choices": consent.choices}
                     for consent in member.consents],
    }


def forget_user(user: User) -> None:
    """Account deletion: the entry and its consent log go, as when the member leaves."""
    member = services.member_of(user)
    if member is not None:
        services.leave(member)


def _iso(value) -> str | None:
    return value.isoformat() if value else None
