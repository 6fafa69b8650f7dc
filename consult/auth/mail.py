"""What accounts are sent: the link that confirms an address, the link that sets a new
password, and a note to the owner of an address someone else tried to use (the rules in
consult/auth/services.py decide when)."""

from flask import current_app
from flask_babel import gettext as _

from consult.auth.models import User
from consult.core.mail import queue_mail
from consult.core.urls import external_url


def to_address_owner(owner: User, subject: str, template: str, next_url: str | None) -> None:
    """The ways back into the account: sign in (then on to ``next_url``, a page of this
    site) or set a new password."""
    queue_mail(
        owner.email, subject, template, user=owner,
        login_url=external_url("auth.login", next=next_url),
        reset_url=external_url("auth.reset_request"),
    )


def verification_link(user: User, token: str) -> None:
    queue_mail(
        user.email,
        _("Confirm your e-mail address"),
        "auth/mail/verify",
        user=user,
        contains_secret=True,
        url=external_url("auth.verify_email", token=token),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


def password_reset_link(user: User, token: str) -> None:
    queue_mail(
        user.email,
        _("Set a new password"),
        "auth/mail/reset",
        user=user,
        contains_secret=True,
        url=external_url("auth.reset_password", token=token),
        hours=current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600,
    )
