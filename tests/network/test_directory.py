"""The public directory: search without regard to case and Polish letters, filters,
pagination, profiles, network meetings, and what each audience sees."""

from datetime import timedelta

import pytest

from consult.events.models import EventStatus
from consult.network import directory
from consult.network.models import Visibility
from tests.html import page_of


@pytest.fixture
def english(client):
    client.post("/language", data={"language": "en", "next": "/"})
    return client


def listed_ids(response) -> list[int]:
    page = page_of(response)
    return [int(e["attrs"]["id"].removeprefix("member-")) for e in page.elements
            if e["tag"] == "h3" and e["attrs"].get("id", "").startswith("member-")]


def test_search_ignores_case_and_polish_letters(client, member_factory, mazowsze):
    lecka = member_factory(institution=mazowsze["plonsk"], full_name="Maria Łęcka")
    other = member_factory(institution=mazowsze["raciaz"], full_name="Jan Nowak",
                           position="Sekretarz gminy")
    assert listed_ids(client.get("/network/?q=plonsk")) == [lecka.id]
    assert listed_ids(client.get("/network/?q=lecka")) == [lecka.id]
    assert listed_ids(client.get("/network/?q=ŁĘCKA")) == [lecka.id]
    assert listed_ids(client.get("/network/?q=maria+plonsk")) == [lecka.id]
    assert listed_ids(client.get("/network/?q=sekretarz")) == [other.id]
    assert listed_ids(client.get("/network/?q=raciaz")) == [other.id]
    assert listed_ids(client.get("/network/?q=kowalski")) == []
    assert sorted(listed_ids(client.get("/network/"))) == sorted([lecka.id, other.id])


def test_search_by_topic_and_the_topic_filter(client, member_factory):
    budget = member_factory(full_name="Ewa Budżetowa", topics=["budżet obywatelski"])
    hidden = member_factory(full_name="Ola Ukryta", topics=["budżet obywatelski"],
                            visibility={"topics": Visibility.MEMBERS})
    member_factory(full_name="Piotr Inny", topics=["wolontariat"])
    assert listed_ids(client.get("/network/?q=budzet+obywatelski")) == [budget.id]
    topic_id = budget.topics[0].id
    assert listed_ids(client.get(f"/network/?topic={topic_id}")) == [budget.id]
    assert hidden.id not in listed_ids(client.get(f"/network/?topic={topic_id}"))


def test_filters_by_powiat_and_kind(client, member_factory, mazowsze):
    in_plonsk = member_factory(institution=mazowsze["plonsk"])
    in_powiat = member_factory(institution=mazowsze["plonski"])
    in_raciaz = member_factory(institution=mazowsze["raciaz"])
    in_plock = member_factory(institution=mazowsze["plock"])
    in_plock_gmina = member_factory(institution=mazowsze["plock_gmina"])

    def ids(query):
        return sorted(listed_ids(client.get(f"/network/?{query}")))

    assert ids("powiat=1420") == sorted([in_plonsk.id, in_powiat.id, in_raciaz.id])
    assert ids("powiat=1462") == sorted([in_plock.id, in_plock_gmina.id])
    assert ids("powiat=1420&kind=gmina_miejsko_wiejska") == [in_raciaz.id]
    assert ids("kind=powiat") == [in_powiat.id]
    assert len(ids("powiat=9999&kind=nonsense&topic=abc")) == 5  # unknown values: ignored

    page = page_of(client.get("/network/?powiat=1420"))
    assert page.options_of("powiat").keys() == {"", "1420", "1462"}
    assert page.value_of("powiat") == "1420"


def test_pagination_keeps_the_filters(client, member_factory, mazowsze):
    members = [member_factory(institution=mazowsze["plonsk"], full_name=f"Osoba {n:02d}",
                              user=None)
               for n in range(directory.PER_PAGE + 3)]
    member_factory(institution=mazowsze["plock"])
    first = client.get("/network/?powiat=1420")
    assert len(listed_ids(first)) == directory.PER_PAGE
    link = next(e["attrs"]["href"] for e in page_of(first).elements
                if e["attrs"].get("rel") == "next")
    assert "powiat=1420" in link and "page=2" in link
    second = listed_ids(client.get(link))
    assert len(second) == 3
    assert {m.id for m in members} == set(listed_ids(first)) | set(second)


def test_page_without_javascript_links_and_meetings(english, member_factory, event_factory,
                                                    mazowsze):
    member_factory(institution=mazowsze["plonsk"], is_coordinator=True)
    meeting = event_factory("Spotkanie sieci urzędników", type="network_meeting")
    event_factory("Szkolenie", type="training")
    event_factory("Szkic spotkania", type="network_meeting", status=EventStatus.DRAFT)
    event_factory("Dawne spotkanie", type="network_meeting", starts_in=timedelta(days=-30))
    response = english.get("/network/")
    assert response.status_code == 200
    page = page_of(response)
    form = next(e for e in page.elements if e["tag"] == "form" and e["attrs"].get("role"))
    assert form["attrs"]["method"] == "get"
    links = {e["attrs"].get("href") for e in page.elements if e["tag"] == "a"}
    assert "/network/join" in links and "/network/coverage" in links
    assert f"/events/{meeting.slug}/" in links or any(
        meeting.slug in (link or "") for link in links)
    assert "Szkolenie" not in page.content and "Szkic spotkania" not in page.content
    assert "Dawne spotkanie" not in page.content
    summary = page.text_by_id("network-coverage-summary")
    assert "Members in 1 of 5 local governments of the region (20%)" in summary
    assert "coordinator is in the network: 1." in summary


def test_a_member_sees_the_link_to_their_entry(client, member_factory, login_as):
    member_factory(user=login_as("user"))
    links = {e["attrs"].get("href") for e in page_of(client.get("/network/")).elements}
    assert "/network/me" in links and "/network/join" not in links


@pytest.mark.parametrize("viewer", ["anonymous", "member", "staff"])
def test_each_audience_sees_its_fields(client, member_factory, login_as, viewer):
    shown = member_factory(
        full_name="Maria Łęcka", position="Kierowniczka", department="Wydział MEMBERSONLY",
        work_phone="+48 600 111 222", bio="STAFFONLYBIO",
        visibility={"full_name": Visibility.PUBLIC, "position": Visibility.PUBLIC,
                    "department": Visibility.MEMBERS,
                    "work_phone": Visibility.MEMBERS, "bio": Visibility.STAFF_ONLY})
    if viewer == "member":
        member_factory(user=login_as("user"))
    elif viewer == "staff":
        login_as("staff")
    for path in ("/network/", f"/network/{shown.id}"):
        content = page_of(client.get(path)).content
        assert "Maria Łęcka" in content and "Kierowniczka" in content
        assert ("MEMBERSONLY" in content) == (viewer != "anonymous")
        assert ("600 111 222" in content) == (viewer != "anonymous")
        assert ("STAFFONLYBIO" in content) == (viewer == "staff")


def test_profile_shows_a_neutral_label_when_the_name_is_hidden(english, member_factory,
                                                               mazowsze):
    member = member_factory(institution=mazowsze["raciaz"], full_name="Tajna Osoba",
                            visibility={"full_name": Visibility.MEMBERS})
    response = english.get(f"/network/{member.id}")
    assert response.status_code == 200
    page = page_of(response)
    heading = next(e for e in page.elements if e["tag"] == "h1")
    assert page.text(heading) == "Network member, Raciąż"
    assert "Tajna" not in response.get_data(as_text=True)
    assert f"/network/{member.id}/vcard.vcf" in {e["attrs"].get("href") for e in page.elements}


def test_profile_of_a_waiting_or_rejected_member_is_not_found(client, member_factory, staff):
    for status in ("pending", "email_pending", "rejected"):
        member = member_factory(status=status)
        assert client.get(f"/network/{member.id}").status_code == 404
        assert member.id not in listed_ids(client.get("/network/"))


def test_a_visible_phone_is_found_also_typed_without_spaces(client, member_factory):
    member = member_factory(work_phone="+48 600 000 111", visibility={"work_phone": "public"},
                            user=None)
    assert f"/network/{member.id}" in client.get("/network/?q=600000111").get_data(as_text=True)
