"""Invitations made through the service, with the token read from the e-mail (the only
place it exists)."""

import re

from sqlalchemy import select

from consult.core.mail import OutboxMessage
from consult.extensions import db
from consult.research import invitations

LINK = re.compile(r"/survey/i/([A-Za-z0-9_\-]+)")


def invite(app, diagnosis, email="ngo1@example.org", group_key="ngo") -> str:
    """Invite ``email`` to the (open) diagnosis and send it; returns the link's token."""
    group = next(g for g in diagnosis.groups if g.key == group_key)
    with app.test_request_context():
        invitations.add_invitations(diagnosis, [invitations.Entry(email, group)])
        invitations.send_invitations(diagnosis)
        db.session.commit()
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)
                                 .order_by(OutboxMessage.id.desc())).first()
    return LINK.search(message.text_body).group(1)
