"""Quotas told honestly: an event's seats per group on its page and next to the choice of
category, and a person of a full group told that it is their group that is full."""

from sqlalchemy import select

from consult.events import services
from consult.events.models import Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import REGISTRATION_FORM
from tests.events.conftest import add
from tests.html import page_of

RESIDENT = {**REGISTRATION_FORM, "category": "resident", "organisation": "",
            "full_name": "Ewa Mieszkanka", "email": "ewa@example.org"}


def flashes(response) -> str:
    page = page_of(response)
    return " ".join(page.text(e) for e in page.elements
                    if "flash" in e["attrs"].get("class", ""))


def residents_full(event_factory, **fields):
    """20 seats, 2 of them for residents, both taken."""
    event = event_factory(capacity=20, quotas={"resident": 2, "ngo": 10}, **fields)
    add(event, "Jan Pierwszy", "jan1@example.org", category="resident")
    add(event, "Jan Drugi", "jan2@example.org", category="resident")
    add(event, "Anna z NGO", "anna@example.org", category="ngo", organisation="Fundacja")
    return event


def test_the_event_page_shows_each_groups_seats_and_the_general_pool(client, event_factory):
    event = residents_full(event_factory)
    page = page_of(client.get(f"/events/{event.slug}/"))
    groups = page.text_by_id("group-seats")
    assert "dla mieszkańców i mieszkanek: zajęte 2 z 2 (brak wolnych miejsc)" in groups
    assert "dla organizacji pozarządowych: zajęte 1 z 10" in groups
    assert "20 (17" in page.content  # the general pool: 17 of 20 seats left
    assert client.get(f"/api/v1/events/{event.slug}").get_json()["seats_left"] == 17


def test_an_event_without_quotas_shows_no_group_lines(client, event_factory):
    event = event_factory(capacity=20)
    assert page_of(client.get(f"/events/{event.slug}/")).by_id("group-seats") is None


def test_the_form_tells_each_groups_seats_next_to_the_category(client, event_factory):
    client.set_cookie("lang", "en")
    event = residents_full(event_factory)
    hint = page_of(client.get(f"/events/{event.slug}/register")).text_by_id("category-hint")
    assert "for residents: 2 of 2 taken (full)" in hint
    assert "for NGOs: 1 of 10 taken" in hint
    assert "you join the waiting list" in hint


def test_a_signed_in_resident_is_told_the_residents_seats_are_taken(
        client, event_factory, login_as):
    event = residents_full(event_factory)
    login_as(full_name="Ewa Mieszkanka", email="ewa@example.org")
    response = client.post(f"/events/{event.slug}/register", data=RESIDENT,
                           follow_redirects=True)
    assert ("Miejsca dla mieszkańców i mieszkanek są już zajęte, więc zapisaliśmy Cię na "
            "listę rezerwową") in flashes(response)
    registration = db.session.scalar(select(Registration).where(
        Registration.email == "ewa@example.org"))
    assert registration.status == RegistrationStatus.WAITLISTED


def test_a_signed_in_ngo_member_still_gets_a_seat(client, event_factory, login_as):
    event = residents_full(event_factory)
    login_as(full_name="Maria Łęcka", email="maria@example.org")
    response = client.post(f"/events/{event.slug}/register", data=REGISTRATION_FORM,
                           follow_redirects=True)
    assert "Zapisano Cię na wydarzenie." in flashes(response)
    assert db.session.scalar(select(Registration.status).where(
        Registration.email == "maria@example.org")) == RegistrationStatus.CONFIRMED


def test_a_guest_resident_is_told_on_the_page_after_registering(client, event_factory):
    event = residents_full(event_factory)
    page = page_of(client.post(f"/events/{event.slug}/register", data=RESIDENT))
    assert "Miejsca dla mieszkańców i mieszkanek są już zajęte" in page.text_by_id("group-full")
    page = page_of(client.post(f"/events/{event.slug}/register", data={
        **REGISTRATION_FORM, "email": "nowa@example.org"}))
    assert page.by_id("group-full") is None


def test_without_a_waiting_list_the_refusal_names_the_group(client, event_factory):
    event = residents_full(event_factory, waitlist_enabled=False)
    response = client.post(f"/events/{event.slug}/register", data=RESIDENT)
    assert response.status_code == 409
    page = page_of(response)
    assert "miejsca dla mieszkańców i mieszkanek są już zajęte" in page.text_by_id(
        "registration-error")
    assert "Wszystkie miejsca" not in page.text_by_id("registration-error")
    assert page.value_of("full_name") == "Ewa Mieszkanka"


def test_the_reason_for_no_seat_tells_a_full_group_from_a_full_event(event_factory):
    event = residents_full(event_factory)
    counts = services.seat_counts(event)
    assert services.no_seat_reason(event, "resident", counts) == services.GROUP_FULL
    assert services.no_seat_reason(event, "ngo", counts) is None
    assert services.no_seat_reason(event, "other", counts) is None
    full = event_factory(title="Pełne", capacity=1, quotas={"resident": 5})
    add(full, "Ktoś", "k@example.org", category="ngo", organisation="Fundacja")
    assert services.no_seat_reason(full, "resident", services.seat_counts(full)) == services.FULL


def test_staff_adding_a_resident_to_a_full_group_are_told_it_is_the_group(
        client, staff, event_factory):
    event = residents_full(event_factory)
    response = client.post(f"/manage/events/{event.id}/registrations/add", data={
        "full_name": "Ewa Dopisana", "email": "ewa@example.org", "category": "resident",
        "organisation": "", "position": "", "phone": "", "note": ""}, follow_redirects=True)
    assert ("The seats for residents are all taken: Ewa Dopisana is on the waiting list "
            "(position 1)") in flashes(response)


def test_an_event_without_a_total_limit_shows_its_groups_and_who_waits(client, event_factory):
    event = event_factory(capacity=None, quotas={"resident": 1})
    add(event, "Jan Pierwszy", "jan1@example.org", category="resident")
    add(event, "Jan Drugi", "jan2@example.org", category="resident")
    response = client.get(f"/events/{event.slug}/")
    assert "dla mieszkańców i mieszkanek: zajęte 1 z 1" in page_of(response).text_by_id(
        "group-seats")
    html = response.get_data(as_text=True)
    assert "<dd>1 osoba na liście rezerwowej" in html and "<dd>; " not in html
