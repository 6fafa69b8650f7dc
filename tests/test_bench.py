"""`make bench` stays runnable: its data set builds on the current schema, and the requests
its simulated clients send (forms, fields, redirects) still do what they measure. The
benchmark itself is never part of the test suite."""

import pytest
from sqlalchemy import func, select

from bench import forms
from bench.data import PASSWORD, Sizes, generate
from bench.report import all_met
from consult.consultations.models import Comment
from consult.events.models import Attendance, Event, Registration
from consult.extensions import db
from consult.network.models import Member


@pytest.fixture
def bench_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
    with app.app_context():
        yield app


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_small_data_set_serves_every_scenario(bench_app):
    sizes = Sizes().scaled(0.01)
    facts = generate(sizes)
    assert count(Event) >= sizes.events
    assert count(Registration) >= sizes.registrations
    assert count(Attendance) > 0  # past events were attended: the home figures count them
    assert count(Comment) >= 2 * sizes.comments
    assert count(Member) >= sizes.members
    big = db.session.scalar(select(Event).where(Event.slug == facts["big_event"]))
    assert big.seats_taken == sizes.big_event_registrations  # counted, as the rules would
    client = bench_app.test_client()
    for path in ("/", "/events/", f"/events/{facts['upcoming_events'][0]}/",
                 "/events/calendar.ics", f"/consultations/{facts['consultation']}/",
                 f"/consultations/{facts['reported_consultation']}/report.xlsx",
                 f"/network/?q={facts['search_words'][0]}", "/api/v1/events",
                 "/api/v1/consultations", "/api/v1/network/members"):
        assert client.get(path).status_code == 200, path

    # A guest registers as the load does: the page then says to check the inbox.
    path = f"/events/{facts['open_events'][0]}/register"
    token = forms.csrf_token(client.get(path).get_data(as_text=True))
    guest = client.post(path, data=forms.registration_data(token, "gosc@bench.example.org"))
    assert guest.status_code == 200
    assert 'name="consent_rodo"' not in guest.get_data(as_text=True)
    path = f"/events/{facts['big_event']}/register"  # and for the event of many
    token = forms.csrf_token(client.get(path).get_data(as_text=True))
    guest = client.post(path, data=forms.registration_data(token, "gosc2@bench.example.org"))
    assert guest.status_code == 200
    assert 'name="consent_rodo"' not in guest.get_data(as_text=True)

    # A signed-in person registers for the burst event: a seat at once, read back as JSON.
    person = bench_app.test_client()
    login = forms.csrf_token(person.get("/auth/login").get_data(as_text=True))
    person.post("/auth/login", data=forms.login_data(login, facts["logins"][0], PASSWORD))
    path = f"/events/{facts['burst_event']}/register"
    token = forms.csrf_token(person.get(path).get_data(as_text=True))
    sent = person.post(path, data=forms.registration_data(token, facts["logins"][0]))
    registration = forms.registration_token(sent.headers["Location"])
    assert person.get(f"/registrations/{registration}.json").get_json()["status"] == "confirmed"
    assert client.get(f"/api/v1/events/{facts['burst_event']}").get_json()["seats_left"] == (
        facts["burst_seats"] - 1)

    # The same person comments on a section of the open consultation.
    path = f"/consultations/{facts['consultation']}"
    token = forms.csrf_token(person.get(f"{path}/comment").get_data(as_text=True))
    before = count(Comment)
    answer = person.post(f"{path}/comments",
                         data=forms.comment_data(token, facts["open_sections"][0]))
    assert answer.status_code in (302, 303)
    assert count(Comment) == before + 1


def figures(database, p95, target):
    return {"database": database, "burst": None, "scenarios": [
        {"scenario": "home", "p95_ms": p95, "target_p95_ms": target,
         "meets_target": p95 < target}]}


def test_the_verdict_is_about_postgresql_targets_and_the_burst():
    assert all_met({"runs": [figures("sqlite", 400, 150), figures("postgresql", 90, 150)]})
    assert not all_met({"runs": [figures("postgresql", 200, 150)]})
    burst = figures("sqlite", 10, 150) | {"burst": {"as_expected": False}}
    assert not all_met({"runs": [burst]})
