"""The status history of a person's own registrations, comments and network entry in the
export of their data: theirs only, and no staff member named."""

import json

import pytest

from consult.auth.models import STAFF
from consult.consultations import services as consultations
from consult.events import services as events
from consult.extensions import db
from consult.network import services as network
from consult.network.models import MemberStatus
from tests.consultations.conftest import comment_on
from tests.html import page_of
from tests.network.conftest import member_factory  # noqa: F401 - a fixture


@pytest.fixture
def client(client):
    client.set_cookie("lang", "en")
    return client


def register(event, email, user=None):
    registration = events.register(event, events.RegistrationData(
        full_name="Maria Łęcka", email=email, category="ngo",
        organisation="Stowarzyszenie Aktywni Razem"), user=user)
    db.session.commit()
    return registration


def changes(record: dict) -> list[tuple]:
    return [(c["from_status"], c["to_status"], c["by"], c["note"]) for c in record["changes"]]


def test_the_export_has_the_status_history_of_own_records_only(
        client, login_as, user_factory, event_factory, consultation_factory,
        member_factory):  # noqa: F811 - the fixture imported above
    person = login_as(full_name="Maria Łęcka", email="maria@example.org")
    staff = user_factory(STAFF, full_name="Anna Organizatorka", email="anna@example.org")
    workshop = event_factory(title="Warsztat grantowy")
    conference = event_factory(title="Konferencja")
    events.cancel(register(workshop, "maria@example.org", person), staff,
                  note="cancelled by staff", reason="Szkolenie tylko dla JST.")
    events.cancel(register(conference, "maria@example.org", person), person,
                  note="cancelled by the registrant")
    # Someone else's registration, and one the account made for a colleague: not hers.
    events.cancel(register(workshop, "jan@example.org"), staff)
    register(conference, "kolega@example.org", person)
    consultation = consultation_factory()
    comment = comment_on(consultation, person, body="Uwaga Marii.")
    consultations.hide_comment(comment, staff, "Narusza regulamin.")
    consultations.hide_comment(comment_on(consultation, user_factory(), body="Cudza."), staff,
                               "Cudza uwaga ukryta.")
    member = member_factory(user=person, status=MemberStatus.PENDING)
    network.approve(member, by=staff)
    db.session.commit()

    response = client.get("/account/export.json")
    exported = response.get_json()

    registrations = exported["event_registration_history"]
    assert [r["event"] for r in registrations] == ["Warsztat grantowy", "Konferencja"]
    assert changes(registrations[0]) == [
        (None, "confirmed", None, "registered"),
        ("confirmed", "cancelled", "staff", "cancelled by staff: Szkolenie tylko dla JST.")]
    assert changes(registrations[1]) == [
        (None, "confirmed", None, "registered"),
        ("confirmed", "cancelled", "you", "cancelled by the registrant")]
    comments = exported["consultation_comment_history"]
    assert [changes(c) for c in comments] == [
        [("published", "hidden", "staff", "Narusza regulamin.")]]
    assert [changes(m) for m in exported["network_member_history"]] == [
        [("pending", "approved", "staff", None)]]
    text = json.dumps(exported, ensure_ascii=False)
    for not_hers in ("Anna Organizatorka", "anna@example.org", "Cudza uwaga ukryta.",
                     "jan@example.org", "kolega@example.org"):
        assert not_hers not in text

    page = page_of(client.get("/account/export.html"))
    assert "Changes of status of your registrations" in page.content
    assert "staff or a moderator" in page.content
    assert "Anna Organizatorka" not in page.content


def test_the_export_of_a_person_with_nothing_has_empty_histories(client, login_as):
    login_as()
    exported = client.get("/account/export.json").get_json()
    assert exported["event_registration_history"] == []
    assert exported["consultation_comment_history"] == []
    assert exported["network_member_history"] == []
