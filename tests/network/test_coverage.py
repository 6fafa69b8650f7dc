"""Coverage of the region: per powiat-level unit, JSTs reached by approved members and
JSTs whose designated coordinator is in the network."""

from consult.institutions.models import COUNTY, URBAN_GMINA
from consult.network.coverage import coverage, powiats, region_totals, totals
from tests.conftest import counted_queries
from tests.html import page_of


def test_counts_per_powiat(app, member_factory, mazowsze, institution_factory):
    member_factory(institution=mazowsze["plonsk"])
    member_factory(institution=mazowsze["plonsk"], is_coordinator=True)
    member_factory(institution=mazowsze["plonski"])
    member_factory(institution=mazowsze["raciaz"], status="pending", is_coordinator=True)
    member_factory(institution=mazowsze["baboszewo"], status="rejected")
    member_factory(institution=mazowsze["plock_gmina"], is_coordinator=True)
    other_region = institution_factory(teryt="1001", name="Powiat bełchatowski", kind=COUNTY)
    institution_factory(teryt="1001011", name="Bełchatów", kind=URBAN_GMINA,
                        parent=other_region)
    member_factory(institution=other_region)

    rows = {row.powiat.teryt: row for row in coverage()}
    assert list(rows) == ["1462", "1420"]  # by name: Płock, Powiat płoński
    plonski, plock = rows["1420"], rows["1462"]
    # the powiat, then its gminas by name: Baboszewo, Płońsk, Raciąż
    assert [i.teryt for i in plonski.jsts] == ["1420", "1420022", "1420011", "1420043"]
    assert (plonski.jst_count, plonski.members_count, plonski.coordinators_count) == (4, 2, 1)
    assert plonski.percent == 50
    assert [i.name for i in plonski.without_members] == ["Baboszewo", "Raciąż"]
    # a city county is one JST, reached through its gmina-level code too
    assert (plock.jst_count, plock.members_count, plock.coordinators_count) == (1, 1, 1)
    assert plock.without_members == []

    assert vars(totals(coverage())) == {"jst_count": 5, "members_count": 3,
                                        "coordinators_count": 2}
    assert totals(coverage()).percent == 60
    assert [row.powiat.teryt for row in coverage("10")] == ["1001"]

    # What the directory shows on every page, counted by the database, is the same.
    orphan = institution_factory(teryt="1499011", name="Gmina bez powiatu", kind=URBAN_GMINA)
    member_factory(institution=orphan, is_coordinator=True)  # its powiat is not loaded
    assert region_totals() == totals(coverage())
    assert region_totals("10") == totals(coverage("10"))
    assert powiats() == [row.powiat for row in coverage()]


def test_constant_number_of_queries(app, member_factory, mazowsze, institution_factory):
    with counted_queries() as few:
        coverage()
    for n in range(30):
        gmina = institution_factory(teryt=f"1420{n + 50:02d}2",
                                    name=f"Gmina {n}", kind="gmina_wiejska",
                                    parent=mazowsze["plonski"])
        member_factory(institution=gmina, is_coordinator=n % 2 == 0, user=None)
    with counted_queries() as many:
        rows = coverage()
    assert len(few) == len(many) == 2
    assert sum(row.jst_count for row in rows) == 35  # Płock once


def test_public_page_is_an_accessible_table(client, member_factory, mazowsze):
    client.post("/language", data={"language": "en", "next": "/"})
    member_factory(institution=mazowsze["plonsk"], is_coordinator=True)
    response = client.get("/network/coverage")
    assert response.status_code == 200
    page = page_of(response)
    table = page.by_id("coverage-table")
    assert table is not None
    inside = [e for e in page.elements if table in e["parents"]]
    assert any(e["tag"] == "caption" and page.text(e) for e in inside)
    headers = [e for e in inside if e["tag"] == "th"]
    assert headers and all(e["attrs"].get("scope") in ("col", "row") for e in headers)
    row_heads = [page.text(e) for e in headers if e["attrs"]["scope"] == "row"]
    assert row_heads[:2] == ["Płock (city with county rights)", "Powiat płoński (county)"]
    assert page.table_rows()[1][:4] == ["4", "1", "1", "25%"]
    assert "Members in 1 of 5 local governments" in page.text_by_id("coverage-summary")
    assert "<script" not in response.get_data(as_text=True).split("<main")[-1]
