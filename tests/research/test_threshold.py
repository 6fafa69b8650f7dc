"""A group with fewer answers than the diagnosis's minimum gets no figure in any channel: the
public page, staff's public preview, the API, CSV, XLSX, DOCX, PDF and the charts. Only
"fewer than 5 answers" is said of it, never its number of answers."""

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from consult.research import reports
from consult.research.models import DiagnosisStatus, QuestionKind
from tests.research.conftest import questions_of

HIDDEN = "fewer than 5 answers"
COUNCILLORS = "Councillors"


@pytest.fixture
def published_diagnosis(client, diagnosis_factory, response_factory):
    """NGOs 5, officials 6, councillors 3 (under 5); the interface in English."""
    client.post("/language", data={"language": "en", "next": "/"})
    diagnosis = diagnosis_factory(status=DiagnosisStatus.CLOSED,
                                  published_at=datetime(2026, 12, 10, tzinfo=UTC))
    scored = [q for q in questions_of(diagnosis)
              if q.kind in (QuestionKind.SCALE, QuestionKind.YES_NO)]
    number = questions_of(diagnosis, QuestionKind.NUMBER)[0]
    text = questions_of(diagnosis, QuestionKind.TEXT)[0]
    for key, count, choice in (("ngo", 5, 1), ("officials", 6, 3), ("councillors", 3, 0)):
        for n in range(count):
            answers = {q: min(choice, len(q.choices) - 1) if q.kind == QuestionKind.SCALE
                       else choice % 2 for q in scored}
            response_factory(diagnosis, key, {**answers, number: 777 if key == "councillors"
                                              else n, text: f"Tekst {key} {n}"})
    return diagnosis


def _cells_of_column(html: str, table_id: str, column: int) -> list[str]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [re.sub(r"<[^>]+>", "", row[column]).strip() for row in cells]


def _no_councillor_figure(html: str) -> None:
    # The area table: Area, Weight, NGOs, officials, councillors, …
    assert set(_cells_of_column(html, "areas-table", 4)) == {HIDDEN}
    assert "777" not in html  # the councillors' number answers
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        assert COUNCILLORS not in svg
    assert "Tekst councillors" not in html


def test_the_public_page_and_the_staff_preview(client, login_as, published_diagnosis):
    html = client.get(f"/research/{published_diagnosis.slug}/").get_data(as_text=True)
    _no_councillor_figure(html)
    assert "Tekst ngo" not in html  # open answers are staff-only
    assert "3 responses" not in html

    login_as("staff")
    html = client.get(f"/manage/research/{published_diagnosis.id}/results").get_data(
        as_text=True)
    counts = re.search(r'<ul id="response-counts">(.*?)</ul>', html, re.S).group(1)
    assert "3 responses" in counts and "hidden publicly" in counts  # staff see the count
    preview = html.split('id="preview-heading"')[1]
    _no_councillor_figure(preview)
    # Open answers of the hidden group are listed, without their group.
    assert "Tekst councillors 0" in html and "Tekst ngo 0" in html


def test_the_api(client, published_diagnosis):
    body = client.get(f"/api/v1/research/diagnoses/{published_diagnosis.slug}").get_json()
    councillors = body["groups"][2]
    assert councillors == {"key": "councillors", "name_pl": "Radni i radne",
                           "name_en": "Councillors", "shown": False, "index": None,
                           "areas": {}, "note": HIDDEN}
    assert body["groups"][0]["index"] is not None and body["gap"]["high"] == "officials"


@pytest.mark.parametrize("prefix", ["/research/{slug}", "/manage/research/{id}"])
def test_the_tables(client, login_as, published_diagnosis, prefix):
    login_as("staff")
    base = prefix.format(slug=published_diagnosis.slug, id=published_diagnosis.id)
    csv_text = client.get(f"{base}/results.csv").get_data().decode("utf-8-sig")
    rows = [line.split(";") for line in csv_text.splitlines()]
    assert rows[0][5] == COUNCILLORS
    assert {row[5] for row in rows[1:]} == {HIDDEN}
    sheet = load_workbook(io.BytesIO(client.get(f"{base}/results.xlsx").data)).worksheets[1]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][5] == COUNCILLORS and {row[5] for row in values[1:]} == {HIDDEN}


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def pdf_writes(monkeypatch) -> list[str]:
    """Every text fpdf2 is given to write (its ``normalize_text`` sees each one)."""
    written = []
    original = reports._Report.normalize_text

    def recording(self, text):
        written.append(text)
        return original(self, text)

    monkeypatch.setattr(reports._Report, "normalize_text", recording)
    return written


def _pdf_text(data: bytes, tmp_path, written: list[str]) -> str:
    """The PDF's text as poppler's pdftotext reads it, where installed; otherwise what
    fpdf2 was given to write."""
    if not shutil.which("pdftotext"):
        return "\n".join(written)
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


@pytest.mark.parametrize("prefix", ["/research/{slug}", "/manage/research/{id}"])
def test_the_reports(client, login_as, published_diagnosis, prefix, tmp_path, pdf_writes):
    login_as("staff")
    base = prefix.format(slug=published_diagnosis.slug, id=published_diagnosis.id)
    texts = [_docx_text(client.get(f"{base}/report.docx").data),
             _pdf_text(client.get(f"{base}/report.pdf").data, tmp_path, pdf_writes)]
    assert "Councillors" in "\n".join(pdf_writes)  # the recording works
    for text in texts:
        assert "Officials" in text
        # The councillors are named once, in the sentence that says why they have no figure.
        assert text.count(COUNCILLORS) == 1
        assert f"{COUNCILLORS}: {HIDDEN}" in text
        assert "777" not in text and "Tekst" not in text
        assert "3 responses" not in text


def test_the_docx_report_has_the_chart(client, published_diagnosis):
    document = Document(io.BytesIO(
        client.get(f"/research/{published_diagnosis.slug}/report.docx").data))
    assert len(document.inline_shapes) == 1
