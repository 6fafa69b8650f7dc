"""The JSON API (/api/v1) and the embeddable list of events (/embed/events)."""

import importlib.util
import re
from datetime import datetime, timedelta

from consult.api.description import SCHEMAS
from consult.events import services
from consult.events.choices import FORMATS, TYPES
from consult.events.models import EventStatus
from consult.extensions import db
from tests.conftest import counted_queries
from tests.events.test_impact import PAST, attendee
from tests.html import page_of

ONLINE_URL = "https://meet.example.org/secret-room-42"


def register(event, email, category="ngo"):
    data = services.RegistrationData(full_name="Maria Łęcka", email=email, category=category,
                                     organisation="Fundacja")
    registration = services.register(event, data, staff=object())
    db.session.commit()
    return registration


def test_event_fields_and_types_follow_the_contract(client, event_factory):
    event = event_factory(title="Hybrydowe", capacity=2, format="hybrid", online_url=ONLINE_URL)
    register(event, "maria@example.org")
    register(event, "jan@example.org")
    register(event, "ola@example.org")  # waits
    response = client.get(f"/api/v1/events/{event.slug}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    item = response.get_json()
    assert set(item) == set(SCHEMAS["Event"]["required"])
    assert item["slug"] == event.slug and item["title"] == "Hybrydowe"
    assert item["type"] in TYPES and item["format"] == "hybrid" and item["format"] in FORMATS
    assert item["timezone"] == "Europe/Warsaw"
    starts = datetime.fromisoformat(item["starts_at"])
    assert starts.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert starts == event.starts_at
    assert datetime.fromisoformat(item["ends_at"]) == event.ends_at
    assert item["venue"] == {"name": "Urząd Miasta Płońsk",
                             "address": "ul. Płocka 39, 09-100 Płońsk"}
    assert item["online"] is True
    assert (item["capacity"], item["seats_left"], item["waitlist_length"]) == (2, 0, 1)
    assert item["registration_open"] is True  # the waiting list is open
    assert item["url"] == f"http://127.0.0.1:5000/events/{event.slug}/"
    assert item["ics_url"] == f"http://127.0.0.1:5000/events/{event.slug}/calendar.ics"
    body = response.get_data(as_text=True)
    assert ONLINE_URL not in body and "secret-room" not in body
    assert "maria@example.org" not in body and "Łęcka" not in body


def test_online_event_has_no_venue_and_unlimited_seats_are_null(client, event_factory):
    event = event_factory(title="Webinar", format="online", capacity=None, online_url=ONLINE_URL,
                          waitlist_enabled=False)
    item = client.get(f"/api/v1/events/{event.slug}").get_json()
    assert item["venue"] is None and item["online"] is True
    assert item["capacity"] is None and item["seats_left"] is None
    assert item["registration_open"] is True


def test_list_is_upcoming_published_paginated_with_next(client, event_factory):
    for n in range(23):
        event_factory(title=f"Szkolenie {n:02d}", starts_in=timedelta(days=n + 1))
    event_factory(title="Szkic", status=EventStatus.DRAFT)
    event_factory(title="Odwołane", status=EventStatus.CANCELLED)
    past = event_factory(title="Minione", starts_in=PAST)

    first = client.get("/api/v1/events").get_json()
    assert [item["title"] for item in first["items"]] == [f"Szkolenie {n:02d}"
                                                          for n in range(20)]
    assert first["next"] == "http://127.0.0.1:5000/api/v1/events?page=2"
    second = client.get(first["next"].removeprefix("http://127.0.0.1:5000")).get_json()
    assert [item["title"] for item in second["items"]] == [
        "Szkolenie 20", "Szkolenie 21", "Szkolenie 22"]
    assert "next" not in second

    old = client.get("/api/v1/events?past=1").get_json()
    assert [item["slug"] for item in old["items"]] == [past.slug]
    assert client.get("/api/v1/events?type=workshop").get_json() == {"items": []}


def test_draft_cancelled_and_unknown_events_are_json_404(client, event_factory):
    draft = event_factory(title="Szkic", status=EventStatus.DRAFT)
    cancelled = event_factory(title="Odwołane", status=EventStatus.CANCELLED)
    for slug in (draft.slug, cancelled.slug, "no-such-event"):
        response = client.get(f"/api/v1/events/{slug}")
        assert response.status_code == 404
        assert response.get_json()["error"] == "not_found"
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_conditional_requests_get_304_until_seats_change(client, event_factory):
    event = event_factory(capacity=5)
    for url in ("/api/v1/events", f"/api/v1/events/{event.slug}"):
        response = client.get(url)
        etag, last_modified = response.headers["ETag"], response.headers["Last-Modified"]
        again = client.get(url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b""
        assert again.headers["Access-Control-Allow-Origin"] == "*"
        assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304

    etag = client.get(f"/api/v1/events/{event.slug}").headers["ETag"]
    list_etag = client.get("/api/v1/events").headers["ETag"]
    register(event, "maria@example.org")
    changed = client.get(f"/api/v1/events/{event.slug}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.get_json()["seats_left"] == 4
    assert client.get("/api/v1/events", headers={"If-None-Match": list_etag}).status_code == 200


def test_cors_allows_every_origin(client, event_factory):
    event = event_factory()
    for url in ("/api/v1/events", f"/api/v1/events/{event.slug}", "/api/v1/openapi.json"):
        response = client.get(url, headers={"Origin": "https://partner.example.org"})
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/events", headers={
        "Origin": "https://partner.example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_list_takes_the_same_number_of_queries_for_more_events(client, event_factory):
    def events(n, prefix):
        for i in range(n):
            event = event_factory(title=f"{prefix} {i}", starts_in=timedelta(days=i + 1))
            register(event, f"{prefix}{i}@example.org")

    events(2, "a")
    with counted_queries() as few:
        assert len(client.get("/api/v1/events").get_json()["items"]) == 2
    events(12, "b")
    with counted_queries() as many:
        assert len(client.get("/api/v1/events").get_json()["items"]) == 14
    assert len(many) == len(few)


def _api_paths(app) -> set[str]:
    paths = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            paths.add(path.removeprefix("/api/v1"))
    return paths


def test_openapi_documents_every_endpoint(app, client, event_factory):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] and document["info"]["version"]
    assert _api_paths(app) <= set(document["paths"])

    refs = re.findall(r'"\$ref": "#/components/(\w+)/(\w+)"', str(document).replace("'", '"'))
    assert refs
    for kind, name in refs:
        assert name in document["components"][kind], f"unresolved $ref {kind}/{name}"
    for path, operations in document["paths"].items():
        for operation in operations.values():
            assert "200" in operation["responses"], path
            for parameter in operation.get("parameters", []):
                if "$ref" not in parameter:
                    assert {"name", "in", "schema"} <= set(parameter)
    event_schema = document["components"]["schemas"]["Event"]
    assert set(event_schema["required"]) == set(event_schema["properties"])
    assert event_schema["properties"]["seats_left"]["type"] == ["integer", "null"]

    if importlib.util.find_spec("openapi_spec_validator"):
        from openapi_spec_validator import validate

        validate(document)


JSON_TYPES = {"string": str, "integer": int, "boolean": bool, "object": dict, "null": type(None)}


def _types_of(schema: dict, schemas: dict) -> set[str]:
    if "$ref" in schema:
        return _types_of(schemas[schema["$ref"].rsplit("/", 1)[1]], schemas)
    if "oneOf" in schema:
        return set().union(*(_types_of(option, schemas) for option in schema["oneOf"]))
    kinds = schema["type"]
    return set(kinds) if isinstance(kinds, list) else {kinds}


def test_api_values_have_the_documented_types(client, event_factory):
    events = [event_factory(title="Online", capacity=None, format="online"),
              event_factory(title="Na miejscu", capacity=3, starts_in=timedelta(days=9))]
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    properties = schemas["Event"]["properties"]
    items = client.get("/api/v1/events").get_json()["items"]
    assert len(items) == len(events)
    for item in items:
        for name, value in item.items():
            allowed = _types_of(properties[name], schemas)
            assert any(type(value) is JSON_TYPES[kind] for kind in allowed), (name, value)
            if "enum" in properties[name]:
                assert value in properties[name]["enum"]


# ---------------------------------------------------------------- embedding


def test_embed_can_be_framed_anywhere_and_lists_upcoming_events(client, event_factory):
    soon = event_factory(title="Warsztat dla NGO", capacity=10, starts_in=timedelta(days=2),
                         type="workshop")
    register(soon, "maria@example.org")
    online = event_factory(title="Szkolenie online", format="online",
                           starts_in=timedelta(days=3))
    event_factory(title="Szkic", status=EventStatus.DRAFT)
    event_factory(title="Minione", starts_in=PAST)

    response = client.get("/embed/events")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    csp = dict(part.strip().split(" ", 1) for part in
               response.headers["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "*"
    assert csp["script-src"] == "'self'" and csp["object-src"] == "'none'"

    page = page_of(response)
    html = page.elements[0]
    assert html["tag"] == "html" and html["attrs"]["lang"] in ("pl", "en")
    assert [page.text(e) for e in page.elements if e["tag"] == "title"][0]
    assert 'class="site-header"' not in response.get_data(as_text=True)
    links = [e for e in page.elements
             if e["tag"] == "a" and e["attrs"]["href"].startswith("/events/") and
             e["attrs"]["href"] != "/events/"]
    assert [link["attrs"]["href"] for link in links] == [
        f"/events/{soon.slug}/", f"/events/{online.slug}/"]
    assert all(link["attrs"]["target"] == "_blank" and "noopener" in link["attrs"]["rel"]
               for link in links)
    assert "Urząd Miasta Płońsk" in page.content
    assert re.search(r"\b9\b", page.content)  # seats left
    assert "Szkic" not in page.content and "Minione" not in page.content
    stylesheets = [e["attrs"]["href"] for e in page.elements if e["tag"] == "link"]
    assert client.get(stylesheets[0]).status_code == 200


def test_embed_filters_by_type_and_limits(client, event_factory):
    for n in range(4):
        event_factory(title=f"Szkolenie {n}", starts_in=timedelta(days=n + 1))
    event_factory(title="Debata", type="debate")
    page = page_of(client.get("/embed/events?type=debate"))
    assert "Debata" in page.content and "Szkolenie" not in page.content
    page = page_of(client.get("/embed/events?limit=2"))
    assert "Szkolenie 1" in page.content and "Szkolenie 2" not in page.content
    assert client.get("/embed/events?limit=9999").status_code == 200


def test_other_pages_still_refuse_framing(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_staff_get_the_iframe_snippet_and_the_api_address(client, login_as):
    login_as("staff")
    page = page_of(client.get("/manage/events/embed?type=workshop"))
    snippet = page.text_by_id("embed-code")
    assert "readonly" in page.by_id("embed-code")["attrs"]
    assert snippet.startswith('<iframe src="http://127.0.0.1:5000/embed/events?type=workshop"')
    assert re.search(r'title="[^"]+"', snippet)
    assert page.text_by_id("api-url") == "http://127.0.0.1:5000/api/v1/events?type=workshop"
    login_as("user")
    assert client.get("/manage/events/embed").status_code == 403


def test_attendance_does_not_leak_into_the_api(client, event_factory):
    event = event_factory(starts_in=PAST)
    attendee(event, "maria@example.org", full_name="Maria Łęcka")
    body = client.get("/api/v1/events?past=1").get_data(as_text=True)
    assert event.slug in body and "maria" not in body and "Łęcka" not in body
