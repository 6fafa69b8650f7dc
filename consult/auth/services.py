"""Account rules: sign-up, verification, sign-in, password reset."""

from typing import NamedTuple

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from consult.auth import mail, sessions, throttle
from consult.auth.models import USER, User, normalise_email
from consult.core.security import is_safe_redirect
from consult.core.timeutil import utcnow
from consult.core.tokens import InvalidToken, make_token, read_token
from consult.extensions import db

VERIFY, RESET = "verify-email", "reset-password"
# Checked when no account matches, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    full_name: str, email: str, password: str, role: str = USER, verified: bool = False
) -> User:
    user = User(full_name=full_name.strip(), email=normalise_email(email), role=role)
    user.set_password(password)
    if verified:
        user.email_verified_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user


class Verification(NamedTuple):
    """What a verification link stands for: the account, and the page of this site the
    person was on when they signed up (``None`` for none), where confirming takes them."""

    user: User
    next_url: str | None


def register_user(full_name: str, email: str, password: str,
                  next_url: str | None = None) -> User | None:
    """Create an unverified account and send the verification link, which leads back to
    ``next_url`` (a page of this site) once the address is confirmed.

    For an address that already has an account nothing is created; its owner is told by
    e-mail instead, so the form never reveals which addresses are registered.
    """
    existing = find_user_by_email(email)
    if existing is not None:
        tell_address_owner(existing, _("Someone tried to create an account with your address"),
                           "auth/mail/account_exists", next_url=next_url)
        return None
    user = create_user(full_name, email, password)
    send_verification(user, next_url)
    return user


def tell_address_owner(owner: User, subject: str, template: str,
                       next_url: str | None = None) -> None:
    """Write to the account that owns an address someone else tried to use (the form they
    used answers as for any address), with the ways back into the account."""
    mail.to_address_owner(owner, subject, template, _page_of_this_site(next_url))


NEXT_MAX_LENGTH = 500


def _page_of_this_site(next_url: str | None) -> str | None:
    """A page of this site to return to, or ``None``: a link in a message never leads away
    (and a token stays short)."""
    if is_safe_redirect(next_url) and len(next_url) <= NEXT_MAX_LENGTH:
        return next_url
    return None


def send_verification(user: User, next_url: str | None = None) -> None:
    """The link that confirms the address; it also carries where to go afterwards, signed
    with the rest of the token so nobody can point it elsewhere."""
    payload = {"uid": user.id, "email": user.email, "v": user.session_version}
    if _page_of_this_site(next_url):
        payload["next"] = next_url
    mail.verification_link(user, make_token(VERIFY, payload))


def verification_from_token(token: str) -> Verification:
    payload = read_token(VERIFY, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if (
        user is None
        or user.email != payload.get("email")
        or user.session_version != payload.get("v")
    ):
        raise InvalidToken()
    return Verification(user, _page_of_this_site(payload.get("next")))


def verify_email(user: User) -> User:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.check_password(password) else None


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def request_password_reset(email: str) -> None:
    """Send a reset link if the address has an account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        return
    mail.password_reset_link(user, make_token(RESET, {"uid": user.id, "v": user.session_version}))


def user_from_reset_token(token: str) -> User:
    """The link works once: setting a password bumps session_version."""
    payload = read_token(RESET, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.session_version != payload.get("v"):
        raise InvalidToken()
    return user


def reset_password(user: User, password: str) -> None:
    """Set the new password; every sign-in of the account ends (whoever had one must know
    the new password now), and the failed attempts counted for the address are forgotten."""
    user.set_password(password)
    sessions.end_all_sessions(user)
    throttle.clear_account(user.email)
    # Following the link proved the mailbox is theirs.
    verify_email(user)
