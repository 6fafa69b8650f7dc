"""A person's own registrations, for their account: the export of their data and the
erasure when the account is deleted (RODO art. 15, 17)."""

from sqlalchemy import select

from consult.core.timeutil import utcnow
from consult.events import certificates, log_notes
from consult.events.models import Registration
from consult.events.retention import anonymise_registrations
from consult.events.services import cancel
from consult.extensions import db


def registrations_of(user) -> list[Registration]:
    """The person's own registrations: those with the account's proven address, made signed
    in or as a guest. Not those the account made for another address (a colleague's):
    they are the other person's data (``registrations_made_for_others``)."""
    address = user.proven_email
    if address is None:
        return []
    return list(db.session.scalars(
        select(Registration).where(Registration.email == address).order_by(Registration.id)))


def registrations_made_for_others(user) -> list[Registration]:
    """Registrations made from the account for an address other than its proven one (or
    for any address while it has proved none)."""
    made = Registration.user_id == user.id
    address = user.proven_email
    if address is not None:
        made = made & Registration.email.is_distinct_from(address)
    return list(db.session.scalars(select(Registration).where(made).order_by(Registration.id)))


def export_registrations(user) -> list[dict]:
    """The person's own registrations in full, and those the account made for someone else
    marked so, with only what the account did (which event, when): their contents are the
    other person's data, which that person may have changed (needs may be about health)."""
    made_for_others = [
        (registration.id, {
            "event": registration.event.title,
            "event_slug": registration.event.slug,
            "starts_at": registration.event.starts_at.isoformat(),
            "registered_at": registration.created_at.isoformat(),
            "for_someone_else": True,
        })
        for registration in registrations_made_for_others(user)
    ]
    own = [
        (registration.id, {
            "for_someone_else": False,
            "event": registration.event.title,
            "event_slug": registration.event.slug,
            "starts_at": registration.event.starts_at.isoformat(),
            "status": registration.status,
            "full_name": registration.full_name,
            "email": registration.email,
            "category": registration.category,
            "organisation": registration.organisation,
            "position": registration.position,
            "phone": registration.phone,
            "needs": registration.needs,
            "consent_image": registration.consent_image,
            "consent_mailing": registration.consent_mailing,
            "registered_at": registration.created_at.isoformat(),
            "answers": {answer.question.label: answer.value for answer in registration.answers},
            "days_attended": [attendance.day.isoformat() for attendance in
                              registration.attendance],
        })
        for registration in registrations_of(user)
    ]
    return [row for _, row in sorted(own + made_for_others, key=lambda pair: pair[0])]


def export_certificates(user) -> list[dict]:
    """The certificates of attendance of the person's own registrations, withdrawn ones
    too (what each certified, and why it no longer does)."""
    ids = [registration.id for registration in registrations_of(user)]
    if not ids:
        return []
    return [{
        "event": certificate.event_title,
        "code": certificate.code,
        "verification_url": certificates.verification_url(certificate),
        "full_name": certificate.full_name,
        "days_attended": certificate.days_attended,
        "hours": str(certificate.hours) if certificate.hours is not None else None,
        "issued_at": certificate.issued_at.isoformat(),
        "withdrawn_at": certificate.withdrawn_at.isoformat() if certificate.withdrawn_at else None,
        "withdrawal_reason": certificate.withdrawal_reason or None,
    } for certificate in db.session.scalars(
        select(certificates.Certificate)
        .where(certificates.Certificate.registration_id.in_(ids))
        .order_by(certificates.Certificate.id))]


def withdraw_registrations(user) -> None:
    """When the account is deleted (RODO art. 17), the person's own registrations
    (``registrations_of``: the account's proven address, signed in or as a guest): upcoming
    ones are cancelled (their seats go to people waiting), and all are anonymised as the
    retention purge does it — what the impact figures and the funder's attendance counts
    need (category, organisation, status, attendance) stays, without anything that
    identifies the person (their certificates too: ``certificates.forget``). The person
    gets no cancellation notice: they asked for the
    erasure, the notice's links no longer work, and ``delete_account`` deletes it with the
    rest of the mail to their address before it goes out.

    Registrations the account made for someone else's address (a colleague's) are that
    person's data: they keep their details, seat and mail and only lose the link to the
    account. With an unproved address nothing is the person's own by address: it may be
    someone else's.
    """
    for registration in registrations_made_for_others(user):
        registration.user_id = None
    registrations = registrations_of(user)
    for registration in registrations:
        if registration.is_active and not registration.event.is_past:
            cancel(registration, note=log_notes.ACCOUNT_DELETED)
    address = user.proven_email
    anonymise_registrations(
        [registration for registration in registrations
         if registration.personal_data_purged_at is None], utcnow(),
        delivered_mail_to={address} if address else set())
