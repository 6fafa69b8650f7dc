"""Searching the directory for the coordinator role finds the coordinators, in the
viewer's language, and anyone whose own text names the role; nobody else."""

import pytest

from consult.network.models import Visibility
from tests.network.test_directory import listed_ids


@pytest.fixture
def people(member_factory, mazowsze):
    return {
        "coordinator": member_factory(institution=mazowsze["plonsk"], full_name="Anna Nowak",
                                      is_coordinator=True, position="inspektorka"),
        "another": member_factory(institution=mazowsze["plock"], full_name="Jan Wiśniewski",
                                  is_coordinator=True, position="naczelnik wydziału"),
        "says_it": member_factory(institution=mazowsze["raciaz"], full_name="Ewa Lis",
                                  position="zastępczyni koordynatora projektów"),
        "hidden_text": member_factory(institution=mazowsze["baboszewo"], full_name="Olga Ryś",
                                      bio="Byłam koordynatorką wolontariatu.",
                                      visibility={"bio": Visibility.MEMBERS}),
        "nobody": member_factory(institution=mazowsze["plonski"], full_name="Piotr Zając",
                                 position="sekretarz powiatu"),
    }


def ids_of(people, *names) -> list[int]:
    return sorted(people[name].id for name in names)


@pytest.mark.parametrize("query", ["koordynator", "Koordynatorka", "koordynatorki",
                                   "KOORD", "pełnomocnik"])
def test_polish_words_for_the_role_find_the_coordinators(client, people, query):
    client.post("/language", data={"language": "pl", "next": "/"})
    found = sorted(listed_ids(client.get("/network/", query_string={"q": query})))
    expected = ["coordinator", "another"]
    if "koordynatora".startswith(query.lower()):  # "zastępczyni koordynatora projektów"
        expected.append("says_it")
    assert found == ids_of(people, *expected)


def test_in_english_the_english_word_finds_them(client, people):
    client.post("/language", data={"language": "en", "next": "/"})
    assert sorted(listed_ids(client.get("/network/?q=coordinator"))) == ids_of(
        people, "coordinator", "another")
    assert sorted(listed_ids(client.get("/network/?q=coordinators"))) == ids_of(
        people, "coordinator", "another")
    # the English viewer's search is in English: the Polish word finds only the text
    assert listed_ids(client.get("/network/?q=koordynator")) == [people["says_it"].id]


def test_the_role_combines_with_other_words(client, people):
    client.post("/language", data={"language": "pl", "next": "/"})
    assert listed_ids(client.get("/network/?q=koordynator+plonsk")) == [people["coordinator"].id]
    assert listed_ids(client.get("/network/?q=koordynatorka+wydzialu")) == [
        people["another"].id]
    assert listed_ids(client.get("/network/?q=koordynator+zajac")) == []


def test_a_hidden_field_that_says_it_is_not_searched(client, people, login_as):
    """The bio that names the role is shown to members only: the public does not find
    it, staff do."""
    client.post("/language", data={"language": "pl", "next": "/"})
    assert people["hidden_text"].id not in listed_ids(client.get("/network/?q=koordynatorka"))
    login_as("staff")
    assert people["hidden_text"].id in listed_ids(client.get("/network/?q=koordynatorka"))


def test_staff_member_list_finds_coordinators_too(client, people, login_as):
    login_as("staff")
    client.post("/language", data={"language": "pl", "next": "/"})
    page = client.get("/manage/network/members?q=koordynatorka").get_data(as_text=True)
    assert "Anna Nowak" in page and "Jan Wiśniewski" in page
    assert "Piotr Zając" not in page
