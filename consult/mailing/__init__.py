"""Writing to NGOs and past participants: the federation's mailing list.

Two audiences: people who agreed (an unticked consent on the event registration form and
on the account page: ``Subscriber``), and the contact addresses of the organisations in the
register (``Organisation.email``, unless the organisation opted out). Each address gets one
message per mailing, through the outbox, with a one-click unsubscribe link (RFC 8058).

``bp``: the public unsubscribe page and the account's choice under /mailing; ``manage_bp``:
the staff page under /manage/mailing. The views are loaded by ``routes`` (which
consult/blueprints.py imports), not here: the events' services import ``mailing.services``,
and this package must stay light for them.
"""

from flask import Blueprint

bp = Blueprint("mailing", __name__, url_prefix="/mailing")
manage_bp = Blueprint("mailing_manage", __name__, url_prefix="/manage/mailing")
