"""vCard 4.0 of a member: RFC 6350 escaping and folding, exactly the visible fields."""

from consult.network.directory import Entry, neutral_label
from consult.network.models import MEMBERS, PUBLIC, STAFF_ONLY
from consult.network.vcard import build_vcard, escape, fold
from tests.network.conftest import parse_vcard, split_unescaped, unfold_vcard, vcard_text


def test_escaping_of_text_values():
    assert escape("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert split_unescaped(escape("a,b;c\\d\ne"), "\0") == ["a,b;c\\d\ne"]


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "NOTE:" + "Zażółć gęślą jaźń, " * 20
    folded = fold(line)
    physical = folded.split("\r\n")
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
        work_phone="+48 23 662 13 00", topics=["budżet obywatelski", "inicjatywa lokalna"],
        bio="Pierwsza linia,\nDruga linia; z backslashem \\ na końcu. " * 4,
        visibility={"full_name": PUBLIC, "position": PUBLIC, "department": MEMBERS,
                    "work_email": PUBLIC, "work_phone": STAFF_ONLY, "topics": PUBLIC,
                    "bio": PUBLIC},
        is_coordinator=True)
    response = client.get(f"/network/{member.id}/vcard.vcf")
    assert response.status_code == 200
    assert response.mimetype == "text/vcard"
    assert response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".vcf" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    card = parse_vcard(text)
    assert card["VERSION"][0][1] == "4.0"
    assert vcard_text(card, "FN") == "Maria Łęcka"
    assert split_unescaped(card["N"][0][1], ";")[:2] == ["Łęcka", "Maria"]
    assert split_unescaped(card["ORG"][0][1], ";") == ["Płońsk"]  # department: members only
    assert vcard_text(card, "TITLE") == "Inspektorka; ds. NGO, i wolontariatu"
    assert vcard_text(card, "EMAIL") == "m.lecka@plonsk.pl"
    assert "TEL" not in card  # staff only
    assert vcard_text(card, "NOTE") == member.bio
    assert split_unescaped(card["CATEGORIES"][0][1], ",") == ["budżet obywatelski",
                                                              "inicjatywa lokalna"]
    assert "ROLE" in card
    assert vcard_text(card, "URL").endswith(f"/network/{member.id}")
    assert "662" not in "".join(unfold_vcard(text))


def test_members_and_staff_get_more_fields(client, member_factory, login_as):
    member = member_factory(department="Wydział Spraw Społecznych",
                            work_phone="+48 23 662 13 00",
                            visibility={"department": MEMBERS, "work_phone": STAFF_ONLY})
    viewer = member_factory(user=login_as("user")).user  # an approved member signed in
    assert viewer is not None
    card = parse_vcard(client.get(f"/network/{member.id}/vcard.vcf").get_data(as_text=True))
    assert split_unescaped(card["ORG"][0][1], ";") == ["Płońsk", "Wydział Spraw Społecznych"]
    assert "TEL" not in card

    login_as("staff")
    card = parse_vcard(client.get(f"/network/{member.id}/vcard.vcf").get_data(as_text=True))
    params, value = card["TEL"][0]
    assert value == "tel:+48236621300" and params["VALUE"] == "uri"


def test_hidden_name_gives_a_neutral_formatted_name(app, mazowsze):
    entry = Entry(id=7, institution=mazowsze["raciaz"], powiat=mazowsze["plonski"],
                  is_coordinator=False, fields={"position": "sekretarz"})
    card = parse_vcard(build_vcard(entry, "https://example.org/network/7"))
    assert vcard_text(card, "FN") == neutral_label(mazowsze["raciaz"])
    assert "Raciąż" in vcard_text(card, "FN")
    assert "N" not in card
    assert set(card) == {"VERSION", "KIND", "FN", "ORG", "TITLE", "URL"}


def test_only_approved_members_have_a_vcard(client, member_factory):
    for status in ("pending", "email_pending", "rejected"):
        member = member_factory(status=status)
        assert client.get(f"/network/{member.id}/vcard.vcf").status_code == 404
        assert client.get(f"/network/{member.id}").status_code == 404
    assert client.get("/network/999999/vcard.vcf").status_code == 404
