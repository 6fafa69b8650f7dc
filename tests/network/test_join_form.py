"""The shorter join form: what the account already says is filled in, nothing is public
until the person chooses it, who sees each field is one table, and only the fields that
must be filled in say "required"."""

import pytest

from consult.network import services
from consult.network.models import FIELDS, Visibility
from tests.html import page_of
from tests.network.test_join import checked, join_form, the_member


@pytest.fixture
def official(login_as):
    user = login_as(email="anna.kowalska@plonsk.pl", full_name="Anna Kowalska")
    user.phone = "+48 23 662 11 11"
    services.db.session.commit()
    return user


def required_marks(page) -> list[str]:
    """The text just before each "(required)" mark: the label it belongs to."""
    found = []
    for i, element in enumerate(page.elements):
        if "required" in element["attrs"].get("class", "").split():
            label = next(e for e in reversed(page.elements[:i]) if e["tag"] in ("label", "legend"))
            found.append(page.text(label).removesuffix(page.text(element)).strip())
    return sorted(found)


def test_the_form_starts_from_the_account_and_shows_nothing_publicly(client, official):
    client.post("/language", data={"language": "en", "next": "/"})
    page = page_of(client.get("/network/join"))
    assert page.value_of("full_name") == "Anna Kowalska"
    assert page.value_of("work_email") == "anna.kowalska@plonsk.pl"
    assert page.value_of("work_phone") == "+48 23 662 11 11"
    for name in FIELDS:
        assert checked(page, f"{name}_visibility") == [Visibility.MEMBERS], name


def test_who_sees_what_is_one_table_with_a_name_for_every_radio(client, official):
    client.post("/language", data={"language": "en", "next": "/"})
    page = page_of(client.get("/network/join"))
    table = next(e for e in page.elements if e["tag"] == "table"
                 and "visibility-table" in e["attrs"].get("class", ""))
    inside = [e for e in page.elements if table in e["parents"]]
    columns = [page.text(e) for e in inside if e["tag"] == "th"
               and e["attrs"].get("scope") == "col"]
    assert columns == ["Field", "everyone", "network members only",
                       "the federation's staff only"]
    rows = [page.text(e) for e in inside if e["tag"] == "th" and e["attrs"].get("scope") == "row"]
    assert rows == ["Full name", "Position", "Department", "Work e-mail", "Work phone",
                    "Topics", "About me"]
    labels = {e["attrs"]["for"]: page.text(e) for e in inside if e["tag"] == "label"}
    radios = [e for e in inside if e["tag"] == "input"]
    assert len(radios) == 21 and all(e["attrs"]["type"] == "radio" for e in radios)
    assert labels[next(e["attrs"]["id"] for e in radios
                       if e["attrs"]["name"] == "work_phone_visibility"
                       and e["attrs"]["value"] == Visibility.PUBLIC)] == "Work phone: everyone"
    assert all(labels.get(e["attrs"]["id"]) for e in radios)
    # the 21 radios are no longer 7 stacked groups of their own
    assert not any(e["tag"] == "legend" and "Who may see" in page.text(e)
                   for e in page.elements)


def test_only_fields_that_must_be_filled_in_say_required(client, official):
    client.post("/language", data={"language": "pl", "next": "/"})
    page = page_of(client.get("/network/join"))
    marks = required_marks(page)
    assert "Imię i nazwisko" in marks and "Stanowisko" in marks
    assert not any(mark.startswith(("Kto może", "Dział", "O mnie", "Telefon"))
                   for mark in marks)
    assert "(wymagane)" not in " ".join(
        page.text(e) for e in page.elements if e["tag"] == "table")


def test_the_event_form_does_not_call_its_optional_places_required(client, staff):
    page = page_of(client.get("/manage/events/new"))
    marks = required_marks(page)
    assert "Title" in marks and "Format" in marks
    assert not any(mark.startswith(("County", "Partner institutions", "Other partners"))
                   for mark in marks)


def test_joining_without_touching_the_table_keeps_the_entry_to_members(
        client, official, mazowsze):
    client.post("/language", data={"language": "en", "next": "/"})
    data = {key: value for key, value in join_form(mazowsze["plonsk"]).items()
            if not key.endswith("_visibility")}
    response = client.post("/network/join", data=data)
    assert response.status_code == 200
    member = the_member()
    assert {name: member.visibility(name) for name in FIELDS} == dict.fromkeys(FIELDS,
                                                                               Visibility.MEMBERS)
    assert member.consents[0].choices["full_name"] == Visibility.MEMBERS


def test_the_polish_form_asks_for_imie_i_nazwisko(client, official):
    client.post("/language", data={"language": "pl", "next": "/"})
    page = page_of(client.get("/network/join"))
    rows = [page.text(e) for e in page.elements if e["tag"] == "th"
            and e["attrs"].get("scope") == "row"]
    assert rows[0] == "Imię i nazwisko"
    assert "Nazwa" not in rows
