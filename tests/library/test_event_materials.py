"""An event's materials sent to those who attended, once each, after the event."""

from datetime import timedelta

import pytest

from consult.core.timeutil import utcnow
from consult.events import materials
from consult.events import services as events
from consult.events.models import Attendance
from consult.extensions import db
from tests.conftest import text_of


def attendee(event, name, email, attended=True):
    registration = events.register(event, events.RegistrationData(
        full_name=name, email=email, category="ngo", organisation="Fundacja"),
        staff=object())
    if attended:
        db.session.add(Attendance(registration=registration, day=event.starts_at.date(),
                                  checked_in_at=utcnow()))
    db.session.commit()
    return registration


def test_the_materials_go_once_to_those_who_attended(app, event_factory, mailbox):
    past = event_factory(title="Szkolenie minione", starts_in=-timedelta(days=3))
    attendee(past, "Maria Łęcka", "maria@example.org")
    attendee(past, "Jan Nieobecny", "jan@example.org", attended=False)
    materials.add_link(past, "Nagranie szkolenia", "https://example.org/nagranie")
    db.session.commit()
    assert materials.attendees_without_materials(past) == 1
    mailbox.clear()
    assert materials.send_to_attendees(past) == 1
    db.session.commit()
    assert materials.send_to_attendees(past) == 0  # pressed again: nobody twice
    db.session.commit()
    assert [message["To"] for message in mailbox.messages] == ["maria@example.org"]
    assert "https://example.org/nagranie" in text_of(mailbox.last_to("maria@example.org"))


def test_not_before_the_event_nor_without_materials(app, event_factory):
    future = event_factory()
    materials.add_link(future, "Prezentacja", "https://example.org/p")
    with pytest.raises(materials.MaterialError):
        materials.send_to_attendees(future)
    past = event_factory(title="Inne szkolenie", starts_in=-timedelta(days=3))
    with pytest.raises(materials.MaterialError):
        materials.send_to_attendees(past)


def test_staff_send_them_from_the_materials_page(app, client, staff, event_factory):
    past = event_factory(title="Szkolenie minione", starts_in=-timedelta(days=3))
    attendee(past, "Maria Łęcka", "maria@example.org")
    materials.add_link(past, "Nagranie szkolenia", "https://example.org/nagranie")
    db.session.commit()
    page = client.get(f"/manage/events/{past.id}/materials").get_data(as_text=True)
    assert 'id="send-materials-form"' in page
    response = client.post(f"/manage/events/{past.id}/materials/send", follow_redirects=True)
    assert "sent to 1 participant" in response.get_data(as_text=True)
    assert materials.attendees_without_materials(past) == 0


def test_the_past_event_page_lists_its_materials(app, client, event_factory):
    past = event_factory(title="Szkolenie minione", starts_in=-timedelta(days=3))
    materials.add_link(past, "Nagranie szkolenia", "https://example.org/nagranie")
    db.session.commit()
    page = client.get(f"/events/{past.slug}/").get_data(as_text=True)
    assert "Nagranie szkolenia" in page
