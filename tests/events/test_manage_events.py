"""Staff pages of events: create and edit in local time, publish, cancel, duplicate,
registration questions, funding projects, who may open them, and the list's query count."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from consult.auth.models import STAFF, USER
from consult.events import services
from consult.events.funding import FundingProject
from consult.events.models import (
    AgendaItem,
    Answer,
    Event,
    EventStatus,
    Question,
    Registration,
    RegistrationStatus,
)
from consult.extensions import db
from consult.institutions.models import COUNTY
from tests.clients.ical import read_calendar, utc_instant
from tests.conftest import REGISTRATION_FORM, counted_queries, text_of
from tests.html import page_of

START = datetime(2030, 3, 12, 9, 0, tzinfo=UTC)  # 10:00 in Warsaw (winter time)

NEW_EVENT = {
    "type": "workshop",
    "title": "Warsztat: jak konsultować program współpracy",
    "slug": "",
    "summary": "Praktyczny warsztat dla urzędników i organizacji.",
    "description": "## Program\n\n- konsultacje\n- sprawozdanie",
    "speakers": "Anna Nowak\nPiotr Zieliński",
    "starts_at": "2030-01-15T10:00",
    "ends_at": "2030-01-15T16:00",
    "format": "onsite",
    "venue_name": "Urząd Miasta Płońsk",
    "venue_address": "ul. Płocka 39, 09-100 Płońsk",
    "powiat_id": "0",
    "accessibility_info": "Wejście bez progów, pętla indukcyjna.",
    "online_url": "",
    "organiser": "Federacja",
    "partners": [],
    "other_partners": "Stowarzyszenie Aktywni Razem",
    "funding_project_id": "0",
    "hours": "6",
    "kilometres": "",
    "capacity": "20",
    "quota_ngo": "",
    "quota_jst": "",
    "quota_resident": "",
    "quota_other": "",
    "registration_opens_at": "",
    "registration_closes_at": "",
    "waitlist_enabled": "y",
}


def form_values(response, form_id=None) -> dict:
    """What a browser would send back from the page's form, unchanged (no button)."""
    page = page_of(response)
    values = {}
    for element in page.elements:
        if form_id and not any(p["attrs"].get("id") == form_id for p in element["parents"]):
            continue
        attrs, name = element["attrs"], element["attrs"].get("name")
        if not name:
            continue
        if element["tag"] == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    values[name] = attrs.get("value", "y")
            elif kind != "submit":
                values[name] = attrs.get("value", "")
        elif element["tag"] == "textarea":
            values[name] = "".join(element["text"]).removeprefix("\r\n").removeprefix("\n")
        elif element["tag"] == "select":
            values[name] = page.value_of(name) or next(iter(page.options_of(name)), "")
    return values


def only_event(**where) -> Event:
    db.session.expire_all()
    return db.session.scalar(select(Event).filter_by(**where))


def registration_of(email) -> Registration:
    db.session.expire_all()
    return db.session.scalar(select(Registration).where(Registration.email == email))


def register(event, email, category="ngo", staff=True) -> Registration:
    data = services.RegistrationData(full_name=email.split("@")[0], email=email,
                                     category=category, organisation="Org")
    registration = services.register(event, data, staff=object() if staff else None)
    db.session.commit()
    return registration


def error_of(page, field_id) -> str:
    return page.text_by_id(f"{field_id}-error")


def in_english(client):
    """Pages in English, so the assertions hold once the lead translates to Polish."""
    client.set_cookie("lang", "en")
    return client


# ---------------------------------------------------------------- creating


@pytest.mark.parametrize(("day", "utc_hour"), [("2030-01-15", 9), ("2030-07-16", 8)])
def test_staff_create_an_event_in_local_time(client, staff, app, institution_factory, day,
                                             utc_hour):
    gmina = institution_factory(teryt="1420011", name="Płońsk")
    county = institution_factory(teryt="1420", name="płoński", kind=COUNTY)
    form = page_of(client.get("/manage/events/new"))
    assert form.value_of("organiser") == app.config["CONSULT_OPERATOR_NAME"]
    assert form.options_of("powiat_id") == {"0": "— not given —",
                                             str(county.id): "płoński county"}

    response = client.post("/manage/events/new", data={
        **NEW_EVENT, "starts_at": f"{day}T10:00", "ends_at": f"{day}T16:00",
        "partners": [str(gmina.id)], "quota_jst": "8", "hours": "7.5",
        "powiat_id": str(county.id),
        "registration_closes_at": f"{day}T08:00",
        "agenda-0-starts_at": f"{day}T10:00", "agenda-0-ends_at": "11:30",
        "agenda-0-title": "Czym jest program współpracy", "agenda-0-speakers": "Anna Nowak",
        "agenda-1-starts_at": "", "agenda-1-ends_at": "", "agenda-1-title": "",
        "agenda-1-speakers": "",
    })

    event = only_event(title=NEW_EVENT["title"])
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{event.id}/")
    assert event.status == EventStatus.DRAFT
    assert event.slug == "warsztat-jak-konsultowac-program-wspolpracy"
    assert event.starts_at == datetime.fromisoformat(f"{day}T{utc_hour:02d}:00+00:00")
    assert event.ends_at - event.starts_at == timedelta(hours=6)
    assert event.registration_closes_at == event.starts_at - timedelta(hours=2)
    assert [p.id for p in event.partners] == [gmina.id] and event.powiat_id == county.id
    assert event.quota_for("jst") == 8 and event.quota_for("ngo") is None
    assert event.hours == Decimal("7.5") and event.capacity == 20
    assert [(a.title, a.ends_at - a.starts_at) for a in event.agenda] == [
        ("Czym jest program współpracy", timedelta(minutes=90)),
    ]
    overview = page_of(client.get(f"/manage/events/{event.id}/"))
    assert "Płońsk" in overview.content and "10:00" in overview.content


def test_errors_are_shown_next_to_fields_and_nothing_typed_is_lost(client, staff):
    response = client.post("/manage/events/new", data={
        **NEW_EVENT, "ends_at": "2030-01-15T09:00", "venue_name": "", "venue_address": "",
        "partners": "999999", "capacity": "10", "quota_jst": "12",
        "agenda-0-starts_at": "", "agenda-0-title": "", "agenda-0-speakers": "Anna Nowak",
    })

    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Event.id))) == 0
    page = page_of(response)
    assert "after the start" in error_of(page, "ends_at")
    assert error_of(page, "venue_name") and error_of(page, "venue_address")
    assert "999999" in error_of(page, "partners")  # not one of the region's JST
    assert "(10)" in error_of(page, "quota_jst")
    assert error_of(page, "agenda-0-title") and error_of(page, "agenda-0-starts_at")
    typed = form_values(response, "event-form")
    assert typed["title"] == NEW_EVENT["title"]
    assert typed["starts_at"] == "2030-01-15T10:00" and typed["ends_at"] == "2030-01-15T09:00"
    assert typed["quota_jst"] == "12" and typed["agenda-0-speakers"] == "Anna Nowak"
    assert typed["description"] == NEW_EVENT["description"]
    # The summary at the top links each error to its field.
    links = [e["attrs"]["href"] for e in page.elements
             if e["tag"] == "a" and any("error-summary" in p["attrs"].get("class", "")
                                        for p in e["parents"])]
    assert {"#ends_at", "#venue_name", "#partners", "#quota_jst", "#agenda-0-title"} <= set(links)


def test_an_online_event_needs_no_venue_but_a_valid_link(client, staff):
    response = client.post("/manage/events/new", data={
        **NEW_EVENT, "format": "online", "venue_name": "", "venue_address": "",
        "online_url": "zoom meeting",
    })
    page = page_of(response)
    assert "https://" in error_of(page, "online_url")
    assert page.by_id("venue_name-error") is None

    client.post("/manage/events/new", data={
        **NEW_EVENT, "format": "online", "venue_name": "", "venue_address": "",
        "online_url": "https://meet.example.org/abc",
    })
    assert only_event().online_url == "https://meet.example.org/abc"


def test_more_rows_adds_empty_agenda_rows_without_saving(client, staff):
    page = page_of(client.get("/manage/events/new"))
    assert page.by_id("agenda-2-title") is not None and page.by_id("agenda-3-title") is None

    response = client.post("/manage/events/new", data={
        **NEW_EVENT, "title": "", "more_rows": "1",
        "agenda-0-starts_at": "2030-01-15T10:00", "agenda-0-title": "Powitanie",
        "agenda-1-title": "", "agenda-2-title": "",
    })
    page = page_of(response)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Event.id))) == 0
    assert page.by_id("agenda-5-title") is not None and page.by_id("agenda-6-title") is None
    assert page.value_of("agenda-0-title") == "Powitanie"
    assert page.by_id("title-error") is None  # not validated: nothing was saved yet


def test_an_expired_form_is_shown_again_with_what_was_typed(make_app, user_factory, app):
    user_id = user_factory(role=STAFF).get_id()
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        client = in_english(csrf_app.test_client())
        with client.session_transaction() as session:
            session["_user_id"], session["_fresh"] = user_id, True

        response = client.post("/manage/events/new", data={**NEW_EVENT, "csrf_token": "old"})

        page = page_of(response)
        assert response.status_code == 200 and "form expired" in page.content
        assert page.value_of("title") == NEW_EVENT["title"]
        assert page.value_of("starts_at") == NEW_EVENT["starts_at"]
        assert db.session.scalar(select(func.count(Event.id))) == 0


# ---------------------------------------------------------------- editing


def test_an_edit_that_changes_nothing_keeps_the_event_and_tells_nobody(
    client, staff, event_factory, mailbox
):
    # Stored with seconds (as by seed data); the form shows minutes.
    event = event_factory(starts_at=START + timedelta(seconds=27), quotas={"jst": 5},
                          other_partners="Fundacja")
    starts_at = event.starts_at
    db.session.add(AgendaItem(event=event, starts_at=START, ends_at=START + timedelta(hours=1),
                              title="Otwarcie"))
    db.session.commit()
    register(event, "ola@example.org")
    mailbox.clear()

    values = form_values(client.get(f"/manage/events/{event.id}/edit"), "event-form")
    assert values["starts_at"] == "2030-03-12T10:00"
    assert values["agenda-0-ends_at"] == "11:00" and values["quota_jst"] == "5"
    response = client.post(f"/manage/events/{event.id}/edit", data=values)

    assert response.status_code == 302
    event = only_event(id=event.id)
    assert (event.starts_at, event.sequence, event.quota_for("jst")) == (starts_at, 0, 5)
    assert [item.title for item in event.agenda] == ["Otwarcie"]
    assert mailbox.to("ola@example.org") == []


def test_new_time_of_a_published_event_is_mailed_with_an_updated_calendar_entry(
    client, staff, event_factory, mailbox
):
    event = event_factory(starts_at=START, duration=timedelta(hours=6))
    register(event, "ola@example.org")
    assert registration_of("ola@example.org").status == RegistrationStatus.CONFIRMED
    mailbox.clear()

    values = form_values(client.get(f"/manage/events/{event.id}/edit"), "event-form")
    values.update(starts_at="2030-03-12T12:00", ends_at="2030-03-12T17:00")
    response = client.post(f"/manage/events/{event.id}/edit", data=values)

    assert response.status_code == 302
    assert only_event(id=event.id).sequence == 1
    message = mailbox.last_to("ola@example.org")
    ics = next(part for part in message.iter_attachments()
               if part.get_filename() == "zaproszenie.ics")
    [entry] = read_calendar(ics.get_payload(decode=True))["events"]
    assert entry["sequence"] == 1
    assert utc_instant(entry["start"]) == datetime(2030, 3, 12, 11, 0, tzinfo=UTC)


def test_more_seats_promote_the_first_person_waiting(client, staff, event_factory, mailbox):
    event = event_factory(starts_at=START, capacity=1)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        register(event, email)
    assert registration_of("b@example.org").status == RegistrationStatus.WAITLISTED
    mailbox.clear()

    values = form_values(client.get(f"/manage/events/{event.id}/edit"), "event-form")
    client.post(f"/manage/events/{event.id}/edit", data={**values, "capacity": "2"})

    assert registration_of("b@example.org").status == RegistrationStatus.CONFIRMED
    assert registration_of("c@example.org").status == RegistrationStatus.WAITLISTED
    assert mailbox.to("b@example.org") and not mailbox.to("c@example.org")
    assert only_event(id=event.id).sequence == 0  # the time and place did not change


def test_quotas_slug_and_partners_can_be_changed_and_removed(
    client, staff, event_factory, institution_factory
):
    gmina = institution_factory(teryt="1420011", name="Płońsk")
    other = event_factory(title="Inne szkolenie", starts_at=START)
    event = event_factory(starts_at=START, quotas={"jst": 5, "ngo": 10}, partners=[gmina])
    values = form_values(client.get(f"/manage/events/{event.id}/edit"), "event-form")
    assert values["partners"] == str(gmina.id)

    bad = page_of(client.post(f"/manage/events/{event.id}/edit",
                              data={**values, "slug": other.slug}))
    assert "already" in error_of(bad, "slug")
    bad = page_of(client.post(f"/manage/events/{event.id}/edit",
                              data={**values, "slug": "Szkolenie Płońsk"}))
    assert error_of(bad, "slug")

    client.post(f"/manage/events/{event.id}/edit", data={
        **values, "slug": "Szkolenie-plonsk-2030", "quota_jst": "", "quota_ngo": "12",
        "quota_other": "2", "partners": [],
    })
    event = only_event(id=event.id)
    assert event.slug == "szkolenie-plonsk-2030"
    assert {q.category: q.seats for q in event.quotas} == {"ngo": 12, "other": 2}
    assert event.partners == []


def test_registration_must_close_before_the_event_ends(client, staff):
    response = client.post("/manage/events/new", data={
        **NEW_EVENT, "registration_opens_at": "2030-01-10T10:00",
        "registration_closes_at": "2030-01-15T17:00",
    })
    assert "before the event ends" in error_of(page_of(response), "registration_closes_at")


def test_the_overview_counts_registrations_by_group_and_status(client, staff, event_factory):
    event = event_factory(starts_at=START, capacity=2)
    register(event, "a@example.org", "ngo")
    register(event, "b@example.org", "jst")
    register(event, "c@example.org", "jst")
    services.cancel(registration_of("a@example.org"))  # c gets the seat
    db.session.commit()

    page = page_of(client.get(f"/manage/events/{event.id}/"))

    # Columns: pending, confirmed, waiting, cancelled, rejected, all.
    assert page.table_rows() == [
        ["0", "0", "0", "1", "0", "1"],
        ["0", "2", "0", "0", "0", "2"],
        ["0", "0", "0", "0", "0", "0"],
        ["0", "0", "0", "0", "0", "0"],
        ["0", "2", "0", "1", "0", "3"],
    ]
    assert page.text_by_id("seats").startswith("2 of 2 taken, 0 left; 0 people waiting")


# ---------------------------------------------------------------- publish, cancel, duplicate


def test_publishing_a_draft_shows_it_to_everyone(app, client, staff, event_factory):
    event = event_factory(status=EventStatus.DRAFT, starts_at=START)
    visitor = app.test_client()
    assert visitor.get(f"/events/{event.slug}/").status_code == 404
    overview = page_of(client.get(f"/manage/events/{event.id}/"))
    assert "Publish" in overview.text_by_id("event-actions")

    response = client.post(f"/manage/events/{event.id}/publish")

    assert response.status_code == 302
    assert only_event(id=event.id).status == EventStatus.PUBLISHED
    assert visitor.get(f"/events/{event.slug}/").status_code == 200
    assert "Publish" not in page_of(client.get(f"/manage/events/{event.id}/")).text_by_id(
        "event-actions")


def test_cancelling_tells_every_registrant_and_marks_the_page(
    app, client, staff, event_factory, mailbox
):
    event = event_factory(starts_at=START, capacity=1)
    register(event, "ola@example.org")
    register(event, "jan@example.org")  # waiting
    mailbox.clear()
    assert "2 people" in page_of(client.get(f"/manage/events/{event.id}/cancel")).content

    response = client.post(f"/manage/events/{event.id}/cancel", data={"reason": " "})
    assert error_of(page_of(response), "reason")
    assert only_event(id=event.id).status == EventStatus.PUBLISHED

    client.post(f"/manage/events/{event.id}/cancel",
                data={"reason": "Prowadząca zachorowała; podamy nowy termin."})

    assert only_event(id=event.id).status == EventStatus.CANCELLED
    for email in ("ola@example.org", "jan@example.org"):
        assert registration_of(email).status == RegistrationStatus.CANCELLED
        assert "Prowadząca zachorowała" in text_of(mailbox.last_to(email))
    assert "odwolanie.ics" in [
        p.get_filename() for p in mailbox.last_to("ola@example.org").iter_attachments()
    ]
    public = page_of(in_english(app.test_client()).get(f"/events/{event.slug}/")).content
    assert "This event has been cancelled. Prowadząca zachorowała" in public


def test_duplicate_moves_every_time_by_the_same_amount_and_copies_groups_and_questions(
    client, staff, event_factory
):
    event = event_factory(
        starts_at=START, quotas={"jst": 4, "ngo": 6},
        questions=[{"kind": "text", "label": "Skąd Pan/Pani wie?", "required": True}],
        registration_opens_at=START - timedelta(days=20),
        registration_closes_at=START - timedelta(days=2),
    )
    db.session.add(AgendaItem(event=event, starts_at=START + timedelta(hours=1),
                              ends_at=START + timedelta(hours=2), title="Blok 1"))
    db.session.commit()
    register(event, "ola@example.org")
    form = page_of(client.get(f"/manage/events/{event.id}/duplicate"))
    assert form.value_of("starts_at") == "2030-03-19T10:00"  # a week later, same local time

    # Two weeks later crosses the change to summer time: 10:00 local is then 08:00 UTC.
    response = client.post(f"/manage/events/{event.id}/duplicate",
                           data={"starts_at": "2030-04-02T10:00"})

    copy = db.session.scalar(select(Event).where(Event.duplicated_from_id == event.id))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{copy.id}/edit")
    shift = copy.starts_at - event.starts_at
    assert copy.starts_at == datetime(2030, 4, 2, 8, 0, tzinfo=UTC)
    assert copy.status == EventStatus.DRAFT and copy.slug != event.slug
    assert copy.ends_at - event.ends_at == shift
    assert copy.registration_opens_at - event.registration_opens_at == shift
    assert copy.registration_closes_at - event.registration_closes_at == shift
    assert [i.starts_at - shift for i in copy.agenda] == [START + timedelta(hours=1)]
    assert {q.category: q.seats for q in copy.quotas} == {"jst": 4, "ngo": 6}
    assert [(q.label, q.required) for q in copy.questions] == [("Skąd Pan/Pani wie?", True)]
    assert db.session.scalar(
        select(func.count(Registration.id)).where(Registration.event_id == copy.id)) == 0


# ---------------------------------------------------------------- questions


def test_questions_are_added_to_the_form_and_deleted_with_their_answers(
    client, staff, event_factory, app
):
    event = event_factory(starts_at=START,
                          questions=[{"kind": "text", "label": "Czego oczekujesz?"}])
    url = f"/manage/events/{event.id}/questions"

    response = client.post(url, data={"kind": "choice", "label": "Dieta", "options": "\n"})
    assert "two options" in error_of(page_of(response), "options")
    assert page_of(response).value_of("label") == "Dieta"

    client.post(url, data={"kind": "choice", "label": "Dieta",
                           "options": "zwykła\n wegetariańska \n\n", "required": "y"})
    question = db.session.scalar(select(Question).where(Question.label == "Dieta"))
    assert (question.options, question.required, question.position) == (
        "zwykła\nwegetariańska", True, 1)
    assert [row[:4] for row in page_of(client.get(url)).table_rows()] == [
        ["Czego oczekujesz?", "text", "", "no"],
        ["Dieta", "single choice", "zwykła, wegetariańska", "yes"],
    ]

    visitor = app.test_client()
    register_form = page_of(visitor.get(f"/events/{event.slug}/register"))
    assert register_form.by_id(f"q_{question.id}-0") is not None
    visitor.post(f"/events/{event.slug}/register",
                 data={**REGISTRATION_FORM, f"q_{question.id}": "zwykła"})
    assert db.session.scalar(select(func.count(Answer.id))) == 1

    delete_url = f"{url}/{question.id}/delete"
    assert "1 registrant" in page_of(client.get(delete_url)).text_by_id("answers-warning")
    assert db.session.get(Question, question.id) is not None  # a GET only asks
    other = event_factory(title="Inne", starts_at=START)
    assert client.post(f"/manage/events/{other.id}/questions/{question.id}/delete"
                       ).status_code == 404

    response = client.post(delete_url)

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Question, question.id) is None
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert registration_of("maria@example.org") is not None


# ---------------------------------------------------------------- funding projects


def test_funding_projects_are_created_edited_and_chosen_for_an_event(client, staff):
    response = client.post("/manage/events/projects/new",
                           data={"name": "", "funder": "Fundusze EOG"})
    assert error_of(page_of(response), "name") and page_of(response).value_of("funder") == (
        "Fundusze EOG")
    client.post("/manage/events/projects/new", data={
        "name": "Razem dla Mazowsza", "funder": "Fundusze EOG",
        "notice": "Projekt finansowany z Funduszy EOG w ramach programu Aktywni Obywatele – "
                  "Fundusz Regionalny",
        "retention_until": "2035-12-31",
    })
    project = db.session.scalar(select(FundingProject))
    assert project.retention_until == date(2035, 12, 31)
    assert page_of(client.get("/manage/events/projects")).table_rows() == [
        ["Razem dla Mazowsza", "Fundusze EOG", "31 Dec 2035", "0"],
    ]

    options = page_of(client.get("/manage/events/new")).options_of("funding_project_id")
    assert options[str(project.id)] == "Razem dla Mazowsza"
    client.post("/manage/events/new", data={**NEW_EVENT, "funding_project_id": str(project.id)})
    assert only_event().funding_project_id == project.id

    client.post(f"/manage/events/projects/{project.id}", data={
        "name": "Razem dla Mazowsza 2", "funder": "", "notice": "", "retention_until": "",
    })
    db.session.expire_all()
    assert (project.name, project.retention_until) == ("Razem dla Mazowsza 2", None)
    assert page_of(client.get("/manage/events/projects")).table_rows() == [
        ["Razem dla Mazowsza 2", "", "not set", "1"],
    ]


# ---------------------------------------------------------------- list and access



def make_events(event_factory, n, start):
    for i in range(n):
        event = event_factory(title=f"Szkolenie {start + i}", capacity=2,
                              starts_in=timedelta(days=start + i + 1))
        for j in range(3):
            register(event, f"p{start + i}-{j}@example.org")


def test_the_list_shows_counts_with_the_same_number_of_queries_for_3_or_30_events(
    client, staff, event_factory
):
    make_events(event_factory, 3, 0)
    db.session.expire_all()
    with counted_queries() as few:
        response = client.get("/manage/events/")
    first = page_of(response).table_rows()[0]
    assert first[:2] == ["Szkolenie 2", "training"]
    assert first[3:] == ["published", "2 of 2", "1"]

    make_events(event_factory, 27, 3)
    db.session.expire_all()
    with counted_queries() as many:
        response = client.get("/manage/events/")
    assert len(page_of(response).table_rows()) == 25
    assert len(many) == len(few)


def test_the_list_filters_by_status_type_and_title(client, staff, event_factory):
    event_factory(title="Debata o budżecie", type="debate", starts_at=START)
    event_factory(title="Szkolenie z RODO", status=EventStatus.DRAFT, starts_at=START)

    def titles(**args):
        response = client.get("/manage/events/", query_string=args)
        return [row[0] for row in page_of(response).table_rows()]

    assert set(titles()) == {"Debata o budżecie", "Szkolenie z RODO"}
    assert titles(status="draft") == ["Szkolenie z RODO"]
    assert titles(type="debate") == ["Debata o budżecie"]
    assert titles(q="rodo") == ["Szkolenie z RODO"]


ROUTES = [
    ("get", "/manage/events/"),
    ("get", "/manage/events/{id}/"),
    ("get", "/manage/events/new"),
    ("post", "/manage/events/new"),
    ("get", "/manage/events/{id}/edit"),
    ("post", "/manage/events/{id}/edit"),
    ("post", "/manage/events/{id}/publish"),
    ("get", "/manage/events/{id}/cancel"),
    ("post", "/manage/events/{id}/cancel"),
    ("get", "/manage/events/{id}/duplicate"),
    ("post", "/manage/events/{id}/duplicate"),
    ("get", "/manage/events/{id}/questions"),
    ("post", "/manage/events/{id}/questions"),
    ("get", "/manage/events/{id}/questions/{qid}/delete"),
    ("post", "/manage/events/{id}/questions/{qid}/delete"),
    ("get", "/manage/events/projects"),
    ("get", "/manage/events/projects/new"),
    ("post", "/manage/events/projects/new"),
    ("get", "/manage/events/projects/{pid}"),
    ("post", "/manage/events/projects/{pid}"),
]


def test_only_staff_reach_the_pages(client, login_as, event_factory):
    event = event_factory(status=EventStatus.DRAFT, starts_at=START,
                          questions=[{"kind": "text", "label": "Pytanie"}])
    project = FundingProject(name="Projekt")
    db.session.add(project)
    db.session.commit()
    urls = [(method, url.format(id=event.id, qid=event.questions[0].id, pid=project.id))
            for method, url in ROUTES]
    data = {"title": "Zmieniony", "reason": "x", "label": "Nowe", "name": "Zmieniony",
            "kind": "text", "starts_at": "2030-05-01T10:00"}

    for method, url in urls:
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"], url
    login_as(USER)
    for method, url in urls:
        assert getattr(client, method)(url, data=data).status_code == 403, url

    event = only_event(id=event.id)
    assert (event.title, event.status, len(event.questions)) == (
        "Szkolenie z programu współpracy", EventStatus.DRAFT, 1)
    assert db.session.scalar(select(func.count(Event.id))) == 1
    assert db.session.get(FundingProject, project.id).name == "Projekt"
