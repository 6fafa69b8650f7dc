"""The public pages of projects and their API: published projects only, live counters."""

from datetime import timedelta

from consult.events.funding import FundingProjectLogo, ProjectPartner
from consult.extensions import db
from tests.conftest import counted_queries
from tests.events.test_impact import attendee
from tests.html import page_of


def test_the_list_shows_published_projects_with_their_counters(client, world, project_factory):
    project_factory(name="Szkic projektu", slug="szkic", published=False)
    client.set_cookie("lang", "en")
    page = page_of(client.get("/projects/"))
    assert "Koalicja dialogu" in page.content and "Szkic projektu" not in page.content
    item = page.text_by_id(f"project-{world.id}")
    assert "5 people reached" in item and "2.25 hours of advice" in item


def test_a_projects_page_tells_its_facts_and_counters(client, world, event_factory):
    world.funder, world.programme = "Fundusze EOG", "Aktywni Obywatele – Fundusz Krajowy"
    world.grant_amount, world.notice = 135940, "Projekt realizowany z Funduszy EOG."
    db.session.commit()
    page = page_of(client.get(f"/projects/{world.slug}/"))  # Polish
    assert page.text_by_id("project-recipients") == "5"
    assert page.text_by_id("project-advice_hours") == "2,25"
    assert "135 940,00 €" in page.text_by_id("project-facts")
    assert "Projekt realizowany z Funduszy EOG." in page.text_by_id("funder-notice")
    events = page.text_by_id("project-event-list")
    assert "Szkolenie A" in events and "Cudze" not in events
    assert "jeszcze przed nami" in events  # the upcoming one


def test_counters_move_when_attendance_is_recorded(client, world, event_factory):
    event = event_factory(title="Nowe szkolenie", starts_in=-timedelta(days=3),
                          funding_project=world)
    before = page_of(client.get(f"/projects/{world.slug}/")).text_by_id("project-recipients")
    attendee(event, "nowa@example.org", "resident")
    after = page_of(client.get(f"/projects/{world.slug}/")).text_by_id("project-recipients")
    assert (before, after) == ("5", "6")


def test_an_unpublished_project_is_staff_only(client, login_as, project_factory):
    project = project_factory(name="Szkic", slug="szkic", published=False)
    assert client.get("/projects/szkic/").status_code == 404
    assert client.get("/api/v1/projects/szkic").status_code == 404
    login_as("staff")
    page = page_of(client.get("/projects/szkic/"))
    assert page.by_id("not-published") is not None
    assert project.slug not in [item["slug"] for item in
                                client.get("/api/v1/projects").get_json()["items"]]


def test_a_logo_is_shown_only_on_its_own_project(client, world, project_factory):
    other = project_factory(name="Inny", slug="inny-2")
    logo = FundingProjectLogo(project_id=other.id, content_type="image/png", width=1,
                              height=1, data=b"\x89PNG", alt_text="Fundusze EOG")
    db.session.add(logo)
    db.session.commit()
    image = next(e for e in page_of(client.get("/projects/inny-2/")).elements
                 if e["tag"] == "img" and "/logos/" in e["attrs"].get("src", ""))
    assert image["attrs"]["alt"] == "Fundusze EOG"
    assert client.get(f"/projects/inny-2/logos/{logo.id}").status_code == 200
    assert client.get(f"/projects/{world.slug}/logos/{logo.id}").status_code == 404


def test_the_api_gives_the_counters_and_answers_304_until_they_change(client, world,
                                                                       event_factory):
    items = client.get("/api/v1/projects").get_json()["items"]
    found = next(item for item in items if item["slug"] == world.slug)
    assert found["counters"] == {"recipients": 5, "organisations": 2, "institutions": 2,
                                 "events_held": 2, "training_hours": 10.5,
                                 "advice_hours": 2.25, "kilometres": 100}
    assert found["currency"] == "EUR" and found["url"].endswith(f"/projects/{world.slug}/")
    detail = client.get(f"/api/v1/projects/{world.slug}")
    assert detail.get_json() == found
    etag = detail.headers["ETag"]
    assert client.get(f"/api/v1/projects/{world.slug}",
                      headers={"If-None-Match": etag}).status_code == 304
    event = event_factory(title="Kolejne", starts_in=-timedelta(days=3), funding_project=world)
    attendee(event, "kolejna@example.org", "ngo")
    changed = client.get(f"/api/v1/projects/{world.slug}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["counters"]["recipients"] == 6


def test_the_pages_take_the_same_queries_however_many_projects_and_events(
        client, world, project_factory, event_factory):
    def queries_of(path):
        client.get(path)  # the layout's cached parts built once
        with counted_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    few = (queries_of("/projects/"), queries_of(f"/projects/{world.slug}/"),
           queries_of("/api/v1/projects"))
    for n in range(3):
        other = project_factory(name=f"Projekt {n}", slug=f"projekt-{n}")
        event = event_factory(title=f"Spotkanie {n}", starts_in=-timedelta(days=2),
                              funding_project=world)
        attendee(event, f"osoba{n}@example.org", "ngo", f"Fundacja {n}")
        other.partners.append(ProjectPartner(name=f"Partner {n}"))
        world.partners.append(ProjectPartner(name=f"Partner świata {n}"))
    db.session.commit()
    more = (queries_of("/projects/"), queries_of(f"/projects/{world.slug}/"),
            queries_of("/api/v1/projects"))
    assert more == few
