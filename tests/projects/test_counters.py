"""A project's live counters against a hand-counted world (conftest.world)."""

from decimal import Decimal

from consult.projects import counters
from tests.conftest import counted_queries


def test_counters_count_each_person_organisation_and_jst_once(world):
    figures = counters.of_project(world.id)
    assert figures.recipients == 5  # Maria (twice), Jan, Ola, Piotr, Ewa
    # Stowarzyszenie Aktywni Razem, and Fundacja Łódź however written and also advised
    assert figures.organisations == 2
    assert figures.institutions == 2  # Urząd Miasta Płońsk at the training; Płońsk advised
    assert figures.events_held == 2  # not the upcoming one, not the other project's
    assert figures.training_hours == Decimal("10.5")
    assert figures.kilometres == 100
    assert figures.advice_hours == Decimal("2.25")  # 90 + 45 minutes, not the other's 30


def test_every_project_counts_as_each_alone(world, project_factory):
    empty = project_factory(name="Pusty", slug="pusty")
    every = counters.of_every_project()
    assert every[world.id] == counters.of_project(world.id)
    assert every.get(empty.id, counters.Counters()) == counters.Counters()
    other = next(key for key in every if key not in (world.id, empty.id))
    assert every[other].recipients == 1 and every[other].advice_hours == Decimal("0.5")


def test_counting_every_project_takes_the_same_queries_whatever_their_number(
        world, project_factory, event_factory):
    with counted_queries() as few:
        counters.of_every_project()
    for n in range(3):
        project_factory(name=f"Projekt {n}", slug=f"projekt-{n}")
        event_factory(title=f"Spotkanie {n}", funding_project_id=world.id)
    with counted_queries() as more:
        counters.of_every_project()
    assert len(more) == len(few)
