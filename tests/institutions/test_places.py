"""Places in the event form: the county and the partners are the region's JST chosen by
name, in Polish alphabetical order; an event keeps its partners when edited; coverage counts
a city with powiat rights once."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from consult.core.text import polish_sort_key
from consult.events.models import Event
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.terc import BUNDLED_TERC, import_terc
from consult.network.coverage import coverage, region_totals, totals
from tests.html import page_of
from tests.network.conftest import member_factory  # noqa: F401 - the network's fixture

START = datetime(2030, 3, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def poland(app):
    """The JST of mazowieckie (the region) and wielkopolskie from the bundled TERC register,
    which have a powiat grodziski each."""
    lines = BUNDLED_TERC.read_text(encoding="utf-8").splitlines()
    import_terc("\n".join(line for line in lines if line.startswith(("WOJ;", "14;", "30;"))))
    db.session.commit()
    return {inst.teryt: inst for inst in db.session.scalars(select(Institution))}


def polish(client):
    client.post("/language", data={"language": "pl", "next": "/"})
    return client


def checked(page, name: str) -> list[str]:
    return [e["attrs"]["value"] for e in page.elements
            if e["tag"] == "input" and e["attrs"].get("name") == name
            and "checked" in e["attrs"]]


def sent_back(page, form_id: str) -> dict:
    """What a browser sends from the form unchanged: every named control, checkboxes and
    radios only when ticked (as lists, since several boxes share a name)."""
    values: dict = {}
    for element in page.elements:
        attrs, name = element["attrs"], element["attrs"].get("name")
        if not name or not any(p["attrs"].get("id") == form_id for p in element["parents"]):
            continue
        if element["tag"] == "input" and attrs.get("type") in ("checkbox", "radio"):
            if "checked" in attrs:
                values.setdefault(name, []).append(attrs.get("value", "y"))
        elif element["tag"] == "input" and attrs.get("type") != "submit":
            values[name] = attrs.get("value", "")
        elif element["tag"] == "textarea":
            values[name] = "".join(element["text"]).removeprefix("\n")
        elif element["tag"] == "select":
            values[name] = page.value_of(name) or ""
    return values


def test_polish_alphabetical_order():
    names = ["Żyrardów", "Zwoleń", "Łosice", "Lipsko", "Ostrołęka", "Ożarów", "Sokołów",
             "Śródmieście", "Szydłowiec", "żuromiński", "Ząbki", "ćma", "Czosnów", "Ęlk",
             "Esk", "Ąb", "Az"]
    assert sorted(names, key=polish_sort_key) == [
        "Az", "Ąb", "Czosnów", "ćma", "Esk", "Ęlk", "Lipsko", "Łosice", "Ostrołęka",
        "Ożarów", "Sokołów", "Szydłowiec", "Śródmieście", "Ząbki", "Zwoleń", "żuromiński",
        "Żyrardów"]
    assert sorted(["b", "a 2", "a 10", "a b", "A"], key=polish_sort_key)[:2] == ["A", "a 10"]


def test_the_county_list_is_the_regions_counties_by_name_in_polish_order(
        client, staff, poland):
    options = page_of(polish(client).get("/manage/events/new")).options_of("powiat_id")
    labels = list(options.values())
    assert labels[0] == "— nie podano —"
    assert len(labels) == 1 + 42  # mazowieckie: 37 powiats and 5 cities, not 380
    assert labels[1:4] == ["powiat białobrzeski", "powiat ciechanowski", "powiat garwoliński"]
    # ł after l, ż after z; a city with powiat rights named as such
    assert labels.index("powiat lipski") < labels.index("powiat łosicki") < labels.index(
        "powiat ostrołęcki") < labels.index("Ostrołęka (miasto na prawach powiatu)")
    assert labels[-2:] == ["powiat żuromiński", "powiat żyrardowski"]
    assert "powiat grodziski" in labels  # the only one of that name in the region
    assert not any(label[:1].isdigit() for label in labels)  # no TERYT codes


def test_a_county_from_elsewhere_is_kept_and_named_with_its_voivodeship(
        client, staff, poland, event_factory):
    event = event_factory(starts_at=START, powiat=poland["3005"])  # grodziski, wielkopolskie
    page = page_of(polish(client).get(f"/manage/events/{event.id}/edit"))
    options = page.options_of("powiat_id")
    assert options[str(poland["1405"].id)] == "powiat grodziski (mazowieckie)"
    assert options[str(poland["3005"].id)] == "powiat grodziski (wielkopolskie)"
    assert page.value_of("powiat_id") == str(poland["3005"].id)


def test_partners_are_chosen_by_name_grouped_by_county(client, staff, poland):
    page = page_of(polish(client).get("/manage/events/new"))
    groups = [page.text(e) for e in page.elements if e["tag"] == "summary"
              and e["attrs"].get("id", "").startswith("partners-group-")]
    assert groups[:2] == ["powiat białobrzeski", "powiat ciechanowski"]
    assert "Płock (miasto na prawach powiatu)" in groups
    labels = {e["attrs"]["for"]: page.text(e) for e in page.elements
              if e["tag"] == "label" and e["attrs"].get("for", "").startswith("partners-")}
    boxes = {e["attrs"]["value"]: labels[e["attrs"]["id"]] for e in page.elements
             if e["tag"] == "input" and e["attrs"].get("name") == "partners"}
    assert boxes[str(poland["1420011"].id)] == "Płońsk (gmina miejska)"
    assert boxes[str(poland["1420"].id)] == "powiat płoński"
    # a city with powiat rights once, as the city; nothing outside the region
    assert boxes[str(poland["1462"].id)] == "Płock (miasto na prawach powiatu)"
    assert str(poland["1462011"].id) not in boxes and str(poland["3005"].id) not in boxes
    assert len(boxes) == 42 + 314 - 5

    response = client.post("/manage/events/new", data={
        "type": "workshop", "title": "Warsztat w Płońsku", "starts_at": "2030-01-15T10:00",
        "ends_at": "2030-01-15T16:00", "format": "onsite", "venue_name": "Urząd",
        "venue_address": "ul. Płocka 39", "powiat_id": str(poland["1420"].id),
        "funding_project_id": "0", "capacity": "20",
        "partners": [str(poland["1420011"].id), str(poland["1462"].id)]})
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert {p.teryt for p in event.partners} == {"1420011", "1462"}
    assert event.powiat.teryt == "1420"


def test_an_event_keeps_its_partners_when_edited(client, staff, poland, event_factory):
    partners = [poland["1420011"], poland["1462011"], poland["3005"]]  # the last two not offered
    event = event_factory(starts_at=START, partners=partners, powiat=poland["1420"])
    page = page_of(polish(client).get(f"/manage/events/{event.id}/edit"))
    assert sorted(checked(page, "partners")) == sorted(str(p.id) for p in partners)
    assert "Wybrane wcześniej, spoza regionu" in page.content
    assert "grodziski (powiat), wielkopolskie (województwo), TERYT 3005" in page.content

    response = client.post(f"/manage/events/{event.id}/edit",
                           data={**sent_back(page, "event-form"), "title": "Nowy tytuł"})
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.title == "Nowy tytuł"
    assert {p.teryt for p in event.partners} == {"1420011", "1462011", "3005"}


def test_coverage_counts_a_city_with_powiat_rights_once(poland, member_factory):  # noqa: F811
    member_factory(institution=poland["1462011"], is_coordinator=True)  # Płock, gmina code
    member_factory(institution=poland["1465"])  # Warszawa, powiat code
    rows = {row.powiat.teryt: row for row in coverage()}
    assert len(rows) == 42
    plock, warszawa = rows["1462"], rows["1465"]
    assert [unit.teryt for unit in plock.jsts] == ["1462"]
    assert (plock.jst_count, plock.members_count, plock.coordinators_count) == (1, 1, 1)
    assert (warszawa.jst_count, warszawa.members_count, warszawa.percent) == (1, 1, 100)
    assert totals(list(rows.values())).jst_count == 42 + 314 - 5  # not 361
    assert region_totals() == totals(coverage())
    names = [row.powiat.name for row in coverage()]
    assert names.index("lipski") < names.index("łosicki") < names.index("makowski")
