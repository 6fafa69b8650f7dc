"""flask manage …: staff's e-mails (for cron)."""

import click
from flask.cli import AppGroup

from consult.extensions import db
from consult.manage import mail as staff_mail

manage_cli = AppGroup("manage", help="Staff: summaries of new comments and requests.")


@manage_cli.command("send-digest")
def send_digest_command() -> None:
    """Send staff and institution managers their daily summary; each gets at most one a day
    (Europe/Warsaw), so it is safe to run from cron more often."""
    sent = staff_mail.send_digests()
    db.session.commit()
    click.echo(f"{sent} digest{'' if sent == 1 else 's'} queued")
