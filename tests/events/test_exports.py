"""Registrations as CSV and XLSX, and the attendance list to sign as PDF."""

import csv
import io
import re
import zlib
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from consult.core.timeutil import utcnow
from consult.events import services
from consult.events.attendance import check_in, days_of
from consult.events.funding import FundingProject
from consult.extensions import db
from tests.events.conftest import add

NOTICE = ("Projekt „Razem dla regionu” korzysta z dofinansowania z Funduszy EOG w ramach "
          "programu Aktywni Obywatele – Fundusz Regionalny.")




@pytest.fixture
def event_with_people(event_factory, staff):
    event = event_factory(
        title="Szkolenie: współpraca z NGO", capacity=2, starts_in=-timedelta(days=7),
        questions=[{"kind": "text", "label": "Oczekiwania wobec szkolenia"},
                   {"kind": "multiple", "label": "Tematy", "options": "granty\nRDPP\nwolontariat"}],
    )
    first, topics = event.questions
    add(event, "Maria Łęcka", "maria@example.org", phone="+48 600 100 200",
        organisation="Stowarzyszenie „Żółw”", needs="tłumacz PJM", consent_needs=True,
        consent_image=True, answers={first.id: "Więcej o grantach", topics.id: ["granty", "RDPP"]})
    add(event, "=HYPERLINK(\"http://evil.example\")", "evil@example.org")
    add(event, "Zofia Rezerwowa", "zofia@example.org", category="jst")  # waiting list
    check_in(services.find_active_registration(event, "maria@example.org"), days_of(event)[0],
             None)
    db.session.commit()
    return event


# ---------------------------------------------------------------- CSV and XLSX


def test_csv_opens_in_excel_with_polish_letters_and_question_columns(client, event_with_people):
    event = event_with_people
    response = client.get(f"/manage/events/{event.id}/registrations.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-registrations.csv"')
    assert "no-store" in response.headers["Cache-Control"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the mark Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, people = rows[0], {row[3]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert header[:3] == ["ID", "Status", "Registered at"]
    assert header[-2:] == ["Oczekiwania wobec szkolenia", "Tematy"]
    maria = people["Maria Łęcka"]
    assert maria["ID"] == str(services.find_active_registration(event, "maria@example.org").id)
    assert maria["Organisation or institution"] == "Stowarzyszenie „Żółw”"
    assert maria["Phone"] == "+48 600 100 200"
    assert maria["Accessibility or dietary needs"] == "tłumacz PJM"
    assert maria["Oczekiwania wobec szkolenia"] == "Więcej o grantach"
    assert maria["Tematy"] == "granty; RDPP"
    assert maria["Consent to image"] == "yes"
    assert maria["Days attended"] == days_of(event)[0].isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", maria["Registered at"])
    assert people["Zofia Rezerwowa"]["Status"] == "on the waiting list"
    # A registrant's "name" must not run as a formula when staff open the file.
    assert "'=HYPERLINK(\"http://evil.example\")" in people


def test_needs_column_is_gone_once_purged(client, event_with_people):
    event = event_with_people
    event.needs_purged_at = utcnow()
    db.session.commit()
    raw = client.get(f"/manage/events/{event.id}/registrations.csv").get_data()
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert "Accessibility or dietary needs" not in header
    assert "tłumacz PJM" not in raw.decode("utf-8-sig")


def test_xlsx_has_a_usable_header_and_the_same_data(client, event_with_people):
    event = event_with_people
    response = client.get(f"/manage/events/{event.id}/registrations.xlsx")
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{event.slug}-registrations.xlsx"')
    assert "no-store" in response.headers["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    header = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    assert sheet.column_dimensions["D"].width > 10
    rows = {row[3]: dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)}
    maria = rows["Maria Łęcka"]
    assert maria["Tematy"] == "granty; RDPP"
    assert maria["Organisation or institution"] == "Stowarzyszenie „Żółw”"
    assert maria["Registered at"].year >= 2024  # a real date cell, sortable in Excel
    evil = next(cell for cell in sheet["D"] if str(cell.value).startswith("=HYPERLINK"))
    assert evil.data_type == "s"  # stored as text, never as a formula


def test_xlsx_prints_on_a4_with_the_header_on_every_page_and_rows_as_tall_as_their_text(
        client, event_with_people):
    event = event_with_people
    long_answer = "Chcę się dowiedzieć, jak przygotować ofertę w otwartym konkursie. " * 4
    add(event, "Anna Długa", "anna@example.org",
        answers={event.questions[0].id: long_answer})
    event.capacity = 10
    db.session.commit()
    sheet = load_workbook(io.BytesIO(
        client.get(f"/manage/events/{event.id}/registrations.xlsx").get_data())).active
    assert sheet.print_title_rows == "$1:$1"  # the header on every printed page
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    header = [cell.value for cell in sheet[1]]
    column = header.index("Oczekiwania wobec szkolenia") + 1
    answer = next(row[column - 1] for row in sheet.iter_rows()
                  if row[column - 1].value == long_answer)
    width = sheet.column_dimensions[answer.column_letter].width
    assert width <= 45  # capped; the rest wraps
    assert answer.alignment.wrap_text
    assert sheet.row_dimensions[answer.row].height >= 15 * len(long_answer) / (width * 1.1)


def test_files_are_named_in_the_language_of_the_interface(client, event_with_people):
    """The Polish name keeps its letters (RFC 6266 filename*), with an ASCII copy."""
    event = event_with_people
    base = f"/manage/events/{event.id}"
    day = days_of(event)[0].isoformat()
    english = {path: client.get(f"{base}/{path}").headers["Content-Disposition"]
               for path in ("registrations.csv", "registrations.xlsx", "attendance.pdf")}
    assert english["attendance.pdf"] == (
        f'inline; filename="{event.slug}-attendance-list-{day}.pdf"')
    client.post("/language", data={"language": "pl", "next": "/"})
    polish = {path: client.get(f"{base}/{path}").headers["Content-Disposition"]
              for path in english}
    assert polish["registrations.xlsx"] == (
        f'attachment; filename="{event.slug}-zgloszenia.xlsx"; '
        f"filename*=UTF-8''{event.slug}-zg%C5%82oszenia.xlsx")
    assert polish["attendance.pdf"] == (
        f'inline; filename="{event.slug}-lista-obecnosci-{day}.pdf"; '
        f"filename*=UTF-8''{event.slug}-lista-obecno%C5%9Bci-{day}.pdf")
    assert polish["registrations.csv"].startswith(
        f'attachment; filename="{event.slug}-zgloszenia.csv"')


# ---------------------------------------------------------------- the attendance list (PDF)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, decoded through the fonts' ToUnicode maps (pypdf is not a
    dependency; fpdf2 writes simple, uncompressed-dictionary PDFs this reads)."""
    objects = {}
    for match in re.finditer(rb"(\d+) 0 obj\s*(<<.*?>>)\s*(stream\r?\n)?", data, re.S):
        dictionary, stream = match.group(2), None
        if match.group(3):
            length = int(re.search(rb"/Length (\d+)", dictionary).group(1))
            stream = data[match.end():match.end() + length]
            if b"/FlateDecode" in dictionary:
                stream = zlib.decompress(stream)
        objects[int(match.group(1))] = (dictionary, stream)

    def ref(dictionary: bytes, key: bytes) -> int:
        return int(re.search(rb"/" + key + rb" (\d+) 0 R", dictionary).group(1))

    cmaps = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        cmap_stream = objects[ref(objects[int(number)][0], b"ToUnicode")][1]
        cmaps[name.decode()] = {
            int(code, 16): chr(int(char, 16))
            for code, char in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4,})>", cmap_stream)
        }
    pages_dictionary = next(d for d, _s in objects.values() if b"/Type /Pages" in d)
    texts = []
    kids = re.search(rb"/Kids \[(.*?)\]", pages_dictionary, re.S).group(1)
    for number in re.findall(rb"(\d+) 0 R", kids):
        content = objects[ref(objects[int(number)][0], b"Contents")][1]
        words, font = [], None
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            if token.group(1):
                font = token.group(1).decode()
                continue
            raw = re.sub(rb"\\(.)", lambda m: {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(
                m.group(1), m.group(1)), token.group(2))
            words.append("".join(cmaps[font].get(int.from_bytes(raw[i:i + 2]), "?")
                                 for i in range(0, len(raw), 2)))
        texts.append(" ".join(" ".join(words).split()))
    return texts


def test_attendance_list_prints_polish_names_on_every_page_with_notice(client, staff,
                                                                       event_factory):
    event = event_factory(title="Szkolenie z programu współpracy", capacity=100,
                          funding_project=FundingProject(name="Razem", notice=NOTICE))
    for n in range(80):
        add(event, f"Uczestnik {n:02d}", f"u{n}@example.org", organisation=f"Gmina {n}")
    add(event, "Łęcka Żółć", "lz@example.org", organisation="Koło Gospodyń Wiejskich",
        category="resident")
    add(event, "Adam Anulowany", "gone@example.org")
    services.cancel(services.find_active_registration(event, "gone@example.org"))
    db.session.commit()

    response = client.get(f"/manage/events/{event.id}/attendance.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    data = response.get_data()
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data and b"DejaVuSans" in data  # the font is embedded
    pages = pdf_pages(data)
    assert len(pages) >= 3
    day = days_of(event)[0]
    for number, text in enumerate(pages, start=1):
        assert text.startswith("Attendance list Szkolenie z programu współpracy")
        assert "Signature" in text  # the table header is repeated
        assert NOTICE in text  # the funder's notice on every page
        assert f"Page {number} of {len(pages)}" in text
        assert str(day.year) in text and "Urząd Miasta Płońsk" in text
    everything = " ".join(pages)
    assert "Łęcka Żółć" in everything and "Koło Gospodyń Wiejskich" in everything
    assert "Adam Anulowany" not in everything  # only confirmed participants
    order = [name for name in re.findall(r"Uczestnik \d\d|Łęcka Żółć", everything)]
    assert order.index("Łęcka Żółć") == 0  # sorted as Polish readers expect: Ł before U
    assert order[1:] == [f"Uczestnik {n:02d}" for n in range(80)]
    assert "81. Uczestnik 79" in everything


def test_attendance_list_per_day_of_a_multi_day_event(client, staff, event_factory):
    event = event_factory(duration=timedelta(days=2))
    days = days_of(event)
    assert len(days) == 3
    add(event, "Maria Łęcka", "maria@example.org")
    url = f"/manage/events/{event.id}/attendance.pdf"
    second = pdf_pages(client.get(f"{url}?day={days[1].isoformat()}").get_data())
    first = pdf_pages(client.get(url).get_data())
    assert f"{days[0]:%A}, {days[0].day} {days[0]:%B} {days[0].year}" in first[0]
    assert f"{days[1]:%A}, {days[1].day} {days[1]:%B} {days[1].year}" in second[0]
    assert "Maria Łęcka" in second[0]
    assert client.get(f"{url}?day={(days[-1] + timedelta(days=1)).isoformat()}").status_code == 404
    assert client.get(f"{url}?day=jutro").status_code == 404
