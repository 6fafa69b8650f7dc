"""Uploads: a renamed binary, a DOCX zip bomb, files over the limits.

Two forms take files from staff and institution managers: a consultation's attachments
(PDF or DOCX, stored and offered for download) and the import of a draft from Word (DOCX,
converted to sections). A bad file is refused with an error next to the file field; a file
over the limit is a 413 page or that error, never a 500.
"""

import io
import random
import signal
import time
import tracemalloc
import zipfile
from contextlib import contextmanager
from functools import cache

import pytest

from consult.auth.models import STAFF
from consult.consultations.models import ConsultationAttachment, Section
from tests.security.checks import field_errors
from tests.security.conftest import count, signed_in
from tests.test_security_baseline import PDF, in_site_layout

BOMB_SIZE = 200 * 1024 * 1024


def random_bytes(size: int) -> bytes:
    return random.Random(size).randbytes(size)


@cache
def docx_bomb() -> bytes:
    """A real .docx whose word/document.xml is replaced by a valid document holding 200 MB
    of blanks: about 200 KB compressed. (Before the size check, mammoth took minutes and
    hundreds of MB on it: its time grows with the square of the size.)"""
    with zipfile.ZipFile(io.BytesIO(real_docx())) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name != "word/document.xml":
                archive.writestr(name, data)
        with archive.open("word/document.xml", "w") as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://'
                       b'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = b" " * (1024 * 1024)
            for _ in range(BOMB_SIZE // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


@contextmanager
def time_limit(seconds: int):
    """Fail the test instead of hanging when the app works on the file for too long."""
    def interrupt(signum, frame):
        raise TimeoutError(f"still working after {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def real_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_heading("Rozdział I. Postanowienia ogólne", level=1)
    document.add_paragraph("§ 1. Celem programu jest partnerstwo.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def not_a_docx_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("zdjecie.jpg", random_bytes(1000))
    return buffer.getvalue()


RENAMED = {
    "random bytes as .docx": (random_bytes(50_000), "projekt.docx"),
    "random bytes as .pdf": (random_bytes(50_000), "projekt.pdf"),
    "an executable as .pdf": (b"MZ\x90\x00" + random_bytes(5000), "projekt.pdf"),
    "a ZIP of pictures as .docx": (not_a_docx_zip(), "projekt.docx"),
    "HTML as .pdf": (b"<html><script>alert(1)</script></html>", "projekt.pdf"),
    "empty": (b"", "projekt.docx"),
}


@pytest.fixture
def staff_client(app, user_factory):
    return signed_in(app, user_factory(role=STAFF))


def attach(client, consultation, data: bytes, filename: str):
    return client.post(f"/manage/consultations/{consultation.id}/attachments", data={
        "title": "Projekt programu", "document": (io.BytesIO(data), filename)})


def import_docx(client, consultation, data: bytes, filename: str = "projekt.docx"):
    return client.post(f"/manage/consultations/{consultation.id}/sections/import", data={
        "source": "docx", "step": "preview", "document": (io.BytesIO(data), filename)})


def assert_refused_at_the_field(response, what: str) -> None:
    assert response.status_code == 200, (what, response.status_code)
    errors = field_errors(response.get_data(as_text=True))
    assert errors.get("document"), f"{what}: no error next to the file field ({errors})"


@pytest.mark.parametrize("case", RENAMED)
def test_a_renamed_file_is_not_attached(staff_client, consultation_factory, case):
    consultation = consultation_factory()
    data, filename = RENAMED[case]
    response = attach(staff_client, consultation, data, filename)
    assert_refused_at_the_field(response, case)
    assert count(ConsultationAttachment) == 0
    # The control: a real PDF and a real DOCX are attached.
    assert attach(staff_client, consultation, PDF, "projekt.pdf").status_code == 302
    assert attach(staff_client, consultation, real_docx(), "projekt.docx").status_code == 302
    assert count(ConsultationAttachment) == 2


@pytest.mark.parametrize("case", RENAMED)
def test_a_renamed_file_is_not_imported(staff_client, consultation_factory, case):
    consultation = consultation_factory(announced=False)
    before = count(Section)
    data, filename = RENAMED[case]
    response = import_docx(staff_client, consultation, data, filename)
    assert_refused_at_the_field(response, case)
    assert count(Section) == before
    # The control: a real Word document gives a preview of its sections.
    response = import_docx(staff_client, consultation, real_docx())
    assert response.status_code == 200
    assert "Postanowienia ogólne" in response.get_data(as_text=True)


def test_a_docx_zip_bomb_is_refused_quickly_without_inflating_it(staff_client,
                                                                 consultation_factory):
    consultation = consultation_factory(announced=False)
    bomb = docx_bomb()
    assert len(bomb) < 1024 * 1024  # a few hundred KB on the wire
    tracemalloc.start()
    try:
        started = time.monotonic()
        with time_limit(20):
            response = import_docx(staff_client, consultation, bomb)
        elapsed = time.monotonic() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_refused_at_the_field(response, "zip bomb")
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert peak < 40 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB allocated"


def test_a_zip_bomb_attachment_is_not_inflated(staff_client, consultation_factory):
    """An attachment is stored and offered as it is: checking that it is a DOCX reads the
    archive's directory only."""
    consultation = consultation_factory()
    tracemalloc.start()
    try:
        with time_limit(20):
            response = attach(staff_client, consultation, docx_bomb(), "projekt.docx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code in (200, 302)
    assert peak < 40 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB allocated"


@pytest.fixture
def small_limits(make_app, user_factory):
    """2 MB per request, 1 MB per attachment."""
    app = make_app(MAX_CONTENT_LENGTH=2 * 1024 * 1024, CONSULTATIONS_MAX_ATTACHMENT_MB=1)
    return app, signed_in(app, user_factory(role=STAFF))


def padded_pdf(size: int) -> bytes:
    return PDF + b"%" + random_bytes(size - len(PDF) - 1)


def test_an_attachment_over_its_limit_is_an_error_at_the_field(small_limits,
                                                               consultation_factory):
    _app, client = small_limits
    consultation = consultation_factory()
    response = attach(client, consultation, padded_pdf(1536 * 1024), "projekt.pdf")
    assert_refused_at_the_field(response, "1.5 MB PDF")
    assert "1 MB" in field_errors(response.get_data(as_text=True))["document"]
    assert count(ConsultationAttachment) == 0


@pytest.mark.parametrize("form", ["attachment", "import"])
def test_a_request_over_max_content_length_is_413(small_limits, consultation_factory, form):
    _app, client = small_limits
    consultation = consultation_factory(announced=False)
    data = padded_pdf(3 * 1024 * 1024)
    response = (attach(client, consultation, data, "projekt.pdf") if form == "attachment"
                else import_docx(client, consultation, data))
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert in_site_layout(body) and "The file is too large" in body
    assert count(ConsultationAttachment) == 0


# --- bounded by unpacked size, packing ratio, parts and time (issue 18, finding 9) -----------

def docx_with(document_xml: bytes = b"", extra_parts: int = 0, compresslevel: int = 9) -> bytes:
    """real_docx() with word/document.xml replaced by a valid document whose body is
    ``document_xml``, plus ``extra_parts`` empty parts."""
    with zipfile.ZipFile(io.BytesIO(real_docx())) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        for name, data in parts.items():
            if name != "word/document.xml":
                zf.writestr(name, data)
        zf.writestr("word/document.xml", b'<?xml version="1.0" encoding="UTF-8"?><w:document '
                    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                    b"<w:body>" + document_xml + b"</w:body></w:document>")
        for n in range(extra_parts):
            zf.writestr(f"customXml/item{n}.bin", b"")
    return buffer.getvalue()


def paragraphs(size: int) -> bytes:
    """Word-like text of about ``size`` bytes, each paragraph different (packs like a real
    document, not like blanks)."""
    rng = random.Random(size)
    words = [b"program", b"wsp\xc3\xb3\xc5\x82pracy", b"organizacji", b"gminy", b"zadania",
             b"publiczne", b"konsultacje", b"\xc2\xa7", b"ust.", b"pkt"]
    out, total = [], 0
    while total < size:
        text = b" ".join(rng.choice(words) for _ in range(12)) + b" %d." % total
        paragraph = b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"
        out.append(paragraph)
        total += len(paragraph)
    return b"".join(out)


def the_audit_file() -> bytes:
    """The audit's shape: about 150 KB on disk, a 62 MB word/document.xml (under the
    64 MB the archive as a whole was allowed before)."""
    return docx_with(b"<w:p><w:r><w:t>" + b" " * (62 * 1024 * 1024) + b"</w:t></w:r></w:p>")


def lying_docx() -> bytes:
    """A bomb whose headers lie: word/document.xml says it unpacks to 1,000 bytes, and
    holds 30 MB."""
    data = bytearray(docx_with(b" " * (30 * 1024 * 1024)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    real = info.file_size.to_bytes(4, "little")
    small = (1000).to_bytes(4, "little")
    # the size in the local header (offset 22) and in the central directory entry
    local = info.header_offset
    assert data[local + 22:local + 26] == real
    data[local + 22:local + 26] = small
    central = data.rindex(b"word/document.xml") - 46  # its central directory entry
    assert data[central + 24:central + 28] == real
    data[central + 24:central + 28] = small
    return bytes(data)


def renamed_main_part_docx() -> bytes:
    """11 MB of text in a main document part not named .xml: the package's relationships
    and content types point to ``word/document.dat`` (mammoth follows them)."""
    with zipfile.ZipFile(io.BytesIO(docx_with(paragraphs(11 * 1024 * 1024)))) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    renamed = {("word/document.dat" if name == "word/document.xml" else name):
               data.replace(b"word/document.xml", b"word/document.dat")
               .replace(b"/word/document.xml", b"/word/document.dat")
               for name, data in parts.items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in renamed.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def refusal(response) -> str:
    assert response.status_code == 200, response.status_code
    errors = field_errors(response.get_data(as_text=True)).get("document")
    assert errors, "no error next to the file field"
    return errors if isinstance(errors, str) else " ".join(errors)


@pytest.mark.parametrize(("case", "build", "says"), [
    ("the audit's 62 MB document.xml", the_audit_file, "unpacks to more than 10 MB"),
    ("11 MB of Word-like text", lambda: docx_with(paragraphs(11 * 1024 * 1024)),
     "unpacks to more than 10 MB"),
    ("5 MB packed 1000 times", lambda: docx_with(b" " * (5 * 1024 * 1024)), "zip bomb"),
    ("3,000 parts", lambda: docx_with(extra_parts=3000), "made of 3"),
    ("headers that lie", lying_docx, "cannot be read"),
    ("11 MB in a main part not named .xml", renamed_main_part_docx,
     "unpacks to more than 10 MB"),
])
def test_a_docx_import_is_bounded_and_says_why(staff_client, consultation_factory, case,
                                               build, says):
    consultation = consultation_factory(announced=False)
    before = count(Section)
    data = build()
    assert len(data) < 2 * 1024 * 1024, len(data)  # small on the wire
    with time_limit(30):  # fail rather than hang on the code before the limits
        response = import_docx(staff_client, consultation, data)
    assert says in refusal(response), case
    assert count(Section) == before
    # nothing else is lost: the page still offers every way of importing
    page = response.get_data(as_text=True)
    assert 'name="markdown"' in page and 'name="document"' in page


def test_a_docx_import_that_takes_too_long_is_stopped_and_says_so(make_app, user_factory,
                                                                  consultation_factory):
    app = make_app(CONSULTATIONS_DOCX_IMPORT_SECONDS=1)
    client = signed_in(app, user_factory(role=STAFF))
    consultation = consultation_factory(announced=False)
    # Within every size limit, but thousands of one-letter runs: mammoth needs about
    # 7 s per MB of them on the machine this was measured on.
    letters = random.Random(1).choices(b"abcdefghijklmnopqrstuvwxyz", k=100_000)
    slow = docx_with(b"<w:p>" + b"".join(b"<w:r><w:t>%c</w:t></w:r>" % letter
                                         for letter in letters) + b"</w:p>")
    with time_limit(30):
        response = import_docx(client, consultation, slow)
    assert "took too long (over 1 s)" in refusal(response)
    # The control: a real document within the time is imported.
    response = import_docx(client, consultation, real_docx())
    assert "Postanowienia ogólne" in response.get_data(as_text=True)


def many_entries(size: int) -> bytes:
    """A ZIP of ``size`` bytes that is nearly all central directory: empty entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        n = 0
        while buffer.tell() < size * 0.4:  # the directory, written at the end, is bigger
            archive.writestr(f"{n:x}", b"")
            n += 1
    return buffer.getvalue()


def test_a_zip_of_countless_parts_is_refused_before_its_directory_is_read(
        staff_client, consultation_factory):
    """zipfile reads the whole central directory when it opens an archive (~500 bytes of
    memory per entry): the directory's size is checked first, on both uploads."""
    consultation = consultation_factory(announced=False)
    data = many_entries(9 * 1024 * 1024)  # under the attachment limit of 10 MB
    tracemalloc.start()
    try:
        response = import_docx(staff_client, consultation, data)
        attached = attach(staff_client, consultation, data, "projekt.docx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more parts than a Word document has" in refusal(response)
    assert_refused_at_the_field(attached, "countless parts")
    assert count(ConsultationAttachment) == 0
    assert peak < 40 * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB allocated"


@pytest.mark.parametrize("nested", ["* " * 3000 + "x", "> " * 3000 + "x", "1. " * 3000 + "x"])
def test_a_draft_nested_thousands_of_levels_deep_is_no_server_error(staff_client,
                                                                     consultation_factory,
                                                                     nested):
    """Python-Markdown recurses once per level of a list or quote: the preview of a pasted
    (or imported) draft that nests thousands of levels exhausted the stack (a 500)."""
    consultation = consultation_factory(announced=False)

    def preview(markdown):
        response = staff_client.post(
            f"/manage/consultations/{consultation.id}/sections/import",
            data={"source": "markdown", "step": "preview", "markdown": markdown})
        assert response.status_code == 200
        return response.get_data(as_text=True)

    page, plain = preview(nested + " koniec"), preview("koniec")
    assert "koniec" in page
    for tag in ("<li>", "<blockquote>"):  # plain text, however deep the stack already was
        assert page.count(tag) == plain.count(tag)


def test_a_draft_nests_points_as_deep_as_a_document_does(staff_client, consultation_factory):
    consultation = consultation_factory(announced=False)
    markdown = "\n".join("    " * level + f"{level + 1}. punkt" for level in range(6))
    response = staff_client.post(
        f"/manage/consultations/{consultation.id}/sections/import",
        data={"source": "markdown", "step": "preview", "markdown": markdown})
    assert response.get_data(as_text=True).count("<ol>") >= 6
