"""The notes the platform writes in the registrations' and events' status logs are shown in
the reader's language; what staff typed (a reason) is shown as typed."""

import pytest
from flask_babel import force_locale

from consult.events import log_notes, services
from consult.events.log_notes import readable_note
from consult.extensions import db
from tests.history import history_rows
from tests.html import page_of

REASON = "Szkolenie tylko dla pracowników JST."


def registered(event, email="maria@example.org", user=None):
    registration = services.register(event, services.RegistrationData(
        full_name="Maria Łęcka", email=email, category="ngo",
        organisation="Stowarzyszenie Aktywni Razem"), user=user)
    db.session.commit()
    return registration


def written_notes() -> list[str]:
    """Every note the platform writes (the module's constants)."""
    return [value for name, value in vars(log_notes).items()
            if name.isupper() and isinstance(value, str) and name != "DETAILS_CHANGED"]


@pytest.mark.parametrize(("language", "expected"), [
    ("pl", [["oczekujące", "zapis przyjęty"],
            ["anulowane", f"anulowane przez obsługę: {REASON}"]]),
    ("en", [["pending", "registered"], ["cancelled", f"cancelled by staff: {REASON}"]]),
])
def test_staff_read_a_registration_s_log_in_their_language(
        client, staff, event_factory, language, expected):
    event = event_factory()
    registration = registered(event)
    page_url = f"/manage/events/{event.id}/registrations/{registration.id}"
    client.post(f"{page_url}/cancel", data={"reason": REASON})
    client.post("/language", data={"language": language, "next": "/"})

    rows = history_rows(page_of(client.get(page_url)), "history")
    assert [[to, note] for _from, to, _by, note in rows] == expected


def test_the_person_reads_their_log_in_their_language_in_the_readable_export(
        client, login_as, event_factory):
    person = login_as(full_name="Maria Łęcka", email="maria@example.org")
    event = event_factory(title="Warsztat grantowy")
    services.cancel(registered(event, user=person), person,
                    note=log_notes.CANCELLED_BY_REGISTRANT)
    db.session.commit()
    client.post("/language", data={"language": "pl", "next": "/"})

    page = page_of(client.get("/account/export.html")).content
    assert "anulowane przez osobę zapisaną" in page
    assert "zapis przyjęty" in page
    # The machine-readable export keeps the record as written.
    exported = client.get("/account/export.json").get_json()
    notes = [change["note"] for change in
             exported["event_registration_history"][0]["changes"]]
    assert notes == [log_notes.REGISTERED, log_notes.CANCELLED_BY_REGISTRANT]


def test_every_note_the_platform_writes_reads_in_polish(app):
    with app.test_request_context(), force_locale("pl"):
        untranslated = [note for note in written_notes() if readable_note(note) == note]
        assert untranslated == []
        assert readable_note(log_notes.details_changed(["phone", "needs"])) == (
            "dane zmienione przez osobę zapisaną: telefon, potrzeby")
        assert readable_note(log_notes.with_reason(log_notes.CANCELLED_BY_STAFF, REASON)) == (
            f"anulowane przez obsługę: {REASON}")


def test_what_staff_typed_is_shown_as_typed(app):
    with app.test_request_context(), force_locale("pl"):
        assert readable_note("Prowadząca zachorowała.") == "Prowadząca zachorowała."
        assert readable_note("") == ""
        assert readable_note(None) == ""
