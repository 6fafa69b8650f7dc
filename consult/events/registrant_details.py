"""The registrant's own changes to what they told the organisers, from their page, until
the event starts."""

from dataclasses import dataclass
from datetime import datetime

from consult.core.timeutil import utcnow
from consult.events import log_notes
from consult.events.models import Registration, RegistrationLog
from consult.events.services import NOT_ACTIVE, RegistrationError
from consult.organisations.services import matching_organisation_id

EVENT_STARTED = "event_started"  # a reason of RegistrationError


@dataclass
class RegistrationDetails:
    """What a registrant may change themselves until the event starts. Name, address and
    category stay: seats and quotas were counted by the category, and the address is the
    person's identity (a new one would need proving again)."""

    organisation: str = ""
    position: str = ""
    phone: str = ""
    needs: str = ""
    consent_needs: bool = False


def details_refusal(registration: Registration, now: datetime | None = None) -> str | None:
    """Why the registrant may not change their details now, or None when they may."""
    if not registration.is_active or registration.personal_data_purged_at is not None:
        return NOT_ACTIVE
    if registration.event.starts_at <= (now or utcnow()):
        return EVENT_STARTED
    return None


def change_registration_details(registration: Registration, details: RegistrationDetails,
                                actor=None, now: datetime | None = None) -> list[str]:
    """The registrant changes what they told the organisers; returns the names of the
    fields that changed. The history records which fields changed and when, never their
    contents: needs may be about health (RODO art. 9). Needs are kept only with the
    consent to process them, as at registration."""
    now = now or utcnow()
    reason = details_refusal(registration, now)
    if reason is not None:
        raise RegistrationError(reason, registration)
    needs = details.needs.strip() if details.consent_needs else ""
    wanted = {"organisation": details.organisation.strip(),
              "position": details.position.strip(), "phone": details.phone.strip(),
              "needs": needs, "consent_needs": bool(needs)}
    changed = [name for name, value in wanted.items() if getattr(registration, name) != value]
    for name in changed:
        setattr(registration, name, wanted[name])
    if "organisation" in changed:
        registration.organisation_id = matching_organisation_id(registration.organisation)
    if changed:
        registration.history.append(RegistrationLog(
            old_status=registration.status, new_status=registration.status,
            actor_id=getattr(actor, "id", None), at=now,
            note=log_notes.details_changed(changed)))
    return changed
