"""Top-level commands: seed-demo, users, mail; each area adds its own group."""

import click
from flask import Flask
from flask.cli import AppGroup

from consult.auth.models import ROLES
from consult.auth.passwords import password_problem
from consult.auth.services import create_user, find_user_by_email
from consult.caching import bump
from consult.consultations.cli import consultations_cli
from consult.cooperation.cli import cooperation_cli
from consult.core.mail import send_queued
from consult.events.cli import events_cli
from consult.extensions import db
from consult.institutions.cli import institutions_cli
from consult.manage.cli import manage_cli

users_cli = AppGroup("users", help="Accounts.")
mail_cli = AppGroup("mail", help="The mail outbox.")
cache_cli = AppGroup("cache", help="The pages and figures cached by the app processes.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="user", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", "full_name", required=True, help="Full name")
@click.option("--institution", "teryt", multiple=True, help="TERYT code (role manager)")
def create_user_command(email, role, password, full_name, teryt) -> None:
    """Create a verified account."""
    from consult.manage.services import set_role

    if find_user_by_email(email):
        raise click.ClickException(f"an account with {email} already exists")
    problem = password_problem(password, (email, full_name))
    if problem:
        raise click.ClickException(str(problem))
    user = create_user(full_name, email, password, verified=True)
    try:
        set_role(user, role, list(teryt))
    except ValueError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"created {user.email} ({user.role})")


@mail_cli.command("send-queued")
@click.option("--limit", default=500, show_default=True)
def send_queued_command(limit: int) -> None:
    """Deliver queued mail, retrying failures with back-off."""
    sent, failed = send_queued(limit)
    click.echo(f"{sent} sent, {failed} not sent")


@cache_cli.command("bump")
def cache_bump_command() -> None:
    """After SQL run by hand: every process builds its cached pages and figures again."""
    bump(db.session, (table.name for table in db.metadata.sorted_tables))
    db.session.commit()
    click.echo("every table has a new version")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Idempotent demo data: institutions, users of every role, organisations."""
    from consult.demo import seed_demo

    for line in seed_demo():
        click.echo(line)


def register(app: Flask) -> None:
    for command in (users_cli, mail_cli, cache_cli, institutions_cli, events_cli, consultations_cli,
                    cooperation_cli, manage_cli, seed_demo_command):
        app.cli.add_command(command)
