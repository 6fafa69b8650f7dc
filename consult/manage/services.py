"""Staff rules: roles and institution managers, institutions' details."""

from flask_babel import gettext as _
from sqlalchemy import select

from consult.auth.models import MANAGER, ROLES, User
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import Institution


def set_role(user: User, role: str, teryt_codes: list[str]) -> User:
    """Give a role; an institution manager manages the institutions named by TERYT code."""
    if role not in ROLES:
        raise ValueError(_("Unknown role."))
    institutions = []
    if role == MANAGER:
        if not teryt_codes:
            raise ValueError(_("An institution manager needs at least one institution."))
        institutions = list(
            db.session.scalars(select(Institution).where(Institution.teryt.in_(teryt_codes)))
        )
        missing = set(teryt_codes) - {inst.teryt for inst in institutions}
        if missing:
            raise ValueError(_("No institution with TERYT code %(codes)s.",
                               codes=", ".join(sorted(missing))))
    user.role = role
    user.managed_institutions = institutions
    return user


def normalise_domains(text: str) -> str:
    domains = []
    for part in text.replace(",", " ").split():
        domain = part.strip().lower().lstrip("@")
        if domain and domain not in domains:
            domains.append(domain)
    return " ".join(domains)


def update_institution(inst: Institution, email_domains: str, website: str | None) -> Institution:
    inst.email_domains = normalise_domains(email_domains)
    inst.website = (website or "").strip() or None
    return inst


def can_retry(message: OutboxMessage) -> bool:
    """Staff may queue again a message still waiting or given up on; not one being sent or
    already sent."""
    return message.status in (OutboxStatus.QUEUED, OutboxStatus.FAILED)


def retry_message(message: OutboxMessage) -> OutboxMessage:
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = utcnow()
    message.locked_until = None
    return message
