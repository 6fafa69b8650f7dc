"""A person's registrations in their data export and on account deletion (RODO)."""

from datetime import timedelta

from sqlalchemy import select

from consult.auth.models import User
from consult.events import services
from consult.events.models import CONFIRMED, REG_CANCELLED, Attendance, Registration
from consult.extensions import db
from tests.conftest import REGISTRATION_FORM


def test_export_lists_registrations_made_with_the_account_or_its_address(
    client, login_as, event_factory
):
    user = login_as(email="maria@example.org", full_name="Maria Łęcka")
    event = event_factory(title="Warsztat grantowy")
    client.post(f"/events/{event.slug}/register",
                data={**REGISTRATION_FORM, "needs": "dieta wegańska", "consent_needs": "y"})
    other = event_factory(title="Konferencja")
    services.register(other, services.RegistrationData(
        full_name="Maria Łęcka", email="maria@example.org", category="ngo"), staff=object())
    db.session.commit()
    exported = client.get("/account/export.json").get_json()["event_registrations"]
    assert {r["event"] for r in exported} == {"Warsztat grantowy", "Konferencja"}
    assert any(r["needs"] == "dieta wegańska" for r in exported)
    assert user.id


def test_deleting_the_account_cancels_upcoming_registrations_and_promotes(
    client, login_as, event_factory, mailbox
):
    login_as(email="maria@example.org")
    event = event_factory(capacity=1)
    client.post(f"/events/{event.slug}/register",
                data={**REGISTRATION_FORM, "phone": "600 100 200", "needs": "tłumacz PJM",
                      "consent_needs": "y"})
    waiting = services.register(event, services.RegistrationData(
        full_name="Jan", email="jan@example.org", category="ngo"), staff=object())
    past = event_factory(title="Dawne szkolenie", starts_in=timedelta(days=-30))
    attended = Registration(event=past, token="t" * 43, checkin_code="c" * 16, status=CONFIRMED,
                            category="ngo", full_name="Maria Łęcka", email="maria@example.org",
                            person_key="maria@example.org")
    attended.attendance.append(Attendance(day=past.starts_at.date()))
    db.session.add(attended)
    # Registered as a guest (not signed in) with the account's proved address.
    as_guest = services.register(event_factory(title="Debata"), services.RegistrationData(
        full_name="Maria Łęcka", email="maria@example.org", category="resident",
        phone="600 100 200", needs="dieta bezglutenowa", consent_needs=True))
    db.session.commit()
    assert as_guest.user_id is None

    response = client.post("/account/delete", data={"password": "correct-horse-battery-staple",
                                                     "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "maria@example.org")) is None
    # Issue 18, finding 7: nothing that identifies the person is left in any registration.
    assert db.session.scalars(select(Registration).where(
        (Registration.email == "maria@example.org") | (Registration.full_name == "Maria Łęcka")
        | (Registration.phone != "") | (Registration.needs != "")
    )).all() == []
    mine = db.session.scalar(select(Registration).where(Registration.event_id == event.id,
                                                        Registration.id != waiting.id))
    assert mine.status == REG_CANCELLED and mine.user_id is None
    assert db.session.get(Registration, waiting.id).status == CONFIRMED
    assert db.session.get(Registration, waiting.id).email == "jan@example.org"  # not hers
    kept = db.session.get(Registration, attended.id)
    assert kept.status == CONFIRMED and kept.attendance  # the funder's attendance record stays
    assert kept.category == "ngo" and kept.person_key.startswith("anon:")
    # One person stays one person in the impact figures.
    assert db.session.get(Registration, as_guest.id).person_key == kept.person_key
    assert db.session.get(Registration, as_guest.id).status == REG_CANCELLED
