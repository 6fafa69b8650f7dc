"""The seat counters (events.seats_taken, events.waitlist_length, event_quotas.seats_taken)
equal a recount of the registrations after every kind of change; and an event's status
changes are logged."""

from datetime import timedelta

from consult.core.timeutil import utcnow
from consult.events import decisions, lifecycle, personal_data, services
from consult.events.editing import set_quotas
from consult.events.models import EventStatus, Registration, RegistrationStatus
from consult.events.retention import anonymise_registrations
from consult.extensions import db
from tests.events.conftest import add, assert_counters_match, seat_counters


def data(email, category="ngo"):
    return services.RegistrationData(full_name="Osoba", email=email, category=category)


def test_registering_confirming_and_waiting_are_counted(event_factory, mailbox):
    event = event_factory(capacity=2, quotas={"ngo": 1})
    staff_added = add(event, "Anna", "anna@example.org")  # a seat, confirmed
    guest = add(event, "Gość", "gosc@example.org", category="jst", guest=True)  # held
    over_quota = add(event, "Jan", "jan@example.org")  # the NGO seats are taken: waits
    assert_counters_match(event)
    assert seat_counters(event.id) == {"held": 2, "waiting": 1, "quotas": {"ngo": 1}}

    waiting_guest = add(event, "Ola", "ola@example.org", guest=True)  # waits, unconfirmed
    assert_counters_match(event)
    services.confirm_email(waiting_guest)  # now counts as waiting for a freed seat
    db.session.commit()
    assert_counters_match(event)
    assert seat_counters(event.id)["waiting"] == 2

    services.confirm_email(guest)
    db.session.commit()
    assert_counters_match(event)
    services.cancel(staff_added)  # the NGO seat goes to the first NGO person waiting
    db.session.commit()
    assert db.session.get(Registration, over_quota.id).status == RegistrationStatus.CONFIRMED
    assert_counters_match(event)


def test_approval_and_rejection_are_counted(event_factory, mailbox):
    event = event_factory(capacity=1, requires_approval=True)
    first = services.register(event, data("a@example.org"), user=None)
    services.confirm_email(first)
    second = add(event, "B", "b@example.org")  # staff add past approval: no room, waits
    db.session.commit()
    assert_counters_match(event)
    decisions.reject(first, actor=None, reason="Nie spełnia warunków")
    db.session.commit()
    assert_counters_match(event)
    assert db.session.get(Registration, second.id).status == RegistrationStatus.CONFIRMED
    third = services.register(event, data("c@example.org"))
    services.confirm_email(third)
    db.session.commit()
    services.cancel(second)
    db.session.commit()
    decisions.approve(db.session.get(Registration, third.id), actor=None)
    db.session.commit()
    assert_counters_match(event)


def test_moving_a_registration_counts_on_both_events(event_factory, mailbox):
    full = event_factory(title="Pełne", capacity=1)
    later = event_factory(title="Następna edycja", capacity=1, quotas={"ngo": 1})
    moved = add(full, "A", "a@example.org")
    waiting = add(full, "B", "b@example.org")
    add(later, "C", "c@example.org", category="jst")
    decisions.move(moved, later, actor=None)  # no room there: waits; B gets A's seat
    db.session.commit()
    assert_counters_match(full, later)
    decisions.move(db.session.get(Registration, waiting.id), later, actor=None)
    db.session.commit()
    assert_counters_match(full, later)


def test_capacity_and_new_quotas_are_counted(event_factory, mailbox):
    event = event_factory(capacity=1)
    for n in range(3):
        add(event, f"Osoba {n}", f"o{n}@example.org", category="jst" if n else "ngo")
    event.capacity = 3
    set_quotas(event, {"jst": 1})  # the category already holds a seat
    lifecycle.event_saved(event, lifecycle.calendar_snapshot(event))
    db.session.commit()
    assert_counters_match(event)
    assert seat_counters(event.id)["quotas"] == {"jst": 1}


def test_expired_holds_and_a_cancelled_event_are_counted(app, event_factory, mailbox):
    event = event_factory(capacity=1)
    guest = add(event, "Gość", "gosc@example.org", guest=True)
    waiting = add(event, "Anna", "anna@example.org")
    guest.hold_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert services.expire_all_holds() == 1  # the seat goes to Anna, the guest waits
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    assert_counters_match(event)
    lifecycle.cancel_event(event, "Choroba prowadzącej", actor=None)
    db.session.commit()
    assert_counters_match(event)
    assert seat_counters(event.id) == {"held": 0, "waiting": 0, "quotas": {}}


def test_withdrawal_and_anonymisation_are_counted(event_factory, user_factory, mailbox):
    user = user_factory(email="maria@example.org")
    event = event_factory(capacity=1)
    services.register(event, data("maria@example.org"), user=user)
    waiting = add(event, "Jan", "jan@example.org")
    db.session.commit()
    personal_data.withdraw_registrations(user)  # the account is deleted: Jan gets the seat
    db.session.commit()
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    assert_counters_match(event)
    anonymise_registrations([db.session.get(Registration, waiting.id)], utcnow())
    db.session.commit()
    assert_counters_match(event)


def test_publishing_and_cancelling_an_event_are_logged(event_factory, user_factory):
    actor = user_factory(role="staff")
    event = event_factory(status=EventStatus.DRAFT)
    lifecycle.publish(event, actor)
    lifecycle.cancel_event(event, "Choroba prowadzącej", actor)
    db.session.commit()
    history = [(change.old_status, change.new_status, change.actor_id, change.note)
               for change in event.status_history]
    assert history == [
        (EventStatus.DRAFT, EventStatus.PUBLISHED, actor.id, "published"),
        (EventStatus.PUBLISHED, EventStatus.CANCELLED, actor.id, "Choroba prowadzącej"),
    ]
