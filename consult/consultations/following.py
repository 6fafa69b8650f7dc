"""Following consultations by e-mail: subscriptions and the notices sent to followers.

An address follows one consultation or every consultation of an institution. A signed-in
person with a confirmed account address is subscribed at once; anyone else confirms the
address from an e-mail first. Asking to follow says the same whether or not the address
already follows, so the form reveals nobody's subscriptions. The random token of a
subscription is both its confirmation link and its one-click unsubscribe link.

Notices ("opened", "closes in N days") are claimed with one UPDATE … WHERE … IS NULL per
consultation, so two cron runs at the same moment send each notice once.
"""

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from consult.auth.models import User, normalise_email
from consult.consultations import mail
from consult.consultations.mail import subscription_mail_headers, to_subscribers, unsubscribe_url
from consult.consultations.models import Consultation, Subscription
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import Institution

__all__ = [
    "FollowerNotice",
    "confirm",
    "send_notices",
    "subscribe",
    "subscription_by_token",
    "subscription_mail_headers",
    "to_subscribers",
    "unsubscribe",
    "unsubscribe_url",
]


class FollowerNotice(StrEnum):
    """Which notice followers get (``send_notices``); the one template
    (``consultations/mail/notice``) words each."""

    OPENED = "opened"
    CLOSING = "closing"


def _existing(email: str, consultation: Consultation | None,
              institution: Institution | None) -> Subscription | None:
    stmt = select(Subscription).where(Subscription.email == email)
    if consultation is not None:
        stmt = stmt.where(Subscription.consultation_id == consultation.id)
    else:
        stmt = stmt.where(Subscription.institution_id == institution.id,
                          Subscription.consultation_id.is_(None))
    return db.session.scalar(stmt.order_by(Subscription.id).limit(1))


def subscribe(email: str, *, consultation: Consultation | None = None,
              institution: Institution | None = None, user: User | None = None,
              locale: str | None = None, now: datetime | None = None) -> Subscription:
    """Follow ``consultation`` or every consultation of ``institution``.

    With the verified address of the signed-in ``user`` the subscription is confirmed at
    once. Otherwise a new one waits for the address to be confirmed (a link is sent), a
    waiting one gets the link again, and a confirmed one gets a note that it already
    follows (with the unsubscribe link).
    """
    if (consultation is None) == (institution is None):
        raise ValueError("follow either a consultation or an institution")
    now = now or utcnow()
    email = normalise_email(email)
    trusted = (user is not None and user.is_authenticated and user.email_verified
               and normalise_email(user.email) == email)
    subscription = _existing(email, consultation, institution)
    if subscription is None:
        subscription = Subscription(
            email=email, token=secrets.token_urlsafe(32), locale=locale,
            consultation_id=consultation.id if consultation is not None else None,
            institution_id=institution.id if institution is not None else None,
        )
        db.session.add(subscription)
        db.session.flush()
    elif not trusted and subscription.confirmed_at is not None:
        mail.already_following(subscription)
        return subscription
    if locale:
        subscription.locale = locale
    if trusted:
        subscription.user_id = user.id
        subscription.confirmed_at = subscription.confirmed_at or now
    else:
        mail.confirm_subscription(subscription)
    return subscription


def subscription_by_token(token: str) -> Subscription | None:
    return db.session.scalar(select(Subscription).where(Subscription.token == token))


def confirm(subscription: Subscription, now: datetime | None = None) -> Subscription:
    subscription.confirmed_at = subscription.confirmed_at or now or utcnow()
    return subscription


def unsubscribe(subscription: Subscription) -> None:
    """The row goes: an address that stopped following leaves nothing behind."""
    db.session.delete(subscription)


def is_following(user: User, consultation: Consultation) -> bool:
    return db.session.scalar(select(Subscription.id).where(
        Subscription.email == normalise_email(user.email),
        Subscription.confirmed_at.is_not(None),
        (Subscription.consultation_id == consultation.id)
        | ((Subscription.institution_id == consultation.institution_id)
           & Subscription.consultation_id.is_(None)),
    ).limit(1)) is not None


# --- notices ----------------------------------------------------------------------------


def _claim(flag, now: datetime, *conditions) -> list[Consultation]:
    """Set ``flag`` on the announced consultations matching ``conditions`` where it is still
    empty, in one UPDATE … RETURNING, and return them: of two runs at the same moment each
    consultation is claimed by one only."""
    claimed = db.session.scalars(
        update(Consultation)
        .where(Consultation.announced_at.is_not(None), flag.is_(None), *conditions)
        .values({flag: now})
        .returning(Consultation.id)
        .execution_options(synchronize_session=False)
    ).all()
    if not claimed:
        return []
    return list(db.session.scalars(
        select(Consultation).where(Consultation.id.in_(claimed)).order_by(Consultation.id)))


def send_notices(now: datetime | None = None) -> dict[FollowerNotice, int]:
    """Tell followers that a consultation has opened, or that it closes within
    CONSULTATIONS_CLOSING_NOTICE_DAYS. Returns the number of messages of each kind.

    A consultation shorter than the notice period gets no "closing" notice: the "opened"
    one already gives the deadline. The caller commits.
    """
    now = now or utcnow()
    days = current_app.config["CONSULTATIONS_CLOSING_NOTICE_DAYS"]
    window = timedelta(days=days)
    running = (Consultation.report_published_at.is_(None), Consultation.opens_at <= now,
               Consultation.closes_at > now)
    sent = {FollowerNotice.OPENED: 0, FollowerNotice.CLOSING: 0}
    for consultation in _claim(Consultation.opened_notice_at, now, *running):
        sent[FollowerNotice.OPENED] += to_subscribers(
            consultation, _l("Consultation opened: %(title)s"), "consultations/mail/notice",
            kind=FollowerNotice.OPENED)
    for consultation in _claim(Consultation.closing_notice_at, now, *running,
                               Consultation.closes_at <= now + window):
        if consultation.closes_at - consultation.opens_at <= window:
            continue
        sent[FollowerNotice.CLOSING] += to_subscribers(
            consultation, _l("Consultation closing soon: %(title)s"),
            "consultations/mail/notice", kind=FollowerNotice.CLOSING)
    return sent
