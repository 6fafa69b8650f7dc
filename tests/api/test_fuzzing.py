"""Fuzzing /api/v1 with schemathesis against its own OpenAPI description.

Every operation of /api/v1/openapi.json gets generated requests, answered by the Flask app
in-process (WSGI, no server): no request may cause a server error, and every answer must
match the description (status code, content type, headers, body schema). The data comes
from `flask seed-demo` (upcoming, full and past events, an open consultation and a
reported one with answered comments, approved network members, two projects), so lists
and details are not empty; the detail operations are also run with every slug that exists.

Valid requests are checked against everything the description says. Invalid ones (a page
of -3, an unknown type) must be refused with a 4xx, never a server error: the API refuses
a parameter it cannot use (400, problem details) rather than ignoring it.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.cooperation.services import warsaw_today
from consult.demo import seed_demo
from consult.events.models import Event, EventStatus
from consult.extensions import db
from consult.projects.queries import published_projects
from consult.research.demo import demo_slug

# 25 requests an operation, the same ones every run (derandomize), so that CI is
# reproducible; for a deeper search raise MAX_EXAMPLES and drop derandomize locally (300
# random examples an operation found nothing more on SQLite and PostgreSQL).
MAX_EXAMPLES = 25
FUZZ_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                         derandomize=True, suppress_health_check=list(HealthCheck))


@pytest.fixture
def seeded(make_app):
    """The demo data set; mail stays in the outbox. Returns (app, event slugs,
    consultation slugs). The fuzzing runs outside this app context, so that each request
    gets its own, as in production."""
    app = make_app(MAIL_SERVER=None)
    with app.app_context():
        seed_demo()
        db.session.commit()
        events = db.session.scalars(
            select(Event.slug).where(Event.status == EventStatus.PUBLISHED)).all()
        consultations = db.session.scalars(
            select(Consultation.slug).where(Consultation.announced_at.is_not(None))).all()
        db.session.remove()
    assert events and consultations
    return app, events, consultations


def _operations(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


def _fuzz(strategy, check) -> None:
    @FUZZ_SETTINGS
    @given(case=strategy)
    def run(case):
        check(case)

    run()


def _validated(case) -> None:
    case.call_and_validate()


def test_every_operation_answers_valid_requests_as_described(seeded):
    app, events, consultations = seeded
    operations = _operations(app)
    # The description's own path is left out by schemathesis: it is where it came from.
    assert set(operations) == {
        "GET /events", "GET /events/{slug}", "GET /consultations",
        "GET /consultations/{slug}", "GET /network/members",
        "GET /cooperation/programmes", "GET /research/diagnoses",
        "GET /research/diagnoses/{slug}", "GET /projects", "GET /projects/{slug}",
    }
    for operation in operations.values():
        _fuzz(operation.as_strategy(), _validated)
    # Details of what exists, not only of the random slugs that are all 404.
    with app.app_context():
        research = [demo_slug(warsaw_today().year - 1)]  # the demo's published diagnosis
        projects = [project.slug for project in published_projects()]
    assert len(projects) == 2
    for label, slugs in (("GET /events/{slug}", events),
                         ("GET /consultations/{slug}", consultations),
                         ("GET /research/diagnoses/{slug}", research),
                         ("GET /projects/{slug}", projects)):
        for slug in slugs:
            case = operations[label].Case(path_parameters={"slug": slug})
            response = case.call_and_validate()
            assert response.status_code == 200, (label, slug)


def test_every_invalid_request_is_refused_without_a_server_error(seeded):
    app, _events, _consultations = seeded
    from schemathesis.checks import negative_data_rejection, not_a_server_error

    def no_server_error(case) -> None:
        case.call_and_validate(checks=[not_a_server_error, negative_data_rejection])

    # A slug may be any string: only the lists' query parameters have invalid values.
    for label in ("GET /events", "GET /consultations", "GET /network/members",
                  "GET /cooperation/programmes", "GET /research/diagnoses", "GET /projects"):
        strategy = _operations(app)[label].as_strategy(generation_mode=GenerationMode.NEGATIVE)
        _fuzz(strategy, no_server_error)


@pytest.mark.parametrize(("path", "query", "status"), [
    *((path, query, 400) for path in ("/events", "/consultations", "/network/members")
      for query in ("page=1000000000000000000", "page=-5", "page=zwei", "page=100001")),
    *(("/network/members", query, 400) for query in (
        "topic=9223372036854775808", "topic=-1", "topic=0", "powiat=%00", "q=a%00b&kind=%00")),
    ("/network/members", "q=%27%3B--", 200), ("/network/members", "q=%00", 200),
])
def test_values_the_fuzzing_found_are_answered_not_failed(client, path, query, status):
    """?page=10**18 and ?topic=2**63 were server errors on SQLite (the OFFSET or the id
    did not fit a database integer), ?q=%00 on PostgreSQL (text cannot hold a NUL): those
    outside the description are refused, the others answer a list."""
    response = client.get(f"/api/v1{path}?{query}")
    assert response.status_code == status
    assert response.is_json
    if status == 200:
        assert isinstance(response.get_json()["items"], list)


@pytest.mark.parametrize("path", ["/events/a%00b", "/consultations/%00"])
def test_a_slug_with_a_nul_character_is_not_found(client, path):
    """It was a server error on PostgreSQL."""
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
