"""Joining the network: the institution found without JavaScript, an official address
confirmed by a link, a private one waiting for staff, errors shown next to the fields."""

import re

import pytest
from sqlalchemy import select

from consult.institutions.models import RURAL_GMINA, URBAN_GMINA
from consult.network import services
from consult.network.institution_search import find_institutions
from consult.network.models import ConsentLog, Member, MemberStatus, Visibility
from tests.conftest import counted_queries, text_of
from tests.html import page_of
from tests.network.conftest import topic_named


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def official(login_as):
    """A signed-in user whose messages are written in English."""
    user = login_as(email="anna@example.org", full_name="Anna Kowalska")
    user.locale = "en"
    services.db.session.commit()
    return user


def join_form(chosen, **overrides) -> dict:
    data = {
        "institution": str(chosen.id),
        "full_name": "Anna Kowalska",
        "position": "inspektorka ds. współpracy z NGO",
        "department": "Referat Spraw Społecznych",
        "work_email": "a.kowalska@plonsk.pl",
        "work_phone": "+48 23 662 00 00",
        "bio": "Prowadzę konkursy ofert.",
        "full_name_visibility": Visibility.PUBLIC,
        "position_visibility": Visibility.PUBLIC,
        "department_visibility": Visibility.MEMBERS,
        "work_email_visibility": Visibility.MEMBERS,
        "work_phone_visibility": Visibility.STAFF_ONLY,
        "topics_visibility": Visibility.PUBLIC,
        "bio_visibility": Visibility.PUBLIC,
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def checked(page, name: str) -> list[str]:
    return [e["attrs"]["value"] for e in page.elements
            if e["tag"] == "input" and e["attrs"].get("name") == name
            and "checked" in e["attrs"]]


def the_member() -> Member:
    services.db.session.expire_all()
    return services.db.session.scalar(select(Member))


def verification_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/network/verify/[\w.-]+)", text_of(message))
    assert found, text_of(message)
    return found.group(1)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/network/join")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    assert "next=%2Fnetwork%2Fjoin" in response.headers["Location"]


def test_join_with_an_official_address_and_confirm_it(english, official, mazowsze, mailbox):
    client = english
    page = page_of(client.get("/network/join"))
    assert page.value_of("full_name") == "Anna Kowalska"  # from the account, editable
    assert checked(page,
                   "work_phone_visibility") == [Visibility.MEMBERS]  # the join form proposes it
    assert "Information on personal data" in page.content
    topic = topic_named("konkursy ofert")
    services.db.session.commit()

    response = client.post("/network/join", data=join_form(
        mazowsze["plonsk"], full_name="Anna Kowalska-Nowak", topics=str(topic.id),
        is_coordinator="y", work_email="A.Kowalska@Plonsk.PL"))
    assert response.status_code == 200
    assert "Check your inbox" in page_of(response).content
    member = the_member()
    assert member.status == MemberStatus.EMAIL_PENDING and member.user_id == official.id
    assert member.full_name == "Anna Kowalska-Nowak" and member.is_coordinator
    assert member.work_email == "a.kowalska@plonsk.pl"
    assert member.powiat_id == mazowsze["plonski"].id
    assert [t.name for t in member.topics] == ["konkursy ofert"]
    assert member.work_phone_visibility == Visibility.STAFF_ONLY
    assert member.department_visibility == Visibility.MEMBERS
    [consent] = member.consents
    assert consent.given_at is not None and consent.choices["work_phone"] == Visibility.STAFF_ONLY
    assert not services.db.session.scalars(services.directory(Visibility.PUBLIC)).all()

    message = mailbox.last_to("a.kowalska@plonsk.pl")
    link = verification_link(message)
    page = page_of(client.get(link))
    assert "Confirm my work e-mail" in page.content
    # a GET (a mail scanner) changes nothing
    assert the_member().status == MemberStatus.EMAIL_PENDING

    response = client.post(link)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/network/{member.id}"
    member = the_member()
    assert member.status == MemberStatus.APPROVED and member.email_verified_at is not None
    assert services.db.session.scalars(services.directory(Visibility.PUBLIC,
                                                          "kowalska")).all() == [member]
    assert "Your work e-mail is already confirmed" in page_of(
        client.get(link, follow_redirects=True)).content

    assert client.get("/network/join").headers["Location"] == "/network/me"


def test_a_private_address_waits_for_staff(english, official, mazowsze, mailbox):
    response = english.post("/network/join", data=join_form(
        mazowsze["plonsk"], work_email="anna.kowalska@gmail.com"))
    assert response.status_code == 200
    assert "waiting for the federation's staff" in page_of(response).content
    assert the_member().status == MemberStatus.PENDING
    assert mailbox.to("anna.kowalska@gmail.com") == []  # not checked: nothing sent there
    note = text_of(mailbox.last_to("anna@example.org"))
    assert "We have received your request" in note and "/network/me" in note
    assert services.db.session.scalars(services.directory(Visibility.STAFF_ONLY)).all() == []


def test_a_second_request_goes_to_the_own_entry(english, official, mazowsze, member_factory):
    member_factory(user=official, institution=mazowsze["plonsk"])
    assert english.get("/network/join").headers["Location"] == "/network/me"
    response = english.post("/network/join", data=join_form(mazowsze["plonsk"]))
    assert response.headers["Location"] == "/network/me"
    assert len(services.db.session.scalars(select(Member)).all()) == 1


def test_institution_search_ignores_case_and_polish_letters(app, mazowsze,
                                                            institution_factory):
    elsewhere = institution_factory(teryt="3299011", name="Płońskowo", kind=URBAN_GMINA)
    found = find_institutions("plonsk")
    names = [inst.name for inst in found]
    assert names[:2] == ["Płońsk", "Powiat płoński"]  # the region first, then the rest
    assert names[-1] == elsewhere.name
    assert [i.name for i in find_institutions("PŁOŃSK powiat")] == ["Powiat płoński"]
    assert [i.name for i in find_institutions("raciaz")] == ["Raciąż"]
    assert [i.name for i in find_institutions("1420011")] == ["Płońsk"]
    assert find_institutions("") == [] and find_institutions("kraków") == []
    assert len(find_institutions("p", limit=3)) == 3


def test_institution_search_takes_one_query(app, mazowsze, institution_factory):
    for n in range(10):
        institution_factory(teryt=f"14209{n}2", name=f"Gmina Płońska {n}", kind=RURAL_GMINA,
                            parent=mazowsze["plonski"])
    with counted_queries() as few:
        [inst.parent.name for inst in find_institutions("raciaz")]
    with counted_queries() as many:
        [inst.parent.name for inst in find_institutions("plonsk")]
    assert len(few) == len(many) == 1


def test_find_shows_the_matches_and_keeps_what_was_typed(english, official, mazowsze):
    typed = join_form(mazowsze["plonsk"], institution=None, institution_q="plonsk",
                      find="1", position="sekretarz gminy", bio="Moje bio",
                      work_phone_visibility=Visibility.PUBLIC, consent=None)
    response = english.post("/network/join", data=typed)
    assert response.status_code == 200
    page = page_of(response)
    labels = [page.text(e) for e in page.elements
              if e["tag"] == "label" and e["attrs"].get("for", "").startswith("institution-")]
    assert any(label.startswith("Płońsk (urban municipality)") for label in labels)
    assert any(label.startswith("Powiat płoński") for label in labels)
    assert page.value_of("institution_q") == "plonsk"
    assert page.value_of("position") == "sekretarz gminy"
    assert "Moje bio" in page.content
    assert checked(page, "work_phone_visibility") == [Visibility.PUBLIC]
    assert page.by_id("consent-error") is None  # "Find" saves nothing and blames nothing
    assert "Please correct" not in page.content
    assert the_member() is None

    # One match is chosen at once; a chosen institution stays with a new search.
    page = page_of(english.post("/network/join", data={**typed, "institution_q": "raciaz"}))
    assert checked(page, "institution") == [str(mazowsze["raciaz"].id)]
    page = page_of(english.post("/network/join", data={
        **typed, "institution": str(mazowsze["raciaz"].id), "institution_q": "plock"}))
    assert checked(page, "institution") == [str(mazowsze["raciaz"].id)]
    assert "Płock (city with county rights)" in page.content

    page = page_of(english.post("/network/join", data={**typed, "institution_q": "xyz"}))
    assert "No institution matches" in page.text_by_id("institution_q-error")


def test_errors_are_shown_next_to_the_fields_with_the_data_kept(english, official, mazowsze):
    response = english.post("/network/join", data=join_form(
        mazowsze["plonsk"], position="", work_email="not-an-address", consent=None,
        work_phone="call me", bio="Zostaje", bio_visibility="world"))
    assert response.status_code == 200
    page = page_of(response)
    assert "Please correct the following" in page.content
    assert "position" in page.text_by_id("position-error").lower()
    assert page.text_by_id("work_email-error")
    assert page.text_by_id("work_phone-error")
    assert page.text_by_id("consent-error")
    assert page.text_by_id("bio_visibility-error")
    assert page.value_of("work_email") == "not-an-address"
    assert page.value_of("work_phone") == "call me"
    assert "Zostaje" in page.content
    assert checked(page, "institution") == [str(mazowsze["plonsk"].id)]
    assert the_member() is None

    response = english.post("/network/join", data=join_form(mazowsze["plonsk"],
                                                            institution=None))
    assert "Choose your institution" in page_of(response).text_by_id("institution-error")
    assert services.db.session.scalar(select(ConsentLog)) is None
