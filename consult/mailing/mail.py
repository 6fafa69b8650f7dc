"""The mailing itself: one message per recipient through the outbox, each with its own
one-click unsubscribe link and the List-Unsubscribe headers (RFC 8058) built where the
network's and the follows' are (``consult.core.mail.list_unsubscribe_headers``).

A person who agreed gets it in the language of their account (Polish without one); an
organisation's contact address in Polish. The text part carries the body as typed, the
HTML part as sanitised HTML (``render_markdown``), as the network's announcements.
"""

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from consult.core.mail import list_unsubscribe_headers, queue_mail
from consult.core.text import render_markdown
from consult.core.urls import external_url
from consult.extensions import db
from consult.institutions.models import Institution, Organisation
from consult.mailing.models import Mailing, new_unsubscribe_token
from consult.mailing.queries import ORGANISATION, Recipient, recipients

TEMPLATE = "mailing/mail/mailing"


def unsubscribe_url(token: str) -> str:
    return external_url("mailing.unsubscribe", token=token)


def mailing_headers(token: str) -> dict[str, str]:
    return list_unsubscribe_headers(unsubscribe_url(token))


def _give_tokens(found: list[Recipient]) -> None:
    """Organisations mailed for the first time get the secret of their unsubscribe link."""
    missing = {r.organisation_id: r for r in found if r.kind == ORGANISATION and not r.token}
    if not missing:
        return
    for organisation in db.session.scalars(
            select(Organisation).where(Organisation.id.in_(missing))):
        organisation.mailing_token = organisation.mailing_token or new_unsubscribe_token()
        missing[organisation.id].token = organisation.mailing_token


def send_mailing(subject: str, body: str, audience: str, area: str | None = None,
                 powiat: Institution | None = None, sent_by=None) -> Mailing:
    """Queue the mailing for every recipient and record it (the caller commits once)."""
    body = body.replace("\r\n", "\n")
    html = render_markdown(body)
    found = recipients(audience, area, powiat.id if powiat else None)
    _give_tokens(found)
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    for recipient in found:
        user = recipient.user
        with force_locale((user.locale if user else None) or default_locale):
            queue_mail(
                recipient.email, subject, TEMPLATE, headers=mailing_headers(recipient.token),
                user=user, to=recipient, body=body, body_html=html,
                unsubscribe_url=unsubscribe_url(recipient.token),
            )
    mailing = Mailing(subject=subject, body=body, audience=audience, area=area or None,
                      powiat=powiat, recipients=len(found),
                      sent_by_id=getattr(sent_by, "id", None))
    db.session.add(mailing)
    return mailing
