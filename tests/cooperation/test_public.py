"""The monitor's public pages: the region for a year (filters, order, timeliness, summary,
the grid, exports) and one JST over the years."""

import csv
import io
import re
from datetime import date

from openpyxl import load_workbook

from consult.cooperation.models import Step
from consult.extensions import db
from consult.institutions.models import RURAL_GMINA
from consult.network.models import Visibility
from tests.conftest import counted_queries, forget_kept_values


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def table_rows(html: str) -> list[str]:
    """The region table's rows, as text, in order."""
    body = html.split('id="cycle-table"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def names(html: str) -> list[str]:
    return [row.split(" ")[0] for row in table_rows(html)]


def row_of(html: str, name: str) -> str:
    return next(row for row in table_rows(html) if row.startswith(name + " "))


def english(client) -> None:
    client.post("/language", data={"language": "en", "next": "/"})


def test_the_region_lists_every_jst_once_with_its_timeliness(client, cycle):
    english(client)
    html = page(client, "/cooperation/")
    shown = names(html)
    # The city with powiat rights once (its TERC gmina is left out); nothing from
    # another województwo.
    assert sorted(shown) == sorted(["mazowieckie", "płoński", "Płońsk", "Raciąż",
                                    "Baboszewo", "Płock"])
    assert "poznański" not in html
    plonsk = row_of(html, "Płońsk")
    assert "on this platform" in plonsk and "on time" in plonsk
    assert f"resolution XII/85/{cycle['year'] - 1}" in plonsk
    assert "not due yet" in plonsk  # the report is due next May
    raciaz = row_of(html, "Raciąż")
    assert "elsewhere" in raciaz and "late" in raciaz
    assert "missing" in row_of(html, "Baboszewo")
    # The newest record is the value: the correction, not the first entry.
    plonski = row_of(html, "płoński")
    assert f"XX/200/{cycle['year'] - 1}" in plonski and "BŁĄD/1" not in plonski
    assert "on time" in plonski  # adopted on 30 November: the last day
    # Withdrawn: as if nothing were recorded.
    plock = row_of(html, "Płock")
    assert "missing" in plock and "L/1" not in plock
    # The consultation is linked, the source too.
    assert f'href="/consultations/{cycle["consultation"].slug}/"' in html
    assert 'href="https://bip.example.gov.pl/1420011/adopted/' in html
    # Symbol and word, never colour alone.
    assert re.search(r'aria-hidden="true">✓</span> on time', html)
    assert re.search(r'aria-hidden="true">✗</span> missing', html)


def test_summary_counts(client, cycle):
    english(client)
    html = page(client, "/cooperation/")
    summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('id="cycle-summary"')[1]
                                          .split("</dl>")[0]))
    adopted = summary.split("Programme adopted")[1].split("Report published")[0]
    assert "on time : 3" in adopted  # Płońsk, powiat płoński, the województwo
    assert "late : 1" in adopted  # Raciąż
    assert "missing : 2" in adopted  # Baboszewo, Płock (withdrawn)
    report = summary.split("Report published")[1].split("Draft consulted")[0]
    assert "not due yet : 6" in report
    consulted = summary.split("Draft consulted")[1]
    assert "yes: 2" in consulted and "no: 4" in consulted


def test_last_year(client, cycle):
    english(client)
    html = page(client, f"/cooperation/?year={cycle['last']}")
    assert f"Programmes of cooperation in {cycle['last']}" in html
    assert row_of(html, "Płońsk").count("on time") == 2  # adopted and reported
    assert "late" in row_of(html, "Raciąż")  # reported on 15 June
    assert "on this platform" not in row_of(html, "Płońsk")  # consulted here for this year
    # The year select offers the recorded years, this one and the next.
    for year in (cycle["last"], cycle["year"], cycle["year"] + 1):
        assert f'<option value="{year}"' in html


def test_filters_by_powiat_and_kind(client, cycle):
    html = page(client, "/cooperation/?powiat=1420")
    assert sorted(names(html)) == sorted(["płoński", "Płońsk", "Raciąż", "Baboszewo"])
    assert '<option value="1420" selected>' in html
    html = page(client, f"/cooperation/?kind={RURAL_GMINA}")
    assert names(html) == ["Baboszewo"]
    html = page(client, "/cooperation/?powiat=1462&kind=miasto_na_prawach_powiatu")
    assert names(html) == ["Płock"]
    # Unknown values are ignored.
    html = page(client, "/cooperation/?powiat=3021&kind=x&year=abc&sort=evil")
    assert len(names(html)) == 6
    assert cycle  # the records exist


def test_sort_links_and_order(client, cycle):
    english(client)
    html = page(client, "/cooperation/")
    assert names(html) == ["Baboszewo", "mazowieckie", "Płock", "Płońsk", "płoński",
                           "Raciąż"]
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*sort=-name', html)
    assert html.count("aria-sort=") == 1
    html = page(client, "/cooperation/?sort=-name")
    assert names(html)[0] == "Raciąż"
    assert 'aria-sort="descending"' in html
    html = page(client, "/cooperation/?sort=adopted")
    # By the adoption date; no date last.
    assert names(html) == ["mazowieckie", "Płońsk", "płoński", "Raciąż", "Baboszewo", "Płock"]
    assert names(page(client, "/cooperation/?sort=-adopted"))[:4] == [
        "Raciąż", "płoński", "Płońsk", "mazowieckie"]
    html = page(client, "/cooperation/?sort=timeliness")
    assert names(html)[:3] == ["Baboszewo", "Płock", "Raciąż"]  # missing, then late
    assert 'aria-sort="ascending"' in html
    # Filters stay in the sort links, and the sort in the filter form.
    html = page(client, "/cooperation/?powiat=1420&sort=report")
    assert "powiat=1420&amp;sort=-report#cycle-table" in html
    assert '<input type="hidden" name="sort" value="report">' in html
    assert cycle


def test_grid_by_powiat(client, cycle):
    english(client)
    html = page(client, "/cooperation/")
    grid = html.split('id="grid-heading"')[1].split('id="cycle-table"')[0]
    assert 'href="#cycle-table"' in grid  # the text alternative
    assert re.search(r"Legend.*on time.*late.*missing.*not due yet", grid, flags=re.S)
    blocks = re.findall(r'<h3 class="grid-block-heading">(.*?)</h3>', grid)
    assert blocks == ["mazowieckie", "Płock (city with county rights)", "płoński county"]
    plonski_block = grid.split("płoński county")[1]
    cells = re.findall(r'class="grid-cell timeliness-(\w+)"', plonski_block)
    assert cells == ["on_time", "missing", "on_time", "late"]  # powiat, then gminas by name
    assert "Baboszewo (rural municipality): missing" in plonski_block
    assert cycle


def test_the_jst_page(client, cycle, member_factory):
    english(client)
    plonsk = cycle["jst"]["plonsk"]
    member_factory(institution=plonsk, full_name="Jan Jawny", work_phone="+48 600 111 222",
                   visibility={"full_name": Visibility.PUBLIC,
                               "work_phone": Visibility.STAFF_ONLY})
    member_factory(institution=plonsk, full_name="Ukryta Osoba",
                   visibility={"full_name": Visibility.MEMBERS})
    html = page(client, "/cooperation/1420011/")
    year, last = cycle["year"], cycle["last"]
    assert html.index(f"Programme for {year}") < html.index(f"Programme for {last}")
    assert f"resolution XII/85/{year - 1}" in html and f"resolution XI/70/{last - 1}" in html
    assert "XII/85/2011" in html  # the resolution on consulting
    assert f'href="/consultations/{cycle["consultation"].slug}/"' in html
    # Members as the public sees them: no hidden field.
    assert "Jan Jawny" in html
    assert "600 111 222" not in html and "Ukryta Osoba" not in html
    assert "Network member, Płońsk" in html
    # The history: dates and sources, never who entered them.
    history = html.split('id="history"')[1]
    assert "Ewa Rejestratorka" not in html and "z BIP gminy" not in html
    assert history.count("<tr>") == 4 + 1  # four records and the header


def test_staff_see_who_entered_what(client, cycle, staff):
    html = page(client, "/cooperation/1462/")
    assert "withdrawn: it did not happen after all" in html
    assert "uchwała unieważniona przez wojewodę" in html
    assert staff
    html = page(client, "/cooperation/1420011/")
    assert "Ewa Rejestratorka" in html


def test_a_jst_outside_the_region_is_404(client, cycle):
    assert client.get("/cooperation/3021/").status_code == 404
    assert client.get("/cooperation/9999999/").status_code == 404
    assert client.get("/cooperation/abc/").status_code == 404
    assert cycle


def test_csv_export(client, cycle):
    english(client)
    response = client.get("/cooperation/export.csv?powiat=1420")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert f"programmes-of-cooperation-{cycle['year']}-1420.csv" in \
        response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["TERYT", "Local government", "Kind", "Year", "Consulted"]
    by_teryt = {row[0]: row for row in rows[1:]}
    assert set(by_teryt) == {"1420", "1420011", "1420043", "1420022"}
    plonsk = by_teryt["1420011"]
    assert plonsk[4] == "on this platform"
    assert plonsk[5].endswith(f"/consultations/{cycle['consultation'].slug}/")
    assert plonsk[7] == date(cycle["year"] - 1, 11, 20).isoformat()
    assert plonsk[8] == f"XII/85/{cycle['year'] - 1}"
    assert plonsk[10] == "on time"
    assert by_teryt["1420043"][10] == "late"
    assert by_teryt["1420022"][10] == "missing"


def test_exports_guard_against_formulas(client, cycle, record_factory):
    record_factory(cycle["jst"]["baboszewo"], Step.ADOPTED, cycle["year"],
                   date(cycle["year"] - 1, 11, 1), reference="=HYPERLINK(\"x\")")
    text = client.get("/cooperation/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_xlsx_export(client, cycle):
    response = client.get(f"/cooperation/export.xlsx?year={cycle['year']}&kind=gmina_miejska")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2  # the header and Płońsk (Płock's TERC gmina is left out)
    assert values[1][0] == "1420011"
    assert values[1][8] == f"XII/85/{cycle['year'] - 1}"


def test_the_page_links_the_exports_with_the_filters(client, cycle):
    html = page(client, "/cooperation/?powiat=1420&sort=report").replace("&amp;", "&")
    assert f'/cooperation/export.csv?year={cycle["year"]}&powiat=1420"' in html
    assert f'/cooperation/export.xlsx?year={cycle["year"]}&powiat=1420"' in html


def test_the_footer_and_the_home_page_link_the_monitor(client, cycle):
    """Linked from the footer and a card of the home page, not the main menu: one more
    item there would push a phone's first screen (the check-in at the door) down."""
    html = page(client, "/cooperation/")
    footer = html[html.index('<footer'):]
    assert re.search(r'<a href="/cooperation/" aria-current="page">', footer)
    assert 'href="/cooperation/"' in page(client, "/").split("<footer")[0]
    assert cycle


def _queries(client, path: str) -> list[str]:
    client.get(path)
    forget_kept_values(client.application)
    db.session.expire_all()
    with counted_queries() as statements:
        assert client.get(path).status_code == 200
    return statements


def test_the_region_page_costs_the_same_queries_for_more_jst(client, cycle, institution_factory,
                                                            record_factory):
    paths = ("/cooperation/", "/cooperation/?powiat=1420&sort=timeliness",
             "/cooperation/export.csv")
    few = {path: len(_queries(client, path)) for path in paths}
    plonski = cycle["jst"]["plonski"]
    for n in range(30):
        gmina = institution_factory(teryt=f"14200{n + 50:02d}", name=f"Gmina {n}",
                                    kind=RURAL_GMINA, parent=plonski)
        record_factory(gmina, Step.ADOPTED, cycle["year"], date(cycle["year"] - 1, 11, 5))
        record_factory(gmina, Step.CONSULTED_ELSEWHERE, cycle["year"],
                       date(cycle["year"] - 1, 10, 5))
    for path in paths:
        assert len(_queries(client, path)) == few[path], path
