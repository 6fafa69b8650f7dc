"""The mailing list: the addresses that agreed to the federation's mailings, and the
mailings staff sent.

The organisations' side (their contact address and whether they opted out) is kept on the
organisation itself: ``Organisation.email``, ``mailing_opt_out_at``, ``mailing_token``.
"""

import secrets
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import UTCDateTime
from consult.core.timeutil import utcnow
from consult.extensions import db


class ConsentSource(StrEnum):
    """Where the person agreed: ticking the box when registering for an event (taken once
    the address is proved), or on their account page."""

    REGISTRATION = "registration"
    ACCOUNT = "account"


CONSENT_SOURCE_LABELS = {
    ConsentSource.REGISTRATION: _l("the event registration form"),
    ConsentSource.ACCOUNT: _l("your account page"),
}


class Audience(StrEnum):
    """Who a mailing goes to."""

    PARTICIPANTS = "participants"
    ORGANISATIONS = "organisations"
    BOTH = "both"


AUDIENCE_LABELS = {
    Audience.PARTICIPANTS: _l("past participants who agreed"),
    Audience.ORGANISATIONS: _l("organisations' contact addresses"),
    Audience.BOTH: _l("both: participants who agreed and organisations"),
}


def new_unsubscribe_token() -> str:
    """The secret of a one-click unsubscribe link: 43 random URL-safe characters (random,
    not signed, as the network's announcements token)."""
    return secrets.token_urlsafe(32)


class Subscriber(db.Model):
    """An address that agreed to the mailings: one row per (normalised) address.

    It gets mail while ``consented_at`` is set and ``unsubscribed_at`` is not; ticking
    the consent again after unsubscribing is a fresh consent (new ``consented_at``).
    ``user_id``: the account whose address it is, when the consent came with one; deleting
    the account deletes the row.
    """

    __tablename__ = "mailing_subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_unsubscribe_token)

    user = relationship("User")

    @property
    def subscribed(self) -> bool:
        return self.unsubscribed_at is None


class Mailing(db.Model):
    """A message staff sent to the mailing list: what, to whom, how many, who, when."""

    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[str] = mapped_column(String(20))
    # The organisations' filters (None: all): an area of public benefit, a powiat.
    area: Mapped[str | None] = mapped_column(String(40))
    powiat_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"))
    recipients: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    powiat = relationship("Institution")
    sent_by = relationship("User")
