"""/api/v1/cooperation/programmes: each JST of the region and its programme's cycle for a
year, paginated, with an ETag, in a fixed number of queries."""

from contextlib import nullcontext
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from freezegun import freeze_time

from consult.api.responses import PER_PAGE
from consult.auth.models import STAFF
from consult.cooperation.models import Step
from consult.cooperation.services import Entry, record
from consult.core.urls import external_url
from consult.extensions import db
from consult.institutions.models import RURAL_GMINA
from tests.conftest import counted_queries, forget_kept_values
from tests.network.conftest import mazowsze  # noqa: F401 - a fixture

URL = "/api/v1/cooperation/programmes"
KEYS = {"teryt", "name", "kind", "year", "consulted", "consultation_url", "adopted_on",
        "resolution", "source_url", "adopted_on_time", "report_published_on",
        "report_on_time"}
BIP = "https://bip.example.gov.pl/plonsk"


@pytest.fixture
def validate(client):
    document = client.get("/api/v1/openapi.json").get_json()

    def check(body: dict, name: str) -> None:
        schema = {**document["components"]["schemas"][name],
                  "components": document["components"]}
        jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.FormatChecker())

    return check


@pytest.fixture
def enter(user_factory):
    """Record a step for a JST as a staff member, committed."""
    staff = user_factory(role=STAFF)

    def add(institution, step, year, day, **fields):
        entered = nullcontext() if day is None else freeze_time(f"{day + timedelta(1)} 12:00")
        with entered:  # once it happened
            added = record(institution, Entry(step=step, year=year, happened_on=day,
                                              source_url=fields.pop("source_url", BIP),
                                              **fields), by=staff)
        db.session.commit()
        return added

    return add


def items_by_teryt(body: dict) -> dict:
    return {item["teryt"]: item for item in body["items"]}


def test_every_jst_of_the_region_once_with_its_cycle(client, mazowsze, enter,  # noqa: F811
                                                      consultation_factory, validate):
    plonsk, raciaz = mazowsze["plonsk"], mazowsze["raciaz"]
    consultation = consultation_factory(institution=plonsk, year=2027,
                                        slug="program-plonsk-2027")
    enter(plonsk, Step.ADOPTED, 2027, date(2026, 11, 30), reference="XXXI/217/2026",
          source_url=f"{BIP}/uchwaly/xxxi-217-2026")
    enter(plonsk, Step.REPORT_PUBLISHED, 2027, date(2028, 5, 31))
    enter(raciaz, Step.CONSULTED_ELSEWHERE, 2027, date(2026, 10, 20))
    enter(raciaz, Step.ADOPTED, 2027, date(2026, 12, 1), reference="XXX/200/2026")
    enter(raciaz, Step.REPORT_PUBLISHED, 2027, date(2028, 6, 1))
    enter(plonsk, Step.ADOPTED, 2026, date(2025, 11, 20))  # another year: not shown

    response = client.get(f"{URL}?year=2027")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    body = response.get_json()
    validate(body, "CooperationProgrammeList")
    assert set(body) == {"items", "next"} and body["next"] is None
    # TERYT order; the city with powiat rights once, by its powiat-level code.
    assert [item["teryt"] for item in body["items"]] == [
        "14", "1420", "1420011", "1420022", "1420043", "1462"]
    assert all(set(item) == KEYS for item in body["items"])
    items = items_by_teryt(body)
    assert items["1420011"] == {
        "teryt": "1420011", "name": "Płońsk", "kind": "gmina_miejska", "year": 2027,
        "consulted": True,
        "consultation_url": external_url("consultations.detail", slug=consultation.slug),
        "adopted_on": "2026-11-30", "resolution": "XXXI/217/2026",
        "source_url": f"{BIP}/uchwaly/xxxi-217-2026", "adopted_on_time": True,
        "report_published_on": "2028-05-31", "report_on_time": True,
    }
    assert urlsplit(items["1420011"]["consultation_url"]).path == \
        "/consultations/program-plonsk-2027/"
    assert items["1420043"] | {"source_url": None} == {
        "teryt": "1420043", "name": "Raciąż", "kind": "gmina_miejsko_wiejska", "year": 2027,
        "consulted": True, "consultation_url": None,
        "adopted_on": "2026-12-01", "resolution": "XXX/200/2026", "source_url": None,
        "adopted_on_time": False,
        "report_published_on": "2028-06-01", "report_on_time": False,
    }
    # Nothing recorded: null, whether the deadline has passed or not.
    assert items["1420022"] | {"teryt": None, "name": None, "kind": None} == {
        "teryt": None, "name": None, "kind": None, "year": 2027, "consulted": False,
        "consultation_url": None, "adopted_on": None, "resolution": None,
        "source_url": None, "adopted_on_time": None, "report_published_on": None,
        "report_on_time": None,
    }


def test_a_withdrawn_step_is_nothing_and_a_correction_wins(client, mazowsze,  # noqa: F811
                                                           enter):
    plonsk, raciaz = mazowsze["plonsk"], mazowsze["raciaz"]
    enter(plonsk, Step.ADOPTED, 2026, date(2025, 11, 28), reference="XX/150/2025")
    enter(plonsk, Step.ADOPTED, 2026, None, withdrawn=True, note="Uchwała unieważniona.")
    enter(raciaz, Step.ADOPTED, 2026, date(2025, 12, 10))
    enter(raciaz, Step.ADOPTED, 2026, date(2025, 11, 10), note="Poprawiona data.")

    items = items_by_teryt(client.get(f"{URL}?year=2026").get_json())
    assert items["1420011"]["adopted_on"] is None
    assert items["1420011"]["adopted_on_time"] is None
    assert items["1420011"]["resolution"] is None
    assert items["1420043"]["adopted_on"] == "2025-11-10"
    assert items["1420043"]["adopted_on_time"] is True


@pytest.mark.parametrize(("powiat", "expected"), [
    ("1420", ["1420", "1420011", "1420022", "1420043"]),
    ("1462", ["1462"]),
    ("1419", []),  # a code of the region no unit has
    ("1201", []),  # a powiat of another województwo
])
def test_powiat_filter(client, mazowsze, powiat, expected, institution_factory):  # noqa: F811
    institution_factory(teryt="1201", name="bocheński", kind="powiat")
    institution_factory(teryt="1201011", name="Bochnia", kind="gmina_miejska")
    body = client.get(f"{URL}?year=2027&powiat={powiat}").get_json()
    assert [item["teryt"] for item in body["items"]] == expected
    assert body["next"] is None


def test_pages(client, mazowsze, institution_factory):  # noqa: F811
    for n in range(PER_PAGE):  # with the powiat and its 3 gminas: two pages
        institution_factory(teryt=f"14201{n:02d}", name=f"Gmina {n}", kind=RURAL_GMINA,
                            parent=mazowsze["plonski"])
    first = client.get(f"{URL}?year=2027&powiat=1420").get_json()
    assert len(first["items"]) == PER_PAGE
    parts = urlsplit(first["next"])
    assert parts.path == URL
    assert parse_qs(parts.query) == {"year": ["2027"], "powiat": ["1420"], "page": ["2"]}
    second = client.get(f"{parts.path}?{parts.query}").get_json()
    assert [item["teryt"] for item in second["items"]] == [
        f"14201{n:02d}" for n in range(PER_PAGE - 4, PER_PAGE)]
    assert second["next"] is None
    seen = [item["teryt"] for item in first["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == PER_PAGE + 4
    past = client.get(f"{URL}?year=2027&page=50").get_json()
    assert past == {"items": [], "next": None}


def test_etag_answers_304_until_something_is_recorded(client, mazowsze, enter):  # noqa: F811
    first = client.get(f"{URL}?year=2027")
    etag = first.headers["ETag"]
    assert client.get(f"{URL}?year=2027", headers={"If-None-Match": etag}).status_code == 304
    # Another year's URL has a version of its own.
    assert client.get(f"{URL}?year=2026", headers={"If-None-Match": etag}).status_code == 200

    enter(mazowsze["plonsk"], Step.ADOPTED, 2027, date(2026, 11, 25))
    changed = client.get(f"{URL}?year=2027", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert items_by_teryt(changed.get_json())["1420011"]["adopted_on"] == "2026-11-25"
    assert changed.headers["ETag"] != etag


def test_a_consultation_held_here_changes_the_answer(client, mazowsze,  # noqa: F811
                                                     consultation_factory):
    etag = client.get(f"{URL}?year=2027").headers["ETag"]
    consultation_factory(institution=mazowsze["raciaz"], year=2027)
    changed = client.get(f"{URL}?year=2027", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert items_by_teryt(changed.get_json())["1420043"]["consulted"] is True


@pytest.mark.parametrize(("query", "parameter", "error"), [
    ("", "year", "invalid_parameter"),
    ("powiat=1420", "year", "invalid_parameter"),
    ("year=dwa", "year", "invalid_parameter"),
    ("year=1999", "year", "invalid_parameter"),
    ("year=99999999999999999999999", "year", "invalid_parameter"),
    ("year=2027&year=2026", "year", "invalid_parameter"),
    ("year=2027&powiat=14", "powiat", "invalid_parameter"),
    ("year=2027&powiat=14200", "powiat", "invalid_parameter"),
    ("year=2027&powiat=%00", "powiat", "invalid_parameter"),
    ("year=2027&page=0", "page", "invalid_parameter"),
    ("year=2027&kind=powiat", "kind", "unknown_parameter"),
])
def test_bad_parameters_are_refused(client, query, parameter, error):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["error"] == error and body["parameter"] == parameter
    assert body["status"] == 400 and body["detail"]


def _queries(client, path: str) -> int:
    client.get(path)  # warm-up
    forget_kept_values(client.application)
    db.session.expire_all()
    with counted_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_queries_do_not_grow_with_the_number_of_jst(client, mazowsze, enter,  # noqa: F811
                                                    institution_factory,
                                                    consultation_factory):
    enter(mazowsze["plonsk"], Step.ADOPTED, 2027, date(2026, 11, 20))
    few = _queries(client, f"{URL}?year=2027")
    for n in range(PER_PAGE):
        gmina = institution_factory(teryt=f"14201{n:02d}", name=f"Gmina {n}",
                                    kind=RURAL_GMINA, parent=mazowsze["plonski"])
        enter(gmina, Step.ADOPTED, 2027, date(2026, 11, 1 + n))
        enter(gmina, Step.REPORT_PUBLISHED, 2027, date(2028, 5, 1 + n))
        if n % 3 == 0:
            consultation_factory(institution=gmina, year=2027, slug=f"program-{n}")
    many = _queries(client, f"{URL}?year=2027")
    assert many == few <= 8
