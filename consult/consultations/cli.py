"""flask consultations …: notices to followers (for cron)."""

import click
from flask.cli import AppGroup

from consult.consultations import following
from consult.extensions import db

consultations_cli = AppGroup("consultations", help="Consultations: notices to followers.")


@consultations_cli.command("send-notices")
def send_notices_command() -> None:
    """Tell followers that a consultation opened or closes within
    CONSULTATIONS_CLOSING_NOTICE_DAYS; safe to run every few minutes from cron."""
    sent = following.send_notices()
    db.session.commit()
    click.echo(f"{sent['opened']} 'opened' and {sent['closing']} 'closing soon' messages queued")
