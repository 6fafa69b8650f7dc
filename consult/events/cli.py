"""flask events …: reminders, expired seat holds, removal of personal data (for cron)."""

import click
from flask.cli import AppGroup

from consult.core.timeutil import local_day
from consult.events import reminders, retention, services
from consult.extensions import db

events_cli = AppGroup("events", help="Events: reminders, seat holds, personal data.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


@events_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Remind participants of events starting within EVENTS_REMINDER_HOURS."""
    sent = reminders.send_reminders()
    db.session.commit()
    click.echo(f"{_count(sent, 'reminder')} queued")


@events_cli.command("expire-holds")
def expire_holds_command() -> None:
    """Release seats of guests who did not confirm their e-mail address in time, and cancel
    registrations left waiting for an unconfirmed address (EVENTS_UNCONFIRMED_WAITING_HOURS,
    or once the event has started)."""
    click.echo(f"{_count(services.expire_all_holds(), 'seat hold')} released or cancelled")


@events_cli.command("purge-personal-data")
@click.option("--dry-run", is_flag=True, help="Only say what would be removed.")
def purge_personal_data_command(dry_run: bool) -> None:
    """Remove needs after events, and participants' data after the retention period."""
    report = retention.purge_personal_data(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    verb = "would be" if dry_run else "were"
    click.echo(f"Accessibility and dietary needs of "
               f"{_count(report.needs_cleared, 'registration')} {verb} removed.")
    for event in report.needs_events:
        click.echo(f"  needs: {event.slug} (ended {local_day(event.ends_at)})")
    click.echo(f"Personal data of {_count(report.registrations_purged, 'registration')} of "
               f"{_count(len(report.purged_events), 'event')} {verb} removed.")
    for event in report.purged_events:
        click.echo(f"  personal data: {event.slug} (ended {local_day(event.ends_at)})")
    for event in report.kept_without_date:
        click.echo(f"  kept: {event.slug} — its funding project has no retention date; "
                   "set one to have the data removed.")
