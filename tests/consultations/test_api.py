"""/api/v1/consultations: the contract's fields, public data only, conditional requests."""

from datetime import timedelta
from urllib.parse import urlsplit

import jsonschema
import pytest

from consult.consultations import services
from consult.consultations.choices import ORGANISATION
from consult.consultations.models import Decision
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import counted_queries
from tests.consultations.conftest import comment_on


@pytest.fixture
def validate(client):
    """Validates a response body against a schema of /api/v1/openapi.json."""
    document = client.get("/api/v1/openapi.json").get_json()

    def check(body: dict, name: str) -> None:
        schema = {**document["components"]["schemas"][name],
                  "components": document["components"]}  # so "#/components/…" resolves
        jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator,
                            format_checker=jsonschema.FormatChecker())

    return check


def test_list_and_detail_follow_the_contract(client, consultation_factory, user_factory,
                                             validate):
    consultation = consultation_factory()
    section = consultation.sections[1]
    author = user_factory(full_name="Jan Kowalski", email="jan@example.org")
    comment_on(consultation, author, section=section, proposed_text="Nowy zapis",
               justification="Bo tak", on_behalf=ORGANISATION,
               organisation_name="Stowarzyszenie Razem", organisation_krs="0000123456")
    comment_on(consultation, user_factory(full_name="Ewa Prywatna"), body="Uwaga ogólna")

    listing = client.get("/api/v1/consultations").get_json()
    validate(listing, "ConsultationList")
    item = listing["items"][0]
    assert item["slug"] == consultation.slug and item["status"] == "open"
    assert item["institution"] == {"name": "Płońsk", "teryt": "1420011"}
    assert item["comments_count"] == 2
    assert item["closes_on"] == services.closes_on(consultation).isoformat()

    detail = client.get(f"/api/v1/consultations/{consultation.slug}").get_json()
    validate(detail, "ConsultationDetail")
    assert [s["number"] for s in detail["sections"]] == ["Rozdział I", "§ 1", "§ 2"]
    by_body = {c["body"]: c for c in detail["comments"]}
    org = by_body["Proponujemy doprecyzować zapis."]
    assert org["section_id"] == section.id and org["organisation"] == "Stowarzyszenie Razem"
    assert org["author"] == "Stowarzyszenie Razem" and org["response"] is None
    private = by_body["Uwaga ogólna"]
    assert private["section_id"] is None and private["organisation"] is None
    assert "Ewa" not in str(detail) and "example.org" not in str(detail)
    assert private["author"] == "Osoba prywatna nr 1"  # Jan commented for an organisation
    assert "Jan Kowalski" not in str(detail)


def test_answers_appear_once_the_report_is_published(client, consultation_factory,
                                                      user_factory, staff, validate):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(), section=consultation.sections[2])
    services.answer_comment(comment, staff, Decision.ACCEPTED, "Uwzględniono w § 2.")
    db.session.commit()
    url = f"/api/v1/consultations/{consultation.slug}"
    assert client.get(url).get_json()["comments"][0]["response"] is None

    consultation.closes_at = utcnow() - timedelta(seconds=1)
    consultation.report_published_at = utcnow()
    db.session.commit()
    detail = client.get(url).get_json()
    validate(detail, "ConsultationDetail")
    assert detail["status"] == "reported"
    assert detail["comments"][0]["response"] == {"decision": "accepted",
                                                 "text": "Uwzględniono w § 2."}


def test_hidden_withdrawn_pending_and_drafts_stay_out(client, consultation_factory,
                                                      user_factory, staff):
    consultation = consultation_factory()
    author = user_factory()
    hidden = comment_on(consultation, author, body="Obraźliwa treść")
    services.hide_comment(hidden, staff, "Narusza regulamin")
    withdrawn = comment_on(consultation, author, body="Wycofana")
    services.withdraw_comment(withdrawn, author)
    db.session.commit()
    pre = consultation_factory(title="Z moderacją", moderation="pre",
                               institution=consultation.institution)
    comment_on(pre, author, body="Czeka na moderację")
    draft = consultation_factory(title="Szkic", announced=False,
                                 institution=consultation.institution)

    detail = client.get(f"/api/v1/consultations/{consultation.slug}").get_json()
    assert detail["comments"] == [] and detail["comments_count"] == 0
    assert client.get(f"/api/v1/consultations/{pre.slug}").get_json()["comments"] == []
    assert client.get(f"/api/v1/consultations/{draft.slug}").status_code == 404
    slugs = [i["slug"] for i in client.get("/api/v1/consultations").get_json()["items"]]
    assert draft.slug not in slugs and len(slugs) == 2


def test_status_filter_and_pagination(client, consultation_factory, institution_factory):
    inst = institution_factory()
    consultation_factory(title="Otwarte", institution=inst)
    consultation_factory(title="Planowane", institution=inst, opens_in=timedelta(days=3))
    for n in range(21):
        consultation_factory(title=f"Zamknięte {n}", institution=inst,
                             opens_in=timedelta(days=-30), closes_in=timedelta(days=-n - 1))
    planned = client.get("/api/v1/consultations?status=planned").get_json()
    assert [i["title"] for i in planned["items"]] == ["Planowane"]
    first = client.get("/api/v1/consultations?status=closed").get_json()
    assert len(first["items"]) == 20 and "page=2" in first["next"]
    next_url = urlsplit(first["next"])
    second = client.get(f"{next_url.path}?{next_url.query}").get_json()
    assert len(second["items"]) == 1 and "next" not in second


def test_conditional_requests_get_304_until_a_comment_arrives(client, consultation_factory,
                                                              user_factory):
    consultation = consultation_factory()
    url = f"/api/v1/consultations/{consultation.slug}"
    for address in (url, "/api/v1/consultations"):
        first = client.get(address)
        again = client.get(address, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
    etag = client.get(url).headers["ETag"]
    comment_on(consultation, user_factory())
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_detail_takes_the_same_number_of_queries_for_more_comments(
        client, consultation_factory, user_factory):
    consultation = consultation_factory()
    people = [user_factory() for _ in range(3)]
    comment_on(consultation, people[0])
    with counted_queries() as few:
        client.get(f"/api/v1/consultations/{consultation.slug}")
    for person in people:
        for section in consultation.sections:
            comment_on(consultation, person, section=section)
    with counted_queries() as many:
        client.get(f"/api/v1/consultations/{consultation.slug}")
    assert len(many) == len(few)
