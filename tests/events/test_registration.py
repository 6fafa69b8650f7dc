"""Registering for an event as a guest or signed in: seats, waiting list, confirmation."""

import re
from datetime import timedelta

from sqlalchemy import select

from consult.core.timeutil import utcnow
from consult.events import services
from consult.events.models import Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import REGISTRATION_FORM, text_of
from tests.html import page_of


def register(client, event, **changes):
    return client.post(f"/events/{event.slug}/register", data={**REGISTRATION_FORM, **changes})


def registration_of(email) -> Registration:
    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.email == email))


def page_link(message) -> str:
    return re.search(r"https?://\S+/registrations/([\w-]+)", text_of(message)).group(1)


def test_guest_registers_confirms_by_email_and_gets_calendar(client, event_factory, mailbox):
    event = event_factory(capacity=2)
    response = register(client, event)
    assert response.status_code == 200
    assert "maria@example.org" in page_of(response).content
    registration = registration_of("maria@example.org")
    assert registration.status == RegistrationStatus.PENDING
    assert registration.hold_expires_at is not None
    # The page after registering does not reveal the link: the mailbox must be proved.
    assert registration.token not in response.get_data(as_text=True)

    message = mailbox.last_to("maria@example.org")
    token = page_link(message)
    assert token == registration.token and len(token) >= 40
    page = client.get(f"/registrations/{token}")
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page.headers["Cache-Control"]
    # a GET changes nothing
    assert registration_of("maria@example.org").status == RegistrationStatus.PENDING

    mailbox.clear()
    response = client.post(f"/registrations/{token}/confirm")
    assert response.status_code == 302
    assert registration_of("maria@example.org").status == RegistrationStatus.CONFIRMED
    confirmation = mailbox.last_to("maria@example.org")
    names = [part.get_filename() for part in confirmation.iter_attachments()]
    assert "zaproszenie.ics" in names and "kod-qr-wejscie.png" in names
    assert client.get(f"/registrations/{token}.json").get_json() == {
        "status": "confirmed", "waitlist_position": None, "event": event.slug,
    }


def test_signed_in_user_is_confirmed_at_once_with_details_prefilled(
    client, event_factory, login_as, mailbox
):
    event = event_factory()
    user = login_as(full_name="Jan Kowalski", email="jan@example.org")
    form = page_of(client.get(f"/events/{event.slug}/register"))
    assert form.value_of("full_name") == "Jan Kowalski"
    assert form.value_of("email") == "jan@example.org"
    response = register(client, event, full_name="Jan Kowalski", email="jan@example.org")
    assert response.status_code == 302
    registration = registration_of("jan@example.org")
    assert registration.status == RegistrationStatus.CONFIRMED and registration.user_id == user.id
    assert response.headers["Location"].endswith(f"/registrations/{registration.token}")
    assert "zaproszenie.ics" in [
        p.get_filename() for p in mailbox.last_to("jan@example.org").iter_attachments()
    ]


def test_full_event_puts_people_on_the_waiting_list_and_cancel_promotes(
    client, event_factory, login_as, mailbox
):
    event = event_factory(capacity=1)
    login_as(email="first@example.org")
    register(client, event, email="first@example.org")
    client.post("/auth/logout")
    login_as(email="second@example.org")
    register(client, event, email="second@example.org")
    first, second = registration_of("first@example.org"), registration_of("second@example.org")
    assert (first.status, second.status) == (
        RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    assert client.get(f"/registrations/{second.token}.json").get_json()["waitlist_position"] == 1
    assert "waiting list" in text_of(mailbox.last_to("second@example.org")).lower() or \
        "liście rezerwowej" in text_of(mailbox.last_to("second@example.org"))

    mailbox.clear()
    assert client.get(f"/registrations/{first.token}/cancel").status_code == 200
    # GET only asks
    assert registration_of("first@example.org").status == RegistrationStatus.CONFIRMED
    client.post(f"/registrations/{first.token}/cancel")
    assert registration_of("first@example.org").status == RegistrationStatus.CANCELLED
    assert registration_of("second@example.org").status == RegistrationStatus.CONFIRMED
    cancellation = mailbox.last_to("first@example.org")
    assert "odwolanie.ics" in [p.get_filename() for p in cancellation.iter_attachments()]
    promotion = mailbox.last_to("second@example.org")
    assert "zaproszenie.ics" in [p.get_filename() for p in promotion.iter_attachments()]


def test_promotion_skips_people_whose_category_quota_is_full(app, event_factory, mailbox):
    event = event_factory(capacity=2, quotas={"jst": 1})
    people = [("a@example.org", "jst"), ("b@example.org", "ngo"), ("c@example.org", "jst"),
              ("d@example.org", "ngo")]
    registrations = []
    for email, category in people:
        data = services.RegistrationData(full_name=email, email=email, category=category,
                                         organisation="X")
        registrations.append(services.register(event, data, staff=object()))
        db.session.commit()
    assert [r.status for r in registrations] == [
        RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED]
    services.cancel(registrations[1])  # an NGO seat frees: the JST person waiting first
    db.session.commit()                # cannot have it (quota), the NGO person can
    assert [registration_of(e).status for e, _ in people] == [
        RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED,
        RegistrationStatus.WAITLISTED, RegistrationStatus.CONFIRMED,
    ]


def test_registering_an_address_again_reveals_nothing_and_tells_its_owner(
    client, event_factory, mailbox
):
    """Issue 18, finding 11: the form answered "already registered" to anyone."""
    event = event_factory()
    first = register(client, event)
    mailbox.clear()
    again = register(client, event, full_name="Maria Ł.", email=" Maria@Example.org")
    # A stranger sees exactly what a new registrant sees: the same page, the same status.
    assert again.status_code == first.status_code == 200
    assert page_of(again).content == page_of(first).content
    assert db.session.scalars(select(Registration)).all().__len__() == 1
    # The owner is told, with their own link.
    (notice,) = mailbox.to("maria@example.org")
    assert "już zapisany" in notice["Subject"] or "already registered" in notice["Subject"]
    assert page_link(notice) == registration_of("maria@example.org").token


def test_missing_consent_and_bad_email_keep_what_was_typed(client, event_factory):
    event = event_factory()
    response = register(client, event, consent_rodo="", email="not-an-address",
                        needs="tłumacz PJM")
    page = page_of(response)
    assert response.status_code == 200
    assert page.by_id("consent_rodo-error") is not None
    assert page.by_id("email-error") is not None
    assert page.by_id("consent_needs-error") is not None  # needs given without consent
    assert page.value_of("full_name") == "Maria Łęcka"
    assert page.value_of("organisation") == "Stowarzyszenie Aktywni Razem"
    assert "tłumacz PJM" in page.text_by_id("needs")
    assert db.session.scalars(select(Registration)).all() == []


def test_closed_registration_says_so_and_keeps_the_form(client, event_factory):
    event = event_factory(registration_closes_at=utcnow() - timedelta(minutes=1))
    response = register(client, event)
    assert response.status_code == 409
    page = page_of(response)
    assert page.value_of("full_name") == "Maria Łęcka"
    assert page.by_id("registration-error") is not None


def test_full_event_without_waiting_list_refuses(client, event_factory):
    event = event_factory(capacity=1, waitlist_enabled=False)
    register(client, event, email="a@example.org")
    response = register(client, event, email="b@example.org")
    assert response.status_code == 409
    assert page_of(response).value_of("email") == "b@example.org"


def test_cancelled_and_draft_events(client, event_factory):
    cancelled = event_factory(title="Odwołane", status="cancelled")
    assert register(client, cancelled).status_code == 409
    draft = event_factory(title="Szkic", status="draft")
    assert client.get(f"/events/{draft.slug}/").status_code == 404
    assert register(client, draft).status_code == 404


def test_unconfirmed_hold_expires_and_frees_the_seat(client, event_factory, mailbox):
    event = event_factory(capacity=1)
    register(client, event, email="slow@example.org")
    slow = registration_of("slow@example.org")
    slow.hold_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    register(client, event, email="fast@example.org")
    # The seat went to the next registrant; the slow one waits, nothing they typed is lost.
    assert registration_of("slow@example.org").status == RegistrationStatus.WAITLISTED
    # got the released seat
    assert registration_of("fast@example.org").status == RegistrationStatus.PENDING
    assert "45" in text_of(mailbox.last_to("slow@example.org"))  # how long it was held
    client.post(f"/registrations/{slow.token}/confirm")
    # no seat is free
    assert registration_of("slow@example.org").status == RegistrationStatus.WAITLISTED
    client.post(f"/registrations/{registration_of('fast@example.org').token}/cancel")
    # confirmed: promoted
    assert registration_of("slow@example.org").status == RegistrationStatus.CONFIRMED


def test_signed_in_owner_registering_again_is_shown_their_registration(
    client, event_factory, login_as
):
    event = event_factory()
    login_as(email="jan@example.org")
    register(client, event, email="jan@example.org")
    response = register(client, event, email="jan@example.org")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/registrations/{registration_of('jan@example.org').token}")


def test_custom_questions_are_asked_and_required_ones_enforced(client, event_factory):
    event = event_factory(questions=[
        {"kind": "choice", "label": "Nocleg", "options": "tak\nnie", "required": True},
        {"kind": "multiple", "label": "Tematy", "options": "granty\nwolontariat\nRDPP"},
        {"kind": "text", "label": "Oczekiwania"},
    ])
    choice, multiple, text = event.questions
    response = register(client, event)
    assert page_of(response).by_id(f"q_{choice.id}-error") is not None
    register(client, event, **{f"q_{choice.id}": "nie", f"q_{multiple.id}": ["granty", "RDPP"],
                               f"q_{text.id}": "Praktyka"})
    answers = {a.question.label: a.value for a in registration_of("maria@example.org").answers}
    assert answers == {"Nocleg": "nie", "Tematy": "granty\nRDPP", "Oczekiwania": "Praktyka"}


def test_unknown_token_is_not_found(client):
    assert client.get("/registrations/nope").status_code == 404
    assert client.get("/registrations/nope.json").status_code == 404
