"""Numbers no database column holds, in the path, the query string and forms.

SQLite's driver raises OverflowError for an integer over 2**63 and PostgreSQL refuses one
over its column's range: either was a server error. Now (consult.core.request_data) a path
id of more than 18 digits is a 404, a query-string number that long is ignored like any
other value that is not a number, the page number is clamped (consult.core.pagination),
and what still reaches the database is a 400 (consult.errors), never a 500. The JSON API
refuses every such number with a 400 (consult.api.parameters).
"""

import pytest

from consult.auth.models import ADMIN
from tests.security.conftest import signed_in

HUGE = "9" * 21  # over 2**64
OVER_INT64 = "9223372036854775808"  # 2**63
LONGEST = "9" * 18  # the longest id the URL accepts: reaches the view, which finds nothing
QUERY_NUMBERS = [HUGE, OVER_INT64, "-" + HUGE, LONGEST, "1e999", "0x10", "١٢", "", "-1", "0"]


def expected_status(path: str, number: str) -> int:
    """The pages ignore a number they cannot use; the API refuses one outside its
    description (all of QUERY_NUMBERS: no page or id is 0, negative, or that long)."""
    return 400 if path.startswith("/api/") and number != "9999" else 200


def int_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if any(type(conv).__name__.endswith("IntegerConverter")
                   for conv in rule._converters.values())]


def build(rule, number: str) -> str:
    """The rule's path with ``number`` for every int argument and "x" for the others."""
    path = rule.rule
    for name, converter in rule._converters.items():
        is_int = type(converter).__name__.endswith("IntegerConverter")
        path = path.replace(f"<int:{name}>", number).replace(f"<{name}>", "x")
        if not is_int:
            path = path.replace(f"<string:{name}>", "x")
    return path


@pytest.mark.parametrize("number", [HUGE, OVER_INT64, LONGEST])
def test_ids_in_the_path_are_not_found(app, user_factory, number):
    admin = signed_in(app, user_factory(role=ADMIN))
    anonymous = signed_in(app)
    rules = int_rules(app)
    assert len(rules) > 40
    problems = []
    for rule in rules:
        path = build(rule, number)
        for client in (admin, anonymous):
            for method in sorted(rule.methods & {"GET", "POST"}):
                status = client.open(path, method=method).status_code
                if status >= 500 or (client is admin and status != 404):
                    problems.append(f"{method} {path}: {status}")
    assert not problems, "\n".join(problems)


def test_the_examples_of_the_issue(app, client, login_as):
    login_as(ADMIN)
    for path in (f"/network/{HUGE}", f"/network/{HUGE}/vcard.vcf", f"/manage/users/{HUGE}",
                 f"/manage/events/{HUGE}/", f"/manage/consultations/{HUGE}/"):
        assert client.get(path).status_code == 404, path


LISTS = ["/events/", "/consultations/", "/network/", "/manage/users", "/manage/events/",
         "/manage/consultations/", "/manage/network/members", "/manage/outbox",
         "/manage/institutions", "/manage/organisations", "/api/v1/events",
         "/api/v1/consultations", "/api/v1/network/members", "/embed/events"]


@pytest.mark.parametrize("number", QUERY_NUMBERS)
def test_page_numbers_of_every_list(app, user_factory, event_factory, number):
    event = event_factory()
    admin = signed_in(app, user_factory(role=ADMIN))
    problems = []
    for path in [*LISTS, f"/manage/events/{event.id}/registrations"]:
        response = admin.get(path, query_string={"page": number})
        if response.status_code != expected_status(path, number):
            problems.append(f"{path}?page={number}: {response.status_code}")
    assert not problems, "\n".join(problems)


FILTERS = [("/network/", "topic"), ("/api/v1/network/members", "topic"),
           ("/network/", "powiat"), ("/manage/events/impact", "year"),
           ("/manage/events/impact", "project"), ("/manage/events/impact", "powiat"),
           ("/manage/events/impact.csv", "year"), ("/manage/events/impact.csv", "powiat"),
           ("/embed/events", "limit"), ("/consultations/", "institution"),
           ("/manage/network/members", "topic"), ("/manage/network/members", "powiat")]


# The impact report builds dates from ?year=: 0, -1, 9999 or an 18-digit year must mean
# "no year filter", not a server error.
IMPACT_YEARS_OUT_OF_RANGE = ["-1", "0", "9999", LONGEST]


@pytest.mark.parametrize("number", QUERY_NUMBERS + ["9999"])
def test_numbers_in_filters_are_ignored(app, user_factory, number):
    admin = signed_in(app, user_factory(role=ADMIN))
    problems = []
    for path, name in FILTERS:
        response = admin.get(path, query_string={name: number})
        if response.status_code != expected_status(path, number):
            problems.append(f"{path}?{name}={number}: {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("number", IMPACT_YEARS_OUT_OF_RANGE)
def test_impact_report_with_a_year_out_of_range(app, user_factory, number):
    admin = signed_in(app, user_factory(role=ADMIN))
    for path in ("/manage/events/impact", "/manage/events/impact.csv"):
        assert admin.get(path, query_string={"year": number}).status_code == 200


# --- numbers in forms ----------------------------------------------------------------------------


def test_numbers_in_forms_are_refused_not_a_server_error(app, user_factory, event_factory,
                                                         institution_factory):
    """Every number field of the forms with a 21-digit value: the form again with an error
    (200) or a 400, nothing saved."""
    from consult.events.models import Event
    from consult.extensions import db
    from consult.network.models import Member, Topic
    from tests.events.conftest import add
    from tests.security.conftest import count
    from tests.test_security_baseline import CONSULTATION_FORM, EVENT_FORM, PARTICIPANT

    institution = institution_factory()
    topic = Topic(name="Ekonomia społeczna", position=1)
    db.session.add(topic)
    db.session.commit()
    admin = signed_in(app, user_factory(role=ADMIN))
    event = event_factory()
    registration = add(event, "Maria Łęcka", "maria@example.org")
    entry = {"full_name": "Anna Nowak", "position": "inspektorka",
             "work_email": "anna@plonsk.example.org", "consent": "y",
             **{f"{name}_visibility": "public" for name in
                ("full_name", "position", "department", "work_email", "work_phone", "bio",
                 "topics")}}
    cases = {
        "/network/join institution": ("/network/join", {**entry, "institution": HUGE}),
        "/network/join topics": ("/network/join", {**entry, "institution": str(institution.id),
                                                   "topics": HUGE}),
        "event capacity": ("/manage/events/new", {**EVENT_FORM, "capacity": HUGE}),
        "event quota": ("/manage/events/new", {**EVENT_FORM, "quota_ngo": HUGE}),
        "event kilometres": ("/manage/events/new", {**EVENT_FORM, "kilometres": HUGE}),
        "event hours": ("/manage/events/new", {**EVENT_FORM, "hours": HUGE}),
        "event county": ("/manage/events/new", {**EVENT_FORM, "powiat_id": HUGE}),
        "event project": ("/manage/events/new", {**EVENT_FORM, "funding_project_id": HUGE}),
        "consultation year": ("/manage/consultations/new", {
            **CONSULTATION_FORM, "year": HUGE, "institution_id": str(institution.id),
            "teryt": ""}),
        "consultation institution": ("/manage/consultations/new", {
            **CONSULTATION_FORM, "institution_id": HUGE, "teryt": ""}),
        "move registration": (
            f"/manage/events/{event.id}/registrations/{registration.id}/move",
            {"target_event": HUGE}),
        "message recipients": (f"/manage/events/{event.id}/message", {
            "subject": "Zmiana sali", "body": "Sala 12.", "registration_ids": HUGE}),
        "added registration": (f"/manage/events/{event.id}/registrations/add", {
            **PARTICIPANT, "note": "", "category": HUGE}),
        "organisation seat": ("/manage/organisations/new", {
            "name": "Fundacja", "legal_form": "foundation", "seat": "Płock", "gmina_id": HUGE}),
        "announcement filters": ("/manage/network/announcements", {
            "subject": "Spotkanie", "body": "Treść.", "powiat": HUGE, "topic": HUGE}),
        "topic position": (f"/manage/network/topics/{topic.id}", {
            f"topic-{topic.id}-name": "Ekonomia społeczna", f"topic-{topic.id}-position": HUGE,
            "action": "save"}),
    }
    own = signed_in(app, user_factory())
    events_before = count(Event)
    problems = []
    for what, (path, data) in cases.items():
        client = own if path.startswith("/network/") else admin
        status = client.post(path, data=data).status_code
        if status not in (200, 302, 400) or (status == 302 and "registration" not in what):
            problems.append(f"{what}: {status}")
    assert not problems, "\n".join(problems)
    assert count(Event) == events_before
    assert count(Member) == 0
    assert db.session.get(Topic, topic.id).position == 1
