"""The e-mails of the officials' network to its members, each through the outbox.

- A work e-mail in an official domain of the institution gets a link (signed, expiring
  after ``EMAIL_TOKEN_MAX_AGE``) that confirms it; that approves the entry.
- Otherwise the account's address is told the request waits for the federation's staff,
  and later that staff approved it, or rejected it with the reason.
- Announcements (consult.network.announcements) carry ``announcement_headers(member)``.

Notices about the request go to the account's confirmed address, not to the work e-mail:
until staff approve the entry nobody has checked that the work address is the person's.
Messages are written in the language of the account.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from consult.auth.models import User
from consult.core.mail import list_unsubscribe_headers, queue_mail
from consult.core.tokens import InvalidToken, make_token, read_token
from consult.core.urls import external_url
from consult.extensions import db
from consult.network.models import Member, MemberStatus

VERIFY = "network-email"


# --- links ------------------------------------------------------------------------------

def verification_token(member: Member) -> str:
    return make_token(VERIFY, {"mid": member.id, "email": member.work_email})


def member_from_token(token: str) -> Member:
    """The entry the link was sent for; InvalidToken when the link is broken or expired,
    the entry is gone or its work e-mail has changed since."""
    payload = read_token(VERIFY, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    member = db.session.get(Member, payload.get("mid"))
    if member is None or member.work_email != payload.get("email"):
        raise InvalidToken()
    return member


def unsubscribe_url(member: Member) -> str:
    return external_url("network.unsubscribe", token=member.announcements_token)


def announcement_headers(member: Member) -> dict[str, str]:
    """List-Unsubscribe headers: mail programs show an "unsubscribe" button that POSTs to
    the link without opening the site (RFC 8058)."""
    return list_unsubscribe_headers(unsubscribe_url(member))


# --- messages ---------------------------------------------------------------------------

def _account(member: Member) -> User | None:
    return db.session.get(User, member.user_id) if member.user_id else None


def _send(member: Member, recipient: str, subject, template: str, **context) -> None:
    """``subject`` is a lazy string, translated in the account's language."""
    user = _account(member)
    locale = (user.locale if user else None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        queue_mail(
            recipient, str(subject), f"network/mail/{template}", user=user, member=member,
            institution=member.institution.name,
            me_url=external_url("network.me"), **context,
        )


def _to_account(member: Member, subject, template: str, **context) -> None:
    user = _account(member)
    _send(member, user.email if user else member.work_email, subject, template, **context)


def send_verification(member: Member) -> None:
    """The link that confirms the work e-mail, sent to that address. Opening it approves
    the entry, so the message is readable only in that mailbox (and by administrators in
    the outbox): never in the applicant's data export, nor by staff."""
    if member.id is None:
        db.session.flush()
    _send(member, member.work_email,
          _l("Confirm your work e-mail address for the officials' network"), "verify_email",
          contains_secret=True,
          url=external_url("network.verify_email", token=verification_token(member)),
          hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600)


def send_request_received(member: Member) -> None:
    _to_account(member, _l("Your request to join the officials' network"), "request_received")


def send_approved(member: Member) -> None:
    """Staff approved the entry."""
    if member.id is None:
        db.session.flush()
    _to_account(member, _l("You are in the officials' network"), "approved",
                profile_url=external_url("network.profile", member_id=member.id))


def send_rejected(member: Member) -> None:
    """Staff rejected the request; the message carries their reason."""
    _to_account(member, _l("Your request to join the officials' network"), "rejected",
                reason=member.rejection_reason,
                contact=current_app.config["CONSULT_OPERATOR_EMAIL"])


def entry_submitted(member: Member) -> None:
    """After joining or an edit that needs checking again: the link to an official
    address, otherwise the note that staff will look at the request."""
    if member.status == MemberStatus.EMAIL_PENDING:
        send_verification(member)
    elif member.status == MemberStatus.PENDING:
        send_request_received(member)
