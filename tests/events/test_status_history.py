"""The status history staff see on an event's page (a registration's: test_manage_registrations)."""

from datetime import UTC, datetime

from consult.events.models import EventStatus
from tests.history import history_rows
from tests.html import page_of

START = datetime(2030, 3, 12, 9, 0, tzinfo=UTC)


def test_the_event_page_shows_who_published_and_cancelled_it_and_why(
        client, staff, event_factory):
    event = event_factory(status=EventStatus.DRAFT, starts_at=START)
    other = event_factory(title="Inne szkolenie", status=EventStatus.DRAFT, starts_at=START)
    before = page_of(client.get(f"/manage/events/{event.id}/"))
    assert "The status has not changed yet." in before.text_by_id("event-history")

    client.post(f"/manage/events/{event.id}/publish")
    client.post(f"/manage/events/{event.id}/cancel",
                data={"reason": "Prowadząca zachorowała."})

    page = page_of(client.get(f"/manage/events/{event.id}/"))
    assert history_rows(page, "event-history") == [
        ["draft", "published", "Anna Organizatorka", "published"],
        ["published", "cancelled", "Anna Organizatorka", "Prowadząca zachorowała."],
    ]
    # Another event's page shows only its own history.
    assert "The status has not changed yet." in page_of(
        client.get(f"/manage/events/{other.id}/")).text_by_id("event-history")
