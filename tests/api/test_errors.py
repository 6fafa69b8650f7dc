"""What /api/ answers when a request is wrong: always problem details in JSON (RFC 9457),
in the shape the OpenAPI description gives, never the site's HTML error page and never
a list that silently ignores a parameter."""

import jsonschema
import pytest

from consult.api import description
from consult.extensions import db

PROBLEM = "application/problem+json"
LISTS = ("/events", "/consultations", "/network/members")


def problem_of(response, status: int) -> dict:
    """The body of an error answer, checked against the description's Problem schema."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == PROBLEM
    assert response.headers["Access-Control-Allow-Origin"] == "*"  # readable cross-site
    body = response.get_json()
    jsonschema.validate(body, description.SCHEMAS["Problem"])
    assert body["status"] == status
    return body


@pytest.mark.parametrize(("query", "allowed"), [
    ("/consultations?status=bogus", ["planned", "open", "closed", "reported"]),
    ("/events?type=bogus", None),
    ("/events?past=yes", ["0", "1"]),
    ("/network/members?kind=bogus", None),
])
def test_an_unknown_filter_value_is_refused_not_ignored(client, query, allowed):
    body = problem_of(client.get(f"/api/v1{query}"), 400)
    parameter = query.partition("?")[2].partition("=")[0]
    assert body["error"] == "invalid_parameter" and body["parameter"] == parameter
    assert parameter in body["detail"]
    if allowed:
        assert body["allowed"] == allowed
    assert body["allowed"]  # every enum filter names what it takes


@pytest.mark.parametrize("query", [
    "page=0", "page=-5", "page=zwei", "page=1.5", "page=", "page=100001",
    "page=1000000000000000000", "page=" + "9" * 5000,
])
@pytest.mark.parametrize("path", LISTS)
def test_a_malformed_page_number_is_refused(client, path, query):
    body = problem_of(client.get(f"/api/v1{path}?{query}"), 400)
    assert body["parameter"] == "page"


@pytest.mark.parametrize("query", [
    "topic=0", "topic=-1", "topic=abc", "topic=9223372036854775808", "powiat=14",
    "powiat=14201", "powiat=%00", "powiat=1420%0A", "kind=%00", "q=" + "a" * 201,
])
def test_a_malformed_directory_filter_is_refused(client, query):
    body = problem_of(client.get(f"/api/v1/network/members?{query}"), 400)
    assert body["parameter"] == query.partition("=")[0]


@pytest.mark.parametrize("path", [*LISTS, "/events/some-slug", "/openapi.json"])
def test_a_parameter_the_url_does_not_take_is_refused(client, path):
    """A typo (?stauts=open) would otherwise give the unfiltered list as if filtered."""
    body = problem_of(client.get(f"/api/v1{path}?stauts=open"), 400)
    assert body["error"] == "unknown_parameter" and body["parameter"] == "stauts"
    described = [p["name"] for p in description.document()["paths"][path.replace(
        "some-slug", "{slug}")]["get"].get("parameters", []) if "name" in p]
    assert isinstance(body["allowed"], list) and set(described) <= set(body["allowed"])


def test_a_parameter_given_twice_is_refused(client):
    body = problem_of(client.get("/api/v1/consultations?status=open&status=closed"), 400)
    assert body["parameter"] == "status"


@pytest.mark.parametrize("query", ["status=open", "page=1", "page=100000", ""])
def test_well_formed_parameters_are_answered(client, query):
    response = client.get(f"/api/v1/consultations?{query}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json()["items"] == []


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", [*LISTS, "/events/some-slug", "/consultations/x",
                                  "/openapi.json"])
def test_another_method_is_a_json_405_with_allow(make_app, method, path):
    """With CSRF protection on, as in production: a POST was a 400 HTML page."""
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.open(f"/api/v1{path}", method=method)
    body = problem_of(response, 405)
    assert body["error"] == "method_not_allowed"
    assert {"GET", "HEAD", "OPTIONS"} == {m.strip() for m in response.headers["Allow"].split(",")}


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v2/events", "/api/",
                                  "/api/v1/events/no-such-event",
                                  "/api/v1/consultations/no-such-consultation"])
def test_an_unknown_url_or_item_is_a_json_404(client, path):
    assert problem_of(client.get(path), 404)["error"] == "not_found"


def test_too_many_requests_is_a_json_429(make_app):
    client = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2/minute").test_client()
    for _ in range(2):
        assert client.get("/api/v1/events").status_code == 200
    response = client.get("/api/v1/events")
    assert problem_of(response, 429)["error"] == "too_many_requests"
    assert int(response.headers["Retry-After"]) > 0
    # The rest of the site keeps its own limits.
    assert client.get("/").status_code == 200


def test_a_server_error_is_json(make_app, monkeypatch):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr("consult.api.description.document", broken)
    with app.app_context():
        body = problem_of(app.test_client().get("/api/v1/openapi.json"), 500)
        assert body["error"] == "server_error"
        assert "database" not in body["detail"]  # nothing of the internals
        db.session.remove()


def test_the_description_documents_the_errors(client):
    document = client.get("/api/v1/openapi.json").get_json()
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    responses = document["components"]["responses"]
    for path, item in document["paths"].items():
        documented = item["get"]["responses"]
        for status in ("400", "405", "429", "500", *(("404",) if "{" in path else ())):
            name = documented[status]["$ref"].rpartition("/")[2]
            assert responses[name]["content"] == {PROBLEM: {"schema": problem_ref}}, path
    assert "Allow" in responses["MethodNotAllowed"]["headers"]
