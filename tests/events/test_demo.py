"""The demo events of `flask seed-demo`: what the contract promises, and safe to run twice."""

from sqlalchemy import func, select

from consult.events import services
from consult.events.models import Attendance, Event, Registration
from consult.extensions import db


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_has_a_full_training_a_past_event_and_survives_a_second_run(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    db.session.expire_all()
    counts = (count(Event), count(Registration), count(Attendance))

    full = db.session.scalar(select(Event).where(Event.slug == "male-granty-art-19a"))
    seats = services.seat_counts(full)
    assert services.seats_left(full, seats) == 0 and seats.waiting >= 3
    for quota in full.quotas:  # the demo respects its own quotas
        assert seats.held.get(quota.category, 0) <= quota.seats
    past = db.session.scalar(select(Event).where(Event.slug == "program-wspolpracy-krok-po-kroku"))
    assert past.is_past and count(Attendance) > 0
    seminar = db.session.scalar(select(Event).where(Event.slug == "seminarium-partycypacja"))
    assert (seminar.ends_at - seminar.starts_at).days >= 1 and len(seminar.agenda) == 3
    assert db.session.scalar(select(Event).where(Event.type == "debate")).format == "online"

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    db.session.expire_all()
    assert (count(Event), count(Registration), count(Attendance)) == counts

    client = app.test_client()
    for event in db.session.scalars(select(Event)):
        assert client.get(f"/events/{event.slug}/").status_code == 200, event.slug
    home = client.get("/").get_data(as_text=True)
    assert "Małe granty (art. 19a) w praktyce" in home
