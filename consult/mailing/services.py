"""The rules of the mailing list: who agreed, who stopped, and what an account's export
and deletion do with it.

Consent is per address and only for an address whose owner proved it: a signed-in person
with a confirmed address at once; a guest who ticked the box on the registration form once
they confirm the address from the e-mail (``take_registration_consent``), so that nobody
can sign up another person's address.

Unsubscribing is per address too (``unsubscribe_address``): the person's consent ends and
every organisation of the register with that contact address opts out, so one click in any
mailing stops all further mailings to that mailbox, whichever audience it came through.
"""

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update

from consult.auth.models import User, normalise_email
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import Organisation
from consult.mailing.models import ConsentSource, Subscriber, new_unsubscribe_token


def subscriber_of_address(email: str) -> Subscriber | None:
    return db.session.scalar(select(Subscriber).where(Subscriber.email == normalise_email(email)))


def subscribe(email: str, source: str, user: User | None = None,
              now: datetime | None = None) -> Subscriber:
    """The owner of ``email`` (proved) agrees to the mailings. A consent still in force is
    kept as it was given; after an unsubscription this is a fresh consent."""
    now = now or utcnow()
    email = normalise_email(email)
    subscriber = subscriber_of_address(email)
    if subscriber is None:
        subscriber = Subscriber(email=email, source=source, consented_at=now,
                                token=new_unsubscribe_token())
        db.session.add(subscriber)
    elif not subscriber.subscribed:
        subscriber.source = source
        subscriber.consented_at = now
        subscriber.unsubscribed_at = None
    if user is not None and subscriber.user_id is None:
        subscriber.user_id = user.id
    return subscriber


def unsubscribe_address(email: str, now: datetime | None = None) -> None:
    """No more mailings to ``email``: as a person who agreed, nor as an organisation's
    contact address."""
    now = now or utcnow()
    email = normalise_email(email)
    db.session.execute(
        update(Subscriber)
        .where(Subscriber.email == email, Subscriber.unsubscribed_at.is_(None))
        .values(unsubscribed_at=now).execution_options(synchronize_session="fetch"))
    db.session.execute(
        update(Organisation)
        .where(func.lower(func.trim(Organisation.email)) == email,
               Organisation.mailing_opt_out_at.is_(None))
        .values(mailing_opt_out_at=now).execution_options(synchronize_session="fetch"))


def address_of_token(token: str) -> str | None:
    """The address an unsubscribe link was sent to: a subscriber's or an organisation's
    token. None for an unknown one."""
    if not token or len(token) > 64:
        return None
    email = db.session.scalar(select(Subscriber.email).where(Subscriber.token == token))
    if email is None:
        email = db.session.scalar(select(Organisation.email)
                                  .where(Organisation.mailing_token == token))
    return normalise_email(email) if email else None


def is_unsubscribed(email: str) -> bool:
    """Whether ``email`` gets no mailing any more (the unsubscribe page's state)."""
    email = normalise_email(email)
    subscriber = subscriber_of_address(email)
    if subscriber is not None and subscriber.subscribed:
        return False
    return not db.session.scalar(select(func.count()).select_from(Organisation).where(
        func.lower(func.trim(Organisation.email)) == email,
        Organisation.mailing_opt_out_at.is_(None)))


# ---------------------------------------------------------------- where consent is given


def take_registration_consent(registration) -> Subscriber | None:
    """The registrant ticked the box and their address is proved (signed in with it, or
    confirmed from the e-mail): they are subscribed. Called when the registration is made
    and when a guest confirms the address."""
    if not (registration.consent_mailing and registration.email
            and registration.email_confirmed_at is not None):
        return None
    account = db.session.get(User, registration.user_id) if registration.user_id else None
    if account is not None and normalise_email(account.email) != registration.email:
        account = None  # registered for someone else: their consent, not the account's
    return subscribe(registration.email, ConsentSource.REGISTRATION, account)


def account_subscribed(user: User) -> bool:
    """Whether the account's address gets the mailings; an unproved address may be
    someone else's, so nothing is said about it."""
    if user.proven_email is None:
        return False
    subscriber = subscriber_of_address(user.proven_email)
    return subscriber is not None and subscriber.subscribed


def set_account_consent(user: User, wanted: bool) -> None:
    """The account page's checkbox, for a confirmed address only (the page offers the box
    only then); unticking stops every mailing to the address."""
    if user.proven_email is None:
        return
    if wanted:
        subscribe(user.proven_email, ConsentSource.ACCOUNT, user)
    elif account_subscribed(user):
        unsubscribe_address(user.proven_email)


def account_address_changed(user: User, old_email: str) -> None:
    """The account proved a new address: a consent given for the old one through the
    account follows it (unless the new address already has its own row)."""
    subscriber = subscriber_of_address(old_email)
    if (subscriber is None or subscriber.user_id != user.id or user.proven_email is None
            or subscriber_of_address(user.proven_email) is not None):
        return
    subscriber.email = user.proven_email


# ---------------------------------------------------------------- the person's data


def _of_user(user: User):
    address = user.proven_email
    condition = Subscriber.user_id == user.id
    if address:
        condition = or_(condition, Subscriber.email == normalise_email(address))
    return condition


def export_consent(user: User) -> list[dict]:
    """The consents to the mailings of the account's address (RODO art. 15 and 20)."""
    return [{
        "email": subscriber.email,
        "subscribed": subscriber.subscribed,
        "source": subscriber.source,
        "consented_at": subscriber.consented_at.isoformat(),
        "unsubscribed_at": (subscriber.unsubscribed_at.isoformat()
                            if subscriber.unsubscribed_at else None),
    } for subscriber in db.session.scalars(
        select(Subscriber).where(_of_user(user)).order_by(Subscriber.id))]


def forget_user(user: User) -> None:
    """Account deletion (RODO art. 17): the consent and with it the address go; an
    organisation's contact address belongs to the organisation and stays."""
    db.session.execute(delete(Subscriber).where(_of_user(user))
                       .execution_options(synchronize_session="fetch"))
