"""flask cooperation …: the monitor's e-mails (for cron)."""

import click
from flask.cli import AppGroup

from consult.cooperation import interventions, reminders
from consult.extensions import db

cooperation_cli = AppGroup(
    "cooperation", help="The cooperation monitor: reminders of the programme's deadlines "
    "and of interventions' follow-ups.")


@cooperation_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Remind the JSTs' managers and coordinators of a programme adopted or a report
    published not recorded yet, in the COOPERATION_REMINDER_DAYS before 30 November and
    31 May; each once (safe to run daily)."""
    sent = reminders.send_reminders()
    db.session.commit()
    click.echo(f"{sent} reminder{'' if sent == 1 else 's'} queued")


@cooperation_cli.command("send-follow-ups")
def send_follow_ups_command() -> None:
    """Remind staff of the interventions whose follow-up date has come (the person who
    entered each, or all staff); each once per follow-up date (safe to run daily)."""
    sent = interventions.send_follow_ups()
    db.session.commit()
    click.echo(f"{sent} follow-up{'' if sent == 1 else 's'} queued")
