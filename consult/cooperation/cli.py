"""flask cooperation …: the monitor's e-mails (for cron)."""

from flask.cli import AppGroup

cooperation_cli = AppGroup(
    "cooperation", help="The cooperation monitor: reminders of the programme's deadlines "
    "and of interventions' follow-ups.")
