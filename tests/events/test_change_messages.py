"""Change messages say what changed, old → new, in the registrant's language; the agenda
does not contradict a new time (issue 20, H3 item 13)."""

from datetime import UTC, datetime, timedelta

from consult.events.choices import HYBRID
from consult.events.models import AgendaItem, RegistrationStatus
from consult.extensions import db
from tests.conftest import text_of
from tests.events.conftest import add
from tests.events.test_manage_events import form_values
from tests.html import page_of

START = datetime(2030, 3, 12, 9, 0, tzinfo=UTC)  # Tuesday, 10:00 in Warsaw


def edit(client, event, **changes):
    values = form_values(client.get(f"/manage/events/{event.id}/edit"), "event-form")
    values.update(changes)
    return client.post(f"/manage/events/{event.id}/edit", data=values, follow_redirects=True)


def flashes(response) -> str:
    page = page_of(response)
    return " ".join(page.text(e) for e in page.elements
                    if "flash" in e["attrs"].get("class", ""))


def test_new_hours_and_venue_are_written_old_to_new_in_each_registrants_language(
    client, staff, event_factory, mailbox
):
    event = event_factory(starts_at=START, duration=timedelta(hours=6))
    ola = add(event, "Ola Angielska", "ola@example.org")
    ola.locale = "en"
    add(event, "Jan Polski", "jan@example.org")
    db.session.commit()
    mailbox.clear()

    edit(client, event, starts_at="2030-03-12T11:00", ends_at="2030-03-12T17:00",
         venue_name="Centrum Kultury", venue_address="ul. Warszawska 1, 09-100 Płońsk")

    english = text_of(mailbox.last_to("ola@example.org"))
    assert "Date and time: 10:00–16:00 → 11:00–17:00" in english
    assert ("Venue: Urząd Miasta Płońsk, ul. Płocka 39, 09-100 Płońsk → Centrum Kultury, "
            "ul. Warszawska 1, 09-100 Płońsk") in english
    assert "Format:" not in english and "Online meeting link" not in english
    polish = text_of(mailbox.last_to("jan@example.org"))
    assert "Termin: 10:00–16:00 → 11:00–17:00" in polish
    assert "Miejsce wydarzenia: Urząd Miasta Płońsk" in polish
    assert "Forma:" not in polish


def test_a_new_day_names_the_days_and_only_participants_read_the_new_link(
    client, staff, event_factory, mailbox
):
    event = event_factory(starts_at=START, duration=timedelta(hours=2), capacity=1,
                          format=HYBRID, online_url="https://meet.example.org/stary")
    ewa = add(event, "Ewa Uczestniczka", "ewa@example.org")
    waiting = add(event, "Piotr Czekający", "piotr@example.org")
    waiting.email_confirmed_at = START - timedelta(days=30)
    ewa.locale = waiting.locale = "en"
    db.session.commit()
    assert waiting.status == RegistrationStatus.WAITLISTED
    mailbox.clear()

    edit(client, event, starts_at="2030-03-13T10:00", ends_at="2030-03-13T12:00",
         format="online", online_url="https://meet.example.org/nowy")

    confirmed = text_of(mailbox.last_to("ewa@example.org"))
    assert ("Date and time: Tuesday, 12 March 2030, 10:00–12:00 → "
            "Wednesday, 13 March 2030, 10:00–12:00") in confirmed
    assert "Format: hybrid → online" in confirmed
    assert ("Online meeting link: https://meet.example.org/stary → "
            "https://meet.example.org/nowy") in confirmed
    assert "Venue: Urząd Miasta Płońsk, ul. Płocka 39, 09-100 Płońsk → —" in confirmed
    on_the_list = text_of(mailbox.last_to("piotr@example.org"))
    assert "Format: hybrid → online" in on_the_list
    assert "meet.example.org" not in on_the_list


def test_an_agenda_outside_the_new_time_warns_staff_and_is_not_mailed(
    client, staff, event_factory, mailbox
):
    event = event_factory(starts_at=START, duration=timedelta(hours=6))
    db.session.add_all([
        AgendaItem(event=event, starts_at=START, ends_at=START + timedelta(hours=1),
                   title="Otwarcie"),
        AgendaItem(event=event, starts_at=START + timedelta(hours=5),
                   ends_at=START + timedelta(hours=6), title="Podsumowanie"),
    ])
    db.session.commit()
    add(event, "Jan Polski", "jan@example.org")
    mailbox.clear()

    response = edit(client, event, starts_at="2030-03-12T11:00", ends_at="2030-03-12T15:00")
    shown = flashes(response)
    assert "The event is saved." in shown
    assert ("These agenda items lie outside the event's time: 12 Mar 2030, 10:00 Otwarcie; "
            "12 Mar 2030, 15:00 Podsumowanie.") in shown
    message = text_of(mailbox.last_to("jan@example.org"))
    assert "Termin: 10:00–16:00 → 11:00–15:00" in message
    assert "Otwarcie" not in message and "Podsumowanie" not in message

    # The agenda corrected with the form: no warning any more.
    values = {"agenda-0-starts_at": "2030-03-12T11:00", "agenda-0-ends_at": "12:00",
              "agenda-1-starts_at": "2030-03-12T14:00", "agenda-1-ends_at": "15:00"}
    assert "agenda items lie outside" not in flashes(edit(client, event, **values))
