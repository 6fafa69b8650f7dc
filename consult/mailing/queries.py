"""Who a mailing goes to: the same function counts them for the preview and lists them for
sending, so the count staff see is the number of messages that go.

Every address gets one message, however many ways it is on the list (a person who agreed
and is also an organisation's contact, two organisations sharing an address): people who
agreed come first, with their own unsubscribe link. Two queries, however many recipients.
"""

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import selectinload

from consult.auth.models import User
from consult.extensions import db
from consult.institutions.models import Organisation
from consult.mailing.models import Audience, Mailing, Subscriber
from consult.organisations.queries import has_area

PARTICIPANT, ORGANISATION = "participant", "organisation"


@dataclass
class Recipient:
    email: str
    kind: str  # PARTICIPANT or ORGANISATION: why the address gets the mailing
    user: User | None = None  # a participant's account (the language of the message)
    subscriber: Subscriber | None = None
    organisation_id: int | None = None
    organisation_name: str | None = None
    token: str | None = None  # the unsubscribe link's; None: an organisation not given one yet


def participants_select() -> Select:
    return (select(Subscriber).where(Subscriber.unsubscribed_at.is_(None))
            .options(selectinload(Subscriber.user)).order_by(Subscriber.id))


def organisations_select(area: str | None = None, powiat_id: int | None = None) -> Select:
    """Organisations of the register with a contact address that did not opt out, and whose
    address no person asked to stop (an unsubscribed subscriber)."""
    address = func.lower(func.trim(Organisation.email))
    stmt = (select(Organisation.id, Organisation.name, address.label("email"),
                   Organisation.mailing_token)
            .where(Organisation.email.is_not(None), Organisation.email.contains("@"),
                   Organisation.mailing_opt_out_at.is_(None),
                   ~exists().where(Subscriber.email == address,
                                   Subscriber.unsubscribed_at.is_not(None))))
    if area:
        stmt = stmt.where(has_area(area))
    if powiat_id:
        stmt = stmt.where(Organisation.powiat_id == powiat_id)
    return stmt.order_by(Organisation.id)


def recipients(audience: str, area: str | None = None,
               powiat_id: int | None = None) -> list[Recipient]:
    """One per address, in a stable order; ``area`` and ``powiat_id`` filter only the
    organisations (a participant has neither)."""
    found: dict[str, Recipient] = {}
    if audience in (Audience.PARTICIPANTS, Audience.BOTH):
        for subscriber in db.session.scalars(participants_select()):
            found.setdefault(subscriber.email, Recipient(
                subscriber.email, PARTICIPANT, user=subscriber.user, subscriber=subscriber,
                token=subscriber.token))
    if audience in (Audience.ORGANISATIONS, Audience.BOTH):
        for row in db.session.execute(organisations_select(area, powiat_id)):
            found.setdefault(row.email, Recipient(
                row.email, ORGANISATION, organisation_id=row.id, organisation_name=row.name,
                token=row.mailing_token))
    return list(found.values())


def count_recipients(audience: str, area: str | None = None,
                     powiat_id: int | None = None) -> int:
    return len(recipients(audience, area, powiat_id))


def past_mailings() -> Select:
    return (select(Mailing)
            .options(selectinload(Mailing.powiat), selectinload(Mailing.sent_by))
            .order_by(Mailing.sent_at.desc(), Mailing.id.desc()))
