"""Staff cancel a registration on a confirmation page, with a reason the person is told."""

from datetime import timedelta

from consult.core.i18n import LANGUAGE_COOKIE
from consult.events.models import Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import text_of
from tests.events.conftest import add
from tests.html import page_of

REASON = "Szkolenie jest przeznaczone wyłącznie dla urzędników powiatu płockiego."


def fresh(registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def test_cancel_asks_first_then_tells_the_person_why_and_frees_the_seat(
    client, login_as, event_factory, mailbox
):
    event = event_factory(capacity=1, starts_in=timedelta(days=10))
    maria = add(event, "Maria Łęcka", "maria@example.org")
    jan = add(event, "Jan Kowalski", "jan@example.org")
    assert (maria.status, jan.status) == (
        RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    mailbox.clear()
    listing = f"/manage/events/{event.id}/registrations"

    page = page_of(client.get(listing))
    cancel_link = next(e["attrs"]["href"] for e in page.elements if e["tag"] == "a"
                       and e["attrs"].get("href", "").startswith(
                           f"/manage/events/{event.id}/registrations/{maria.id}/cancel"))
    page = page_of(client.get(cancel_link))  # a GET only asks
    assert "Maria Łęcka" in page.text(next(e for e in page.elements if e["tag"] == "h1"))
    assert fresh(maria).status == RegistrationStatus.CONFIRMED and mailbox.messages == []

    response = client.post(cancel_link, data={"reason": "  "})
    assert response.status_code == 200
    assert "Enter the reason" in page_of(response).text_by_id("reason-error")
    assert fresh(maria).status == RegistrationStatus.CONFIRMED

    response = client.post(cancel_link, data={"reason": REASON, "next": listing})
    assert response.status_code == 302
    assert response.headers["Location"] == listing  # back to the list staff came from
    assert fresh(maria).status == RegistrationStatus.CANCELLED
    assert fresh(jan).status == RegistrationStatus.CONFIRMED  # the seat went to the next in line
    message = mailbox.last_to("maria@example.org")
    assert "Registration cancelled" in message["Subject"] or "Zgłoszenie" in message["Subject"]
    body = text_of(message)
    assert "organisers have cancelled your registration" in body or "Organizatorzy" in body
    assert REASON in body
    assert REASON in fresh(maria).history[-1].note


def test_cancel_mail_is_in_the_persons_language(client, login_as, event_factory, mailbox):
    event = event_factory(starts_in=timedelta(days=10))
    ewa = add(event, "Ewa Nowak", "ewa@example.org")  # registered in Polish
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    mailbox.clear()
    client.post(f"/manage/events/{event.id}/registrations/{ewa.id}/cancel",
                data={"reason": REASON})
    body = text_of(mailbox.last_to("ewa@example.org"))
    assert "Organizatorzy anulowali Twoje zgłoszenie." in body
    assert f"Powód: {REASON}" in body


def test_an_inactive_registration_is_not_cancelled_again(client, login_as, event_factory,
                                                          mailbox):
    event = event_factory(starts_in=timedelta(days=10))
    ewa = add(event, "Ewa Nowak", "ewa@example.org")
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    url = f"/manage/events/{event.id}/registrations/{ewa.id}/cancel"
    client.post(url, data={"reason": REASON})
    mailbox.clear()

    response = client.get(url, follow_redirects=True)
    assert "is now “cancelled”" in response.get_data(as_text=True)
    response = client.post(url, data={"reason": REASON}, follow_redirects=True)
    assert "is now “cancelled”" in response.get_data(as_text=True)
    assert mailbox.messages == []
