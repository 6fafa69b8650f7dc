"""flask events send-reminders | expire-holds | purge-personal-data."""

from datetime import timedelta

from sqlalchemy import select

from consult.core.timeutil import utcnow
from consult.events import services
from consult.events.models import Registration, RegistrationStatus
from consult.extensions import db
from tests.events.test_impact import PAST, attendee


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["events", *args])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def test_send_reminders_once_for_events_starting_soon(app, event_factory, mailbox):
    soon = event_factory(title="Jutro", starts_in=timedelta(hours=12))
    later = event_factory(title="Za tydzień")
    near = attendee(soon, "maria@example.org", days=0)
    attendee(later, "jan@example.org", days=0)

    assert run(app, "send-reminders").startswith("1 ")
    assert db.session.get(Registration, near.id).reminded_at is not None
    assert [m["To"] for m in mailbox.messages] == ["maria@example.org"]
    mailbox.clear()
    assert run(app, "send-reminders").startswith("0 ")
    assert mailbox.messages == []


def test_expire_holds_releases_unconfirmed_seats(app, event_factory):
    app.config["EVENTS_GUEST_HOLD_MINUTES"] = 30
    event = event_factory(capacity=1)
    data = services.RegistrationData(full_name="Gość", email="guest@example.org",
                                     category="ngo")
    guest = services.register(event, data)
    db.session.commit()
    assert guest.status == RegistrationStatus.PENDING
    assert guest.hold_expires_at <= utcnow() + timedelta(minutes=30)  # the short hold
    assert run(app, "expire-holds").startswith("0 ")  # not yet

    guest.hold_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert run(app, "expire-holds").startswith("1 ")
    released = db.session.get(Registration, guest.id)
    # The seat is free again; the registration waits for its address to be confirmed.
    assert released.status == RegistrationStatus.WAITLISTED and released.hold_expires_at is None


def test_purge_personal_data_dry_run_then_for_real(app, event_factory):
    app.config["EVENTS_RETENTION_DAYS"] = 3
    event = event_factory(title="Stare szkolenie", starts_in=PAST)
    registration = attendee(event, "maria@example.org", needs="tłumacz PJM",
                            consent_needs=True)

    output = run(app, "purge-personal-data", "--dry-run")
    assert "needs of 1 registration would be removed" in output
    assert "Personal data of 1 registration of 1 event would be removed" in output
    assert event.slug in output
    kept = db.session.get(Registration, registration.id)
    assert (kept.email, kept.needs) == ("maria@example.org", "tłumacz PJM")

    output = run(app, "purge-personal-data")
    assert "Personal data of 1 registration of 1 event were removed" in output
    assert event.slug in output
    purged = db.session.get(Registration, registration.id)
    assert (purged.email, purged.needs, purged.full_name) == (None, "", "")
    assert purged.status == RegistrationStatus.CONFIRMED
    assert "Personal data of 0 registrations of 0 events were removed" in run(
        app, "purge-personal-data")
    assert not db.session.scalars(select(Registration.email).where(
        Registration.email.is_not(None))).all()
