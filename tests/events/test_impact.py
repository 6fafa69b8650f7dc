"""Impact figures: counted from attendance, each person and organisation once."""

import csv
import io
import secrets
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from consult.core.timeutil import local_day
from consult.events import impact
from consult.events.funding import FundingProject
from consult.events.models import Attendance, EventStatus, Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import counted_queries
from tests.html import page_of

PAST = timedelta(days=-10)


def attendee(event, email, category="ngo", organisation="", days=1,
             status=RegistrationStatus.CONFIRMED, **fields) -> Registration:
    """A registration of ``event``, present on its first ``days`` days (0: absent)."""
    registration = Registration(
        event=event, token=secrets.token_urlsafe(32), checkin_code=secrets.token_urlsafe(12),
        status=status, category=category, full_name=fields.pop("full_name", email.title()),
        email=email, person_key=email, organisation=organisation, **fields,
    )
    first = local_day(event.starts_at)
    registration.attendance = [Attendance(day=first + timedelta(days=n)) for n in range(days)]
    db.session.add(registration)
    db.session.commit()
    return registration



def hand_counted_world(event_factory):
    """Three published events (two held), plus a cancelled and a draft one with attendance.

    Held: training (6 h, 100 km) and workshop (4.5 h, no km). People: Maria at both
    (once), Jan and Ola from the same foundation written two ways, Piotr and Anna from the
    same town hall written two ways, a resident; Kasia cancelled and did not come.
    """
    training = event_factory(title="Szkolenie A", starts_in=PAST, hours=Decimal("6"),
                             kilometres=100)
    workshop = event_factory(title="Warsztat B", starts_in=PAST * 2, type="workshop",
                             hours=Decimal("4.5"))
    not_held = event_factory(title="Nikt nie przyszedł", starts_in=PAST * 3, hours=Decimal("8"))
    cancelled = event_factory(title="Odwołane", starts_in=PAST, status=EventStatus.CANCELLED,
                              hours=3)
    draft = event_factory(title="Szkic", starts_in=PAST, status=EventStatus.DRAFT, hours=3)

    attendee(training, "maria@example.org", "ngo", "Stowarzyszenie Aktywni Razem")
    attendee(workshop, "maria@example.org", "ngo", "Stowarzyszenie Aktywni Razem", days=1)
    attendee(training, "jan@example.org", "ngo", "Fundacja Łódź", days=1)
    attendee(workshop, "ola@example.org", "ngo", "fundacja  lodz")
    attendee(training, "piotr@example.org", "jst", "Urząd Miasta Płońsk")
    attendee(workshop, "anna@example.org", "jst", "urząd miasta płońsk")
    attendee(workshop, "ewa@example.org", "resident", "")
    attendee(training, "kasia@example.org", "ngo", "Inna Fundacja", days=0,
             status=RegistrationStatus.CANCELLED)
    attendee(not_held, "kasia@example.org", "ngo", "Inna Fundacja", days=0)
    attendee(cancelled, "tomasz@example.org", "ngo", "Fundacja Odwołana")
    attendee(draft, "zofia@example.org", "jst", "Gmina Szkicowa")
    return training, workshop


def test_figures_count_attendees_once_with_organisations_normalised(app, event_factory):
    hand_counted_world(event_factory)
    result = impact.figures()
    assert result.people == 6  # Maria, Jan, Ola, Piotr, Anna, Ewa
    assert result.organisations == 2  # the association; "Fundacja Łódź" = "fundacja lodz"
    assert result.institutions == 1  # "Urząd Miasta Płońsk" = "urząd miasta płońsk"
    assert result.events == 2
    assert result.hours == Decimal("10.5")
    assert result.kilometres == 100
    assert result.by_category == {"ngo": 3, "jst": 2, "resident": 1}


def test_filters_and_breakdown_by_type(app, event_factory):
    training, workshop = hand_counted_world(event_factory)
    only_workshops = impact.figures(impact.Filters(event_type="workshop"))
    assert (only_workshops.people, only_workshops.events, only_workshops.hours) == (
        4, 1, Decimal("4.5"))
    assert only_workshops.organisations == 2 and only_workshops.institutions == 1

    rows = {row.key: row.figures for row in impact.breakdown(impact.Filters(), impact.TYPE)}
    assert set(rows) == {"training", "workshop"}
    assert (rows["training"].people, rows["training"].organisations) == (3, 2)
    assert rows["training"].kilometres == 100
    # Maria is in both rows but once in the total.
    assert rows["training"].people + rows["workshop"].people == 7


def test_year_is_the_local_year_and_project_and_county_filter(
    app, event_factory, institution_factory
):
    county = institution_factory(teryt="1420", name="płoński", kind="powiat")
    project = FundingProject(name="Aktywni Obywatele", retention_until=date(2030, 12, 31))
    db.session.add(project)
    db.session.commit()
    # 23:30 UTC on 31 December 2023 is already 2024 in Warsaw.
    new_year = event_factory(title="Noworoczne", starts_at=datetime(2023, 12, 31, 23, 30,
                                                                     tzinfo=UTC),
                             hours=Decimal("2"), funding_project_id=project.id,
                             powiat_id=county.id)
    older = event_factory(title="Grudniowe", starts_at=datetime(2023, 12, 10, 9, tzinfo=UTC),
                          hours=Decimal("5"))
    attendee(new_year, "a@example.org")
    attendee(older, "b@example.org")
    attendee(older, "c@example.org")

    assert impact.figures(impact.Filters(year=2024)).people == 1
    assert impact.figures(impact.Filters(year=2023)).people == 2
    by_year = {row.label: row.figures.hours
               for row in impact.breakdown(impact.Filters(), impact.YEAR)}
    assert by_year == {"2023": Decimal("5"), "2024": Decimal("2")}
    assert impact.figures(impact.Filters(project_id=project.id)).events == 1
    assert impact.figures(impact.Filters(powiat_id=county.id)).people == 1
    by_project = impact.breakdown(impact.Filters(), impact.PROJECT)
    assert [(row.label, row.figures.people) for row in by_project][0] == (
        "Aktywni Obywatele", 1)
    assert by_project[-1].key is None and by_project[-1].figures.people == 2


def test_report_takes_the_same_number_of_queries_for_more_events(app, event_factory):
    def world(n, prefix):
        for i in range(n):
            event = event_factory(title=f"{prefix} {i}", starts_in=PAST - timedelta(days=i),
                                  hours=Decimal("1"), type=("training", "workshop")[i % 2])
            for j in range(3):
                attendee(event, f"{prefix}{i}-{j}@example.org", ("ngo", "jst")[j % 2],
                         f"Org {prefix} {j}")

    world(2, "small")
    with counted_queries() as few:
        impact.report(impact.Filters())
    world(8, "large")
    with counted_queries() as many:
        result = impact.report(impact.Filters())
    assert result.total.events == 10 and result.total.people == 30
    assert len(many) == len(few)


def test_staff_page_and_csv(client, login_as, event_factory):
    hand_counted_world(event_factory)
    login_as("staff")
    page = page_of(client.get("/manage/events/impact?type=workshop"))
    assert page.text_by_id("impact-people") == "4"
    assert page.text_by_id("impact-events") == "1"
    assert page.value_of("type") == "workshop"

    response = client.get("/manage/events/impact.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"efekty-dzialan.csv\"; "
        "filename*=UTF-8''efekty-dzia%C5%82a%C5%84.csv")
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    total = rows[1]
    assert total[2:8] == ["2", "6", "2", "1", "10.5", "100"]
    types = {row[1]: row[3] for row in rows
             if row[0] == str(impact.DIMENSION_LABELS[impact.TYPE])}
    assert sorted(types.values()) == ["3", "4"]  # people at trainings, at workshops
    client.post("/language", data={"language": "en", "next": "/"})
    assert client.get("/manage/events/impact.csv").headers["Content-Disposition"] == (
        'attachment; filename="impact.csv"')


def test_staff_pages_are_for_staff_only(client, login_as):
    assert client.get("/manage/events/impact").status_code == 302
    login_as("user")
    assert client.get("/manage/events/impact").status_code == 403
    assert client.get("/manage/events/impact.csv").status_code == 403


def test_home_shows_impact_and_the_next_three_events(client, event_factory):
    hand_counted_world(event_factory)
    soon = [event_factory(title=f"Wkrótce {n}", starts_in=timedelta(days=n)) for n in (3, 1, 2)]
    event_factory(title="Później", starts_in=timedelta(days=30))
    event_factory(title="Szkic przyszły", starts_in=timedelta(hours=5), status=EventStatus.DRAFT)
    page = page_of(client.get("/"))
    assert page.text_by_id("impact-people") == "6"
    assert page.text_by_id("impact-organisations") == "2"
    assert page.text_by_id("impact-institutions") == "1"
    assert page.text_by_id("impact-events") == "2"
    assert page.text_by_id("impact-hours") in {"10,5", "10.5"}
    links = [e["attrs"]["href"] for e in page.elements if e["tag"] == "a" and any(
        p["attrs"].get("aria-labelledby") == "home-upcoming" for p in e["parents"])]
    by_date = sorted(soon, key=lambda e: e.starts_at)
    assert links == [f"/events/{e.slug}/" for e in by_date] + ["/events/"]
    assert "Później" not in page.content and "Szkic przyszły" not in page.content


def test_figures_are_zero_without_attendance(app, event_factory):
    event_factory(starts_in=PAST)
    assert impact.figures() == impact.Figures()


def test_home_figures_follow_every_change_at_once(client, event_factory):
    """The home page keeps its figures between changes; each kind of change shows at once."""
    training, workshop = hand_counted_world(event_factory)

    def people() -> str:
        return page_of(client.get("/")).text_by_id("impact-people")

    assert people() == "6"
    late = attendee(training, "nowa@example.org", "ngo", "Fundacja Nowa")  # marked present
    assert people() == "7"
    db.session.delete(late.attendance[0])  # unmarked again
    db.session.commit()
    assert people() == "6"
    late.attendance = [Attendance(day=local_day(training.starts_at))]
    late.category = "resident"  # and changed by staff
    db.session.commit()
    assert page_of(client.get("/")).text_by_id("impact-organisations") == "2"
    assert people() == "7"
    training.status = EventStatus.CANCELLED  # an event no longer counts
    db.session.commit()
    with counted_queries() as counted_again:
        assert page_of(client.get("/")).text_by_id("impact-events") == "1"
    with counted_queries() as unchanged:
        assert page_of(client.get("/")).text_by_id("impact-events") == "1"
    assert len(unchanged) < len(counted_again)  # nothing changed: no aggregates this time
