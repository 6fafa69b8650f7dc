"""A person's registrations in their data export and on account deletion (RODO)."""

from datetime import timedelta

from sqlalchemy import select, update

from consult.auth.models import User
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.events import services
from consult.events.models import Attendance, Registration, RegistrationStatus
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
    attended = Registration(event=past, token="t" * 43, checkin_code="c" * 16,
                            status=RegistrationStatus.CONFIRMED,
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
    assert mine.status == RegistrationStatus.CANCELLED and mine.user_id is None
    assert db.session.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    assert db.session.get(Registration, waiting.id).email == "jan@example.org"  # not hers
    kept = db.session.get(Registration, attended.id)
    # the funder's attendance record stays
    assert kept.status == RegistrationStatus.CONFIRMED and kept.attendance
    assert kept.category == "ngo" and kept.person_key.startswith("anon:")
    # One person stays one person in the impact figures.
    assert db.session.get(Registration, as_guest.id).person_key == kept.person_key
    assert db.session.get(Registration, as_guest.id).status == RegistrationStatus.CANCELLED



def _register_with_a_colleague(client, login_as, event_factory):
    """Maria, signed in, registers herself and her colleague Jan (with Jan's own address,
    which Jan confirms); Jan also registered himself as a guest for another event. All the
    mail has been delivered. Returns (Maria, Jan's registration by Maria, Jan's own)."""
    user = login_as(email="maria@example.org", full_name="Maria Łęcka")
    event = event_factory(title="Warsztat grantowy", capacity=2)
    client.post(f"/events/{event.slug}/register", data=REGISTRATION_FORM)
    colleague = services.register(event, services.RegistrationData(
        full_name="Jan Kowalski", email="Jan@Example.org", category="ngo", phone="600 200 300",
        needs="dieta wegańska", consent_needs=True), user=user)
    services.confirm_email(colleague)  # Jan opened the link sent to his mailbox
    own_of_jan = services.register(event_factory(title="Debata"), services.RegistrationData(
        full_name="Jan Kowalski", email="jan@example.org", category="ngo"))
    db.session.execute(update(OutboxMessage).values(status=OutboxStatus.SENT))
    db.session.commit()
    assert colleague.user_id == user.id and colleague.status == RegistrationStatus.CONFIRMED
    return user, colleague, own_of_jan


def test_export_marks_registrations_made_for_someone_else(client, login_as, event_factory):
    """The account made them, so they are listed; what is in them is the other person's
    data (they may have changed it since, needs may be about health), so it is not."""
    _register_with_a_colleague(client, login_as, event_factory)
    exported = client.get("/account/export.json").get_json()["event_registrations"]
    assert [(r["event"], r["for_someone_else"]) for r in exported] == [
        ("Warsztat grantowy", False), ("Warsztat grantowy", True)]
    assert exported[0]["full_name"] == "Maria Łęcka"
    assert "Jan" not in str(exported[1]) and "600" not in str(exported[1])
    assert "needs" not in exported[1] and "status" not in exported[1]
    assert "Debata" not in str(exported)  # Jan's own, not made from the account


def test_deleting_the_account_keeps_the_people_it_registered(client, login_as, event_factory):
    """Issue 18, finding 7 (review): an account that registered a colleague with the
    colleague's own address deletes only its own data: the colleague keeps the seat, the
    registration's details and the delivered mail; only the link to the account goes."""
    user, colleague, own_of_jan = _register_with_a_colleague(client, login_as, event_factory)
    jan_mail = set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.recipient == "jan@example.org")))
    assert jan_mail

    response = client.post("/account/delete", data={"password": "correct-horse-battery-staple",
                                                     "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    kept = db.session.get(Registration, colleague.id)
    assert (kept.status, kept.full_name, kept.email, kept.phone, kept.needs) == (
        RegistrationStatus.CONFIRMED, "Jan Kowalski", "jan@example.org", "600 200 300",
        "dieta wegańska")
    assert kept.user_id is None and kept.personal_data_purged_at is None
    assert db.session.get(Registration, own_of_jan.id).full_name == "Jan Kowalski"
    assert set(db.session.scalars(select(OutboxMessage.id).where(
        OutboxMessage.recipient == "jan@example.org"))) == jan_mail
    mine = db.session.scalar(select(Registration).where(
        Registration.event_id == colleague.event_id, Registration.id != colleague.id))
    assert mine.status == RegistrationStatus.CANCELLED
    assert mine.email is None and mine.full_name == ""
    assert mine.person_key.startswith("anon:")
    # No cancellation notice for the deleted account: all its mail is gone.
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "maria@example.org")).all() == []
