"""The events list and an event page cost the same number of queries for 3 or 30 events."""

from datetime import timedelta

from consult.events import services
from consult.extensions import db
from tests.conftest import forget_kept_values


def fill(event_factory, events: int, registrations: int):
    made = []
    for n in range(events):
        event = event_factory(title=f"Szkolenie {n}", starts_in=timedelta(days=n + 1),
                              capacity=registrations + 5, quotas={"ngo": registrations + 5},
                              questions=[{"kind": "text", "label": "Pytanie"}])
        for r in range(registrations):
            services.register(event, services.RegistrationData(
                full_name=f"Osoba {r}", email=f"o{r}-{n}@example.org", category="ngo"),
                staff=object())
        made.append(event)
    db.session.commit()
    return made


def queries_for(client, count_queries, path):
    client.get(path)  # warm-up: Python's own first-use work is not what is measured
    forget_kept_values(client.application)  # the list is measured as it is built
    with count_queries as counter:
        assert client.get(path).status_code == 200
    return counter.count


def test_events_list_queries_do_not_grow(client, event_factory, count_queries):
    fill(event_factory, 3, 2)
    few = queries_for(client, count_queries, "/events/")
    fill(event_factory, 22, 2)  # a full page (25) and more
    many = queries_for(client, count_queries, "/events/")
    assert many == few, f"{few} queries for 3 events, {many} for 25"


def test_event_page_queries_do_not_grow_with_registrations(client, event_factory,
                                                           count_queries):
    (small,) = fill(event_factory, 1, 2)
    (big,) = fill(event_factory, 1, 40)
    assert queries_for(client, count_queries, f"/events/{small.slug}/") == queries_for(
        client, count_queries, f"/events/{big.slug}/")
    assert queries_for(client, count_queries, f"/events/{small.slug}/register") == queries_for(
        client, count_queries, f"/events/{big.slug}/register")
