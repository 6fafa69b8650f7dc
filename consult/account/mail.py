"""What the own account's changes send: the link that confirms a new address, and the
note to the old address that a change was asked for (consult/account/services.py decides
when)."""

from flask import current_app
from flask_babel import gettext as _

from consult.auth.models import User
from consult.core.mail import queue_mail
from consult.core.urls import external_url


def new_address_link(user: User, new_email: str, token: str) -> None:
    queue_mail(
        new_email,
        _("Confirm your new e-mail address"),
        "account/mail/confirm_email",
        user=user,
        contains_secret=True,
        url=external_url("account.confirm_email", token=token),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


def address_change_notice(user: User, new_email: str) -> None:
    queue_mail(
        user.email,
        _("Your e-mail address is being changed"),
        "account/mail/email_change_notice",
        user=user,
        new_email=new_email,
    )
