"""The funder's report of a project and period, read back from its XLSX and DOCX."""

import io
from datetime import timedelta

import openpyxl
from docx import Document

from consult.core.timeutil import local_today
from consult.projects import report


def test_the_report_counts_by_group_and_by_sex_where_asked(world):
    built = report.build(world, None, None)
    not_given = built.sexes[-1]
    assert built.sexes == ["Kobieta", "Mężczyzna", not_given]  # "mężczyzna" = "Mężczyzna"
    ngo, jst = built.groups[:2]
    assert ngo.people == 3  # Maria, Jan, Ola
    # Maria was also at the workshop, which did not ask: she keeps her answer; Ola was
    # never asked
    assert ngo.by_sex == {"Kobieta": 1, "Mężczyzna": 1, not_given: 1}
    assert jst.by_sex == {"Mężczyzna": 1}
    assert [row.title for row in built.events] == ["Warsztat B", "Szkolenie A"]
    assert built.events[1].by_category == {"ngo": 2, "jst": 1}
    assert [(row.sessions, row.hours) for row in built.advice] == [(1, 1.5), (1, 0.75)]


def test_a_period_leaves_out_what_is_outside_it(world):
    today = local_today()
    built = report.build(world, today - timedelta(days=15), today)
    assert [row.title for row in built.events] == ["Szkolenie A"]
    assert built.counters.recipients == 3  # Maria, Jan, Piotr
    assert built.advice == []  # the demo advice is dated 2 November 2026


def _staff_get(client, staff, path):
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response


def test_the_xlsx_and_docx_read_back(client, staff, world):
    xlsx = _staff_get(client, staff, f"/manage/projects/{world.id}/report.xlsx")
    assert "attachment" in xlsx.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames[:4] == ["Indicators", "Participant groups", "Events", "Advice"]
    assert book.sheetnames[4] == "Reach – organisations and JST"
    reached = list(book["Reach – organisations and JST"].iter_rows(values_only=True))[1:]
    # as counted: the association, the foundation under its register name (typed two
    # ways, also advised), the town hall as typed, Płońsk advised (with its TERYT)
    assert sorted(reached) == sorted([
        ("organisation", "Fundacja Łódź", None), ("organisation",
                                                  "Stowarzyszenie Aktywni Razem", None),
        ("local government", "Płońsk", "1420092"),
        ("local government", "Urząd Miasta Płońsk", None)])
    indicators = {row[0]: row[1] for row in book["Indicators"].iter_rows(values_only=True)
                  if row[0]}
    assert indicators["people reached"] == 5 and indicators["hours of advice"] == 2.25
    groups = list(book["Participant groups"].iter_rows(values_only=True))
    assert groups[0] == ("Participant group", "People", "Kobieta", "Mężczyzna", "not given")
    assert groups[-1][:2] == ("Total", 5)
    events = list(book["Events"].iter_rows(values_only=True))
    assert events[1][2] == "Warsztat B" and events[2][8] == 3

    docx = _staff_get(client, staff, f"/manage/projects/{world.id}/report.docx")
    document = Document(io.BytesIO(docx.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Report: Koalicja dialogu" in text
    cells = [[cell.text for cell in row.cells] for table in document.tables
             for row in table.rows]
    assert ["people reached", "5"] in cells
    assert any(row[:2] == ["Szkolenie A", "Szkolenie A"] or "Szkolenie A" in row
               for row in cells)
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape


def test_a_wrong_period_is_told_next_to_its_field(client, staff, world):
    response = client.get(f"/manage/projects/{world.id}/report.xlsx"
                          "?since=2026-12-01&until=2026-01-01")
    assert response.status_code == 400
    assert "The end cannot come before the start." in response.get_data(as_text=True)


def test_only_staff_get_the_report(client, login_as, world):
    login_as("manager")
    assert client.get(f"/manage/projects/{world.id}/report.docx").status_code == 403
