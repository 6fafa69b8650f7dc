"""vCard 3.0 of a member, read with ical.js (an independent parser, the one Thunderbird's
address book uses): escaping, folding, exactly the visible fields, Polish content."""

import pytest

from consult.institutions.models import (
    CITY_COUNTY,
    COUNTY,
    RURAL_GMINA,
    URBAN_GMINA,
    URBAN_RURAL_GMINA,
    VOIVODESHIP,
    Institution,
)
from consult.institutions.naming import official_name
from consult.network.directory import Entry
from consult.network.models import Visibility
from consult.network.vcard import build_vcard, escape, fold
from tests.clients.vcard import read_vcard, text_value

COORDINATOR_PL = "Koordynator(ka) ds. współpracy z organizacjami pozarządowymi"


def physical_lines(text: str) -> list[str]:
    """The lines as written: CRLF after each, none longer than 75 octets (RFC 2425)."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    assert not any("\n" in line or "\r" in line for line in lines), "a bare line break"
    assert all(len(line.encode()) <= 75 for line in lines), max(lines, key=len)
    return lines


def test_escaping_of_text_values():
    assert escape("a,b;c\\d\ne\r\nf") == "a\\,b;c\\\\d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "NOTE:" + "Zażółć gęślą jaźń, " * 20
    physical = fold(line).split("\r\n")
    assert len(physical) > 3
    assert all(len(part.encode()) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line
    for part in physical:
        part.encode().decode()  # each physical line is whole UTF-8
    assert fold("FN:short") == "FN:short"


def test_public_vcard_holds_only_public_fields(client, member_factory):
    member = member_factory(
        full_name="Maria Łęcka", position="Inspektorka; ds. NGO, i wolontariatu",
        department="Wydział Spraw Społecznych", work_email="m.lecka@plonsk.pl",
        work_phone="+48 23 662 13 00", topics=["budżet obywatelski", "inicjatywa, lokalna"],
        bio="Pierwsza linia,\nDruga linia; z backslashem \\ na końcu. " * 4,
        visibility={"full_name": Visibility.PUBLIC, "position": Visibility.PUBLIC,
                    "department": Visibility.MEMBERS,
                    "work_email": Visibility.PUBLIC, "work_phone": Visibility.STAFF_ONLY,
                    "topics": Visibility.PUBLIC,
                    "bio": Visibility.PUBLIC},
        is_coordinator=True)
    response = client.get(f"/network/{member.id}/vcard.vcf")
    assert response.status_code == 200
    assert response.mimetype == "text/vcard"
    assert response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".vcf" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    lines = physical_lines(text)
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]  # what every address book imports

    card = read_vcard(text)
    assert text_value(card, "version") == "3.0"
    assert text_value(card, "fn") == "Maria Łęcka"
    assert card["n"][0][1][:2] == ["Łęcka", "Maria"]
    # The employer by its name as a body, not the bare place name; department: members only.
    assert text_value(card, "org") == "Gmina Miasto Płońsk"
    assert text_value(card, "title") == "Inspektorka; ds. NGO, i wolontariatu"
    assert text_value(card, "role") == COORDINATOR_PL
    (params, [email]), = card["email"]
    assert email == "m.lecka@plonsk.pl" and "WORK" in params["type"]
    assert "tel" not in card  # staff only
    assert text_value(card, "note") == member.bio
    assert card["categories"][0][1] == ["budżet obywatelski", "inicjatywa, lokalna"]
    assert text_value(card, "url").endswith(f"/network/{member.id}")
    assert "kind" not in card  # vCard 4.0 only
    assert "662" not in text.replace("\r\n ", "")


def test_the_card_is_polish_for_a_visitor_reading_in_english(client, member_factory):
    """The file stays in an address book: its words are the data's language, Polish."""
    member = member_factory(full_name="Maria Łęcka", is_coordinator=True,
                            visibility={"full_name": Visibility.PUBLIC})
    client.set_cookie("lang", "en")
    assert "Network" in client.get("/network/").get_data(as_text=True)  # English pages
    card = read_vcard(client.get(f"/network/{member.id}/vcard.vcf").get_data(as_text=True))
    assert text_value(card, "role") == COORDINATOR_PL


def test_members_and_staff_get_more_fields(client, member_factory, login_as):
    member = member_factory(department="Wydział Spraw Społecznych",
                            work_phone="+48 23 662 13 00",
                            visibility={"department": Visibility.MEMBERS,
                                        "work_phone": Visibility.STAFF_ONLY})
    viewer = member_factory(user=login_as("user")).user  # an approved member signed in
    assert viewer is not None
    card = read_vcard(client.get(f"/network/{member.id}/vcard.vcf").get_data(as_text=True))
    assert card["org"][0][1] == ["Gmina Miasto Płońsk", "Wydział Spraw Społecznych"]
    assert "tel" not in card

    login_as("staff")
    card = read_vcard(client.get(f"/network/{member.id}/vcard.vcf").get_data(as_text=True))
    (params, [number]), = card["tel"]
    assert number == "+48 23 662 13 00"
    assert {"WORK", "VOICE"} <= set(params["type"])  # Outlook drops a TEL without a type


def test_hidden_name_gives_a_neutral_formatted_name(app, mazowsze):
    entry = Entry(id=7, institution=mazowsze["raciaz"], powiat=mazowsze["plonski"],
                  is_coordinator=False, fields={"position": "sekretarz"})
    text = build_vcard(entry, "https://example.org/network/7")
    physical_lines(text)
    card = read_vcard(text)
    assert text_value(card, "fn") == "Osoba w sieci, Raciąż"
    assert card["n"][0][1] == ["", "", "", "", ""]  # required in 3.0, empty: no name given
    assert text_value(card, "org") == "Gmina Raciąż"
    assert set(card) == {"version", "n", "fn", "org", "title", "url"}


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("Płońsk", URBAN_GMINA, "Gmina Miasto Płońsk"),
    ("Baboszewo", RURAL_GMINA, "Gmina Baboszewo"),
    ("Raciąż", URBAN_RURAL_GMINA, "Gmina Raciąż"),
    ("płoński", COUNTY, "Powiat płoński"),
    ("Powiat płoński", COUNTY, "Powiat płoński"),
    ("Płock", CITY_COUNTY, "Miasto Płock"),
    ("mazowieckie", VOIVODESHIP, "Województwo mazowieckie"),
])
def test_official_name_of_each_kind_of_unit(name, kind, expected):
    assert official_name(Institution(name=name, kind=kind)) == expected


def test_only_approved_members_have_a_vcard(client, member_factory):
    for status in ("pending", "email_pending", "rejected"):
        member = member_factory(status=status)
        assert client.get(f"/network/{member.id}/vcard.vcf").status_code == 404
        assert client.get(f"/network/{member.id}").status_code == 404
    assert client.get("/network/999999/vcard.vcf").status_code == 404
