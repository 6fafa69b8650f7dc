"""/api/v1/network/members: approved members with only their public fields."""

from urllib.parse import urlsplit

import jsonschema
import pytest

from consult.api.responses import PER_PAGE
from consult.core.urls import external_url
from consult.extensions import db
from consult.network import services
from consult.network.models import Visibility
from tests.conftest import counted_queries


@pytest.fixture
def validate(client):
    document = client.get("/api/v1/openapi.json").get_json()

    def check(body: dict, name: str) -> None:
        schema = {**document["components"]["schemas"][name],
                  "components": document["components"]}
        jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.FormatChecker())

    return check


def test_items_carry_only_public_fields(client, member_factory, mazowsze, validate):
    member = member_factory(
        institution=mazowsze["raciaz"], full_name="Maria Łęcka", position="Sekretarz",
        department="Wydział Organizacyjny", work_email="m.lecka@raciaz.pl",
        work_phone="+48 23 679 11 00", bio="O mnie", topics=["wolontariat"],
        is_coordinator=True,
        visibility={"full_name": Visibility.PUBLIC, "position": Visibility.PUBLIC,
                    "department": Visibility.MEMBERS,
                    "work_email": Visibility.PUBLIC, "work_phone": Visibility.STAFF_ONLY,
                    "topics": Visibility.PUBLIC,
                    "bio": Visibility.MEMBERS})
    hidden_name = member_factory(institution=mazowsze["plock"], full_name="Ukryta Osoba",
                                 visibility={"full_name": Visibility.STAFF_ONLY})
    for status in ("pending", "email_pending", "rejected"):
        member_factory(full_name=f"Status {status}", status=status)

    body = client.get("/api/v1/network/members").get_json()
    validate(body, "NetworkMemberList")
    assert "next" not in body
    items = {item["id"]: item for item in body["items"]}
    assert set(items) == {member.id, hidden_name.id}
    assert items[member.id] == {
        "id": member.id, "full_name": "Maria Łęcka", "position": "Sekretarz",
        "work_email": "m.lecka@raciaz.pl", "topics": ["wolontariat"],
        "institution": {"name": "Raciąż", "teryt": "1420043"},
        "powiat": {"name": "Powiat płoński", "teryt": "1420"},
        "is_coordinator": True,
        "url": external_url("network.profile", member_id=member.id),
        "vcard_url": external_url("network.vcard", member_id=member.id),
    }
    assert "full_name" not in items[hidden_name.id]
    assert items[hidden_name.id]["powiat"]["teryt"] == "1462"
    assert urlsplit(items[member.id]["url"]).path == f"/network/{member.id}"


def test_signed_in_staff_still_get_public_fields_only(client, member_factory, staff):
    member_factory(work_phone="+48 600 000 999", visibility={"work_phone": Visibility.STAFF_ONLY})
    body = client.get("/api/v1/network/members").get_data(as_text=True)
    assert "600 000 999" not in body


def test_search_looks_only_at_public_fields(client, member_factory, mazowsze):
    public = member_factory(institution=mazowsze["plonsk"], full_name="Maria Łęcka")
    member_factory(full_name="Ukryta Łęcka", visibility={"full_name": Visibility.MEMBERS})
    ids = [i["id"] for i in client.get("/api/v1/network/members?q=lecka").get_json()["items"]]
    assert ids == [public.id]
    ids = [i["id"] for i in client.get("/api/v1/network/members?powiat=1462")
           .get_json()["items"]]
    assert ids == []


def test_pages_and_constant_queries(client, member_factory):
    for _n in range(PER_PAGE + 1):
        member_factory(user=None, topics=["wolontariat", "budżet obywatelski"])
    first = client.get("/api/v1/network/members")
    body = first.get_json()
    assert len(body["items"]) == PER_PAGE
    assert urlsplit(body["next"]).query == "page=2"
    second = client.get(urlsplit(body["next"]).path + "?page=2").get_json()
    assert len(second["items"]) == 1 and "next" not in second

    with counted_queries() as many:
        client.get("/api/v1/network/members")
    with counted_queries() as one_page:
        client.get("/api/v1/network/members?page=2")
    assert len(many) == len(one_page) <= 8


def test_etag_answers_304_and_changes_with_visibility(client, member_factory):
    member = member_factory(work_phone="+48 600 000 123",
                            visibility={"work_phone": Visibility.MEMBERS})
    first = client.get("/api/v1/network/members")
    etag = first.headers["ETag"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/network/members",
                      headers={"If-None-Match": etag}).status_code == 304

    services.set_visibility(member, {"work_phone": Visibility.PUBLIC})
    db.session.commit()
    changed = client.get("/api/v1/network/members", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["items"][0]["work_phone"] == "+48 600 000 123"

    etag = changed.headers["ETag"]
    services.leave(member)
    db.session.commit()
    gone = client.get("/api/v1/network/members", headers={"If-None-Match": etag})
    assert gone.status_code == 200 and gone.get_json() == {"items": []}


def test_openapi_documents_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/network/members"]["get"]
    assert operation["operationId"] == "listNetworkMembers"
    jsonschema.Draft202012Validator.check_schema(
        document["components"]["schemas"]["NetworkMember"])
