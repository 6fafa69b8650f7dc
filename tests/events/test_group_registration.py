"""A coordinator registers several colleagues at once (consult/events/groups.py): each an
ordinary registration with its own seat in its group, its own link and messages; the
coordinator gets the list with the links, never the link of someone registered before."""

from sqlalchemy import select

from consult.events.models import Question, Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import text_of
from tests.html import page_of


def rows(*people, organisation="Fundacja Dobry Start", consent="y"):
    data = {"organisation": organisation, "consent": consent}
    for n, (name, email, category) in enumerate(people):
        data |= {f"people-{n}-full_name": name, f"people-{n}-email": email,
                 f"people-{n}-category": category}
    return data


THREE = (("Anna Nowak", "anna@example.org", "ngo"), ("Jan Kowal", "", "ngo"),
         ("Ewa Lis", "ewa@example.org", "jst"))


def registrations(event) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                   .order_by(Registration.id)))


def test_a_coordinator_registers_three_colleagues_at_once(client, login_as, event_factory,
                                                          mailbox):
    coordinator = login_as("user", email="koordynatorka@example.org")
    event = event_factory(quotas={"ngo": 5, "jst": 5})
    response = client.post(f"/events/{event.slug}/register/group", data=rows(*THREE))
    page = page_of(response)
    made = registrations(event)
    assert [r.full_name for r in made] == ["Anna Nowak", "Jan Kowal", "Ewa Lis"]
    assert {r.status for r in made} == {RegistrationStatus.CONFIRMED}
    assert {r.registered_by_id for r in made} == {coordinator.id}
    assert made[1].email is None and made[0].organisation == "Fundacja Dobry Start"
    assert [q.seats_taken for q in sorted(event.quotas, key=lambda q: q.category)] == [1, 2]
    for registration in made:
        assert registration.token in page.text_by_id("group-registrations") or \
            f"/registrations/{registration.token}" in response.get_data(as_text=True)
    summary = text_of(mailbox.last_to("koordynatorka@example.org"))
    assert all(f"/registrations/{r.token}" in summary for r in made)
    activity = client.get("/account/activity").get_data(as_text=True)
    assert all(f"/registrations/{r.token}" in activity for r in made)
    assert f"/registrations/{made[0].token}" in text_of(mailbox.last_to("anna@example.org"))
    assert mailbox.to("ewa@example.org")


def test_each_colleague_cancels_on_their_own(client, login_as, event_factory, mailbox):
    login_as("user")
    event = event_factory()
    client.post(f"/events/{event.slug}/register/group", data=rows(*THREE))
    first, *others = registrations(event)
    client.post(f"/registrations/{first.token}/cancel")
    statuses = [r.status for r in registrations(event)]
    assert statuses == [RegistrationStatus.CANCELLED] + [RegistrationStatus.CONFIRMED] * 2


def test_a_full_group_puts_the_rest_on_the_waiting_list(client, login_as, event_factory):
    login_as("user")
    event = event_factory(quotas={"jst": 1})
    client.post(f"/events/{event.slug}/register/group", data=rows(
        ("Urzędniczka A", "", "jst"), ("Urzędnik B", "", "jst")))
    assert [r.status for r in registrations(event)] == [RegistrationStatus.CONFIRMED,
                                                        RegistrationStatus.WAITLISTED]


def test_without_a_waiting_list_nobody_is_registered_and_nothing_typed_is_lost(
        client, login_as, event_factory):
    login_as("user")
    event = event_factory(capacity=1, waitlist_enabled=False)
    client.set_cookie("lang", "en")
    page = page_of(client.post(f"/events/{event.slug}/register/group", data=rows(*THREE)))
    assert "Jan Kowal" in page.text_by_id("registration-error")
    assert registrations(event) == []
    assert page.by_id("people-2-full_name")["attrs"]["value"] == "Ewa Lis"


def test_the_coordinator_never_gets_the_link_of_someone_registered_before(
        client, login_as, event_factory, mailbox):
    event = event_factory()
    earlier = client.post(f"/events/{event.slug}/register", data={
        "full_name": "Anna Nowak", "email": "anna@example.org", "category": "ngo",
        "organisation": "Fundacja", "consent_rodo": "y"})
    assert earlier.status_code == 200
    before = registrations(event)[0]
    login_as("user", email="koordynator@example.org")
    response = client.post(f"/events/{event.slug}/register/group", data=rows(*THREE))
    assert before.token not in response.get_data(as_text=True)
    assert before.token not in text_of(mailbox.last_to("koordynator@example.org"))
    assert page_of(response).by_id("group-already") is not None
    assert len(registrations(event)) == 3  # Anna once


def test_mistakes_are_told_at_their_row_and_what_was_typed_stays(client, login_as,
                                                                 event_factory):
    login_as("user")
    client.set_cookie("lang", "en")
    event = event_factory()
    page = page_of(client.post(f"/events/{event.slug}/register/group", data=rows(
        ("", "bez.nazwiska@example.org", "ngo"), ("Ola", "ola@example.org", "ngo"),
        ("Ola Druga", "OLA@example.org", "ngo"), consent="")))
    assert "Enter the name" in page.text_by_id("people-0-full_name-error")
    assert "already in the list" in page.text_by_id("people-2-email-error")
    assert "agreed" in page.text_by_id("consent-error")
    assert page.by_id("people-0-email")["attrs"]["value"] == "bez.nazwiska@example.org"
    assert registrations(event) == []


def test_add_a_row_keeps_what_was_typed(client, login_as, event_factory):
    login_as("user")
    event = event_factory()
    page = page_of(client.post(f"/events/{event.slug}/register/group",
                               data=rows(*THREE) | {"add_row": "1"}))
    assert page.by_id("people-3-full_name") is not None
    assert page.by_id("people-1-full_name")["attrs"]["value"] == "Jan Kowal"
    assert registrations(event) == []


def test_only_a_signed_in_person_with_a_proven_address_registers_a_group(
        client, login_as, event_factory):
    event = event_factory()
    response = client.get(f"/events/{event.slug}/register/group")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    login_as("user", verified=False)
    response = client.post(f"/events/{event.slug}/register/group", data=rows(*THREE))
    assert response.status_code == 302 and registrations(event) == []


def test_an_event_whose_form_asks_required_questions_has_no_group_form(client, login_as,
                                                                        event_factory):
    login_as("user")
    event = event_factory(questions=[{"label": "Numer PESEL", "required": True}])
    assert isinstance(event.questions[0], Question)
    page = page_of(client.get(f"/events/{event.slug}/register/group"))
    assert page.by_id("group-not-possible") is not None and page.by_id("group-form") is None
