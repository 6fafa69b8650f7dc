"""Registrations for the last seats arriving at the same moment: no overbooking, ever.

Runs against the test database, so `.ci/run` proves it on SQLite and on PostgreSQL.
"""

import threading

import pytest
from sqlalchemy import func, select

from consult.events import services
from consult.events.models import SEAT_HOLDING, Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import REGISTRATION_FORM
from tests.events.conftest import assert_counters_match

CAPACITY = 10
ALREADY_TAKEN = 4
AT_ONCE = 30


@pytest.fixture
def app(make_app):
    """Like the shared fixture, with a connection for every simultaneous request (a gunicorn
    worker serves one request at a time; here all of them share one process)."""
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": AT_ONCE + 5, "max_overflow": 10,
                                              "pool_pre_ping": True})
    with app.app_context():
        yield app


def test_simultaneous_registrations_fill_exactly_the_free_seats(app, event_factory, mailbox):
    event = event_factory(capacity=CAPACITY)
    for n in range(ALREADY_TAKEN):
        data = services.RegistrationData(full_name=f"Wcześniej {n}",
                                         email=f"early{n}@example.org", category="ngo")
        services.register(event, data, staff=object())
        db.session.commit()
    url = f"/events/{event.slug}/register"

    barrier = threading.Barrier(AT_ONCE)
    statuses: dict[int, int] = {}

    def register(n: int) -> None:
        client = app.test_client()
        form = {**REGISTRATION_FORM, "email": f"osoba{n}@example.org",
                "full_name": f"Osoba {n}"}
        barrier.wait()
        # Each from their own network address: one visitor's unconfirmed holds are capped.
        statuses[n] = client.post(url, data=form,
                                  environ_base={"REMOTE_ADDR": f"10.0.1.{n}"}).status_code

    threads = [threading.Thread(target=register, args=(n,)) for n in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(set(statuses.values())) == [200], statuses  # no error responses
    assert len(statuses) == AT_ONCE
    db.session.expire_all()
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id).order_by(Registration.id)
    ).all()
    holders = [r for r in registrations if r.status in SEAT_HOLDING]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITLISTED]
    assert len(holders) == CAPACITY
    assert len(waiting) == AT_ONCE - (CAPACITY - ALREADY_TAKEN)
    # Arrival order: every seat went to someone who got the lock before anyone waiting,
    # and the waiting list is numbered in that order.
    assert max(r.id for r in holders) < min(r.id for r in waiting)
    assert [services.waitlist_position(r) for r in waiting] == list(range(1, len(waiting) + 1))
    # Everyone was told what they got.
    for registration in waiting:
        assert mailbox.to(registration.email)
    assert_counters_match(event)


def test_cancellations_and_registrations_at_once_never_exceed_capacity(
    app, event_factory, mailbox
):
    """Seats freed by cancellations while others register: still at most the capacity."""
    event = event_factory(capacity=5)
    holders = []
    for n in range(5):
        data = services.RegistrationData(full_name=f"Uczestnik {n}",
                                         email=f"holder{n}@example.org", category="ngo")
        holders.append(services.register(event, data, staff=object()).token)
        db.session.commit()
    url = f"/events/{event.slug}/register"

    barrier = threading.Barrier(15)
    statuses = []

    def cancel(token):
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post(f"/registrations/{token}/cancel").status_code)

    def register(n):
        client = app.test_client()
        form = {**REGISTRATION_FORM, "email": f"late{n}@example.org"}
        barrier.wait()
        statuses.append(client.post(url, data=form, environ_base={
            "REMOTE_ADDR": f"10.0.2.{n}"}).status_code)

    threads = [threading.Thread(target=cancel, args=(t,)) for t in holders[:3]]
    threads += [threading.Thread(target=register, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert all(code in (200, 302) for code in statuses) and len(statuses) == 15
    db.session.expire_all()
    held = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status.in_(SEAT_HOLDING))
    ).all()
    # A guest who registered while the event was full waits until their address is
    # confirmed (a freed seat goes only to a confirmed address), so seats may stay free.
    assert len(held) <= 5
    waiting = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id,
                                   Registration.status == RegistrationStatus.WAITLISTED)).all()
    assert len(held) + len(waiting) == 12 + 2
    assert all(r.email_confirmed_at is None for r in waiting)
    assert_counters_match(event)
    for registration in waiting:  # they confirm: every seat is taken, none beyond
        services.confirm_email(registration)
        db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(
        Registration.event_id == event.id, Registration.status.in_(SEAT_HOLDING))) == 5
    assert_counters_match(event)
