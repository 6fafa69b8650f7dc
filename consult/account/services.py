"""The rules of a user's own account: profile, e-mail change, export, deletion."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, false, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from consult.account import mail, status_history
from consult.auth.models import User, UserSession, normalise_email
from consult.auth.services import find_user_by_email, tell_address_owner
from consult.consultations import services as consultations
from consult.consultations.models import Comment, Subscription
from consult.core.mail import OutboxMessage
from consult.core.timeutil import utcnow
from consult.core.tokens import InvalidToken, make_token, read_token
from consult.events import certificates, personal_data
from consult.events import services as events
from consult.events.models import Event, Registration
from consult.extensions import db
from consult.mailing import services as mailing
from consult.network import membership as network
from consult.network import services as network_services
from consult.network.models import Member

CHANGE_EMAIL = "change-email"


class EmailTaken(Exception):
    """Another account already uses the address."""


def update_profile(user: User, full_name: str, phone: str | None, locale: str) -> User:
    user.full_name = full_name.strip()
    user.phone = (phone or "").strip() or None
    user.locale = locale
    return user


def request_email_change(user: User, new_email: str) -> None:
    """Send a confirmation link to the new address; the old one is told about it.

    An address another account already uses gets no link but a note to its owner, and
    the person asking is answered as if the link went out: the form must not tell a
    signed-in stranger which addresses have accounts (as sign-up does not).
    """
    new_email = normalise_email(new_email)
    other = find_user_by_email(new_email)
    if other is not None and other.id != user.id:
        tell_address_owner(other, _("Someone asked to move an account to your address"),
                           "account/mail/address_in_use")
        return
    user.pending_email = new_email
    mail.new_address_link(user, new_email,
                          make_token(CHANGE_EMAIL, {"uid": user.id, "email": new_email}))
    mail.address_change_notice(user, new_email)


def user_from_email_change_token(token: str) -> tuple[User, str]:
    payload = read_token(CHANGE_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.pending_email != payload.get("email"):
        raise InvalidToken()
    return user, payload["email"]


def confirm_email_change(user: User, new_email: str) -> User:
    other = find_user_by_email(new_email)
    if other is not None and other.id != user.id:
        raise EmailTaken(new_email)
    old_email = user.email
    user.email = new_email
    user.pending_email = None
    user.email_verified_at = utcnow()
    mailing.account_address_changed(user, old_email)
    return user


def change_password(user: User, password: str) -> User:
    user.set_password(password)
    return user


def export_user_data(user: User) -> dict:
    """Everything the platform keeps about the person (RODO art. 15 and 20)."""
    return {
        "account": {
            "id": user.id,
            "email": user.email,
            "pending_email": user.pending_email,
            "full_name": user.full_name,
            "phone": user.phone,
            "role": user.role,
            "language": user.locale,
            "email_verified_at": _iso(user.email_verified_at),
            "created_at": _iso(user.created_at),
            "last_login_at": _iso(user.last_login_at),
            "comment_organisation": {  # offered again in the next comment form
                "name": user.comment_organisation_name,
                "register_number": user.comment_organisation_krs,
            } if user.comment_organisation_name else None,
            "managed_institutions": [
                {"teryt": inst.teryt, "name": inst.name} for inst in user.managed_institutions
            ],
        },
        "sign_ins": [  # the browsers signed in to the account now
            {
                "started_at": _iso(row.created_at),
                "last_used_at": _iso(row.last_seen_at),
                "ends_at": _iso(row.expires_at),
                "keep_me_signed_in": row.remember,
            }
            for row in db.session.scalars(
                select(UserSession).where(UserSession.user_id == user.id)
                .order_by(UserSession.created_at))
        ],
        "event_registrations": personal_data.export_registrations(user),
        "event_registration_history": status_history.registration_history(user),
        "event_certificates": personal_data.export_certificates(user),
        **consultations.export_user_data(user),
        "consultation_comment_history": status_history.comment_history(user),
        "network_member": network.export_member(user),
        "network_member_history": status_history.membership_history(user),
        "mailing_consent": mailing.export_consent(user),
        # Only what was sent to the address the person proved is theirs; a link that signs
        # in or sets a password is useless in a file and is left out.
        "messages": [
            {
                "to": message.recipient,
                "subject": message.subject,
                "created_at": _iso(message.created_at),
                "status": message.status,
                "text": None if message.contains_secret else message.text_body,
            }
            for message in db.session.scalars(
                select(OutboxMessage)
                .where(mail_to_proven_address(user))
                .order_by(OutboxMessage.id)
            )
        ],
        "exported_at": _iso(utcnow()),
    }


def delete_account(user: User) -> None:
    """Erase the account and the personal data that goes with it (RODO art. 17).

    What belongs to the public record (comments in a consultation) is kept with the author
    anonymised by the area that owns it. Mail goes if it is about the account or was sent to
    its proven address; mail to an address the person only typed (a new address never
    confirmed, a work address) may be someone else's and stays.
    """
    personal_data.withdraw_registrations(user)
    consultations.forget_user(user)
    network.forget_user(user)
    mailing.forget_user(user)
    db.session.execute(delete(OutboxMessage).where(
        or_(OutboxMessage.user_id == user.id, mail_to_proven_address(user))))
    db.session.delete(user)


def mail_to_proven_address(user: User):
    """The condition on outbox messages that the person may read as their own: those sent
    to the address they proved by opening the link sent to it.

    Not the new address they asked for and never confirmed (anyone can type another
    person's address there, and the owner's verification and reset links would follow), nor
    a work address in a network request, nor anything else merely queued *about* the
    account: such mail reaches its mailbox and, in the outbox, staff.
    """
    if user.email_verified_at is None:
        return false()
    return func.lower(OutboxMessage.recipient) == normalise_email(user.email)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


@dataclass
class Activity:
    """What the person has done on the platform and may act on (My activity)."""

    upcoming: list[Registration]  # the soonest first
    past: list[Registration]  # the latest first
    waitlist_positions: dict[int, int]  # registration id → place on the waiting list
    with_certificate: set[int]  # ids of past registrations with a certificate to download
    comments: list[Comment]  # the latest first
    subscriptions: list[Subscription]
    network_member: Member | None
    # Colleagues the person registered for events still to come (events/groups.py).
    colleagues: list[Registration]


def activity_of(user: User) -> Activity:
    """The person's own registrations (``personal_data.registrations_of``: the account's proven
    address, so also those made as a guest before the account existed, and none while the
    address is unproved: it may be someone else's), comments, follows and network entry.
    A fixed number of queries, however many there are."""
    registrations = personal_data.registrations_of(user)
    _load_events(registrations)
    now = utcnow()
    upcoming = sorted((r for r in registrations if r.event.ends_at > now),
                      key=lambda r: (r.event.starts_at, r.id))
    past = sorted((r for r in registrations if r.event.ends_at <= now),
                  key=lambda r: (r.event.starts_at, r.id), reverse=True)
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id)
        .options(joinedload(Comment.consultation), joinedload(Comment.section))
        .order_by(Comment.submitted_at.desc(), Comment.id.desc())).all()
    subscriptions = db.session.scalars(
        select(Subscription).where(consultations.followed_by(user))
        .options(joinedload(Subscription.consultation), joinedload(Subscription.institution))
        .order_by(Subscription.id)).all()
    colleagues = db.session.scalars(
        select(Registration).join(Event, Event.id == Registration.event_id)
        .where(Registration.registered_by_id == user.id, Event.ends_at > now)
        .options(contains_eager(Registration.event))
        .order_by(Event.starts_at, Registration.id)).all()
    return Activity(upcoming=upcoming, past=past,
                    waitlist_positions=events.waitlist_positions(upcoming),
                    with_certificate=certificates.with_certificate(past),
                    comments=list(comments), subscriptions=list(subscriptions),
                    network_member=network_services.member_of(user),
                    colleagues=list(colleagues))


def _load_events(registrations: list[Registration]) -> None:
    """The registrations' events in one query (each ``registration.event`` is then found in
    the session instead of being read one by one)."""
    event_ids = {registration.event_id for registration in registrations}
    if event_ids:
        db.session.scalars(select(Event).where(Event.id.in_(event_ids))).all()
