"""Documents staff attach for download (a consultation's draft, an event's materials): what
a file is, told by its content and not by its name, the ASCII name it is downloaded under,
and how its type and size are shown next to the link."""

import re
import zipfile

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from consult.core.text import search_key

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt", PPTX: "pptx", XLSX: "xlsx"}
# The part of an Office Open XML archive that tells which kind of document it is.
_OOXML_PARTS = {"word/document.xml": DOCX, "ppt/presentation.xml": PPTX,
                "xl/workbook.xml": XLSX}
# An OpenDocument file starts with its stored, uncompressed "mimetype" entry (ODF 1.2,
# part 3, 3.3): the local header's name at byte 30, the type right after it.
_ODF_MIMETYPE = b"mimetype" + ODT.encode()

FILE_TYPES = {
    PDF: "PDF",
    DOCX: "DOCX",
    ODT: "ODT",
    PPTX: "PPTX",
    XLSX: "XLSX",
    "application/msword": "DOC",
    "application/rtf": "RTF",
    "text/plain": "TXT",
}


def detect_document(data: bytes, allowed: tuple[str, ...] = (PDF, DOCX)) -> str | None:
    """The type of ``data`` among ``allowed``, or None: %PDF-, an OpenDocument text, or a
    ZIP archive with the part of a Word, PowerPoint or Excel file."""
    if data.startswith(b"%PDF-"):
        return PDF if PDF in allowed else None
    if not data.startswith(b"PK\x03\x04"):
        return None
    if data[30:30 + len(_ODF_MIMETYPE)] == _ODF_MIMETYPE:
        return ODT if ODT in allowed else None
    # The reader of Word files guards against archives with huge directories; imported
    # here, as the consultations area (which has it) itself imports this module.
    from consult.consultations.docx_reading import DocxError, open_small_zip

    try:
        with open_small_zip(data) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, DocxError):
        return None
    found = next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)
    return found if found in allowed else None


def download_filename(title: str, original: str, content_type: str) -> str:
    """An ASCII file name for the download URL, from the original name or the title."""
    stem = original.rsplit(".", 1)[0] if "." in original else original
    base = re.sub(r"[^a-z0-9]+", "-", search_key(stem)).strip("-")[:80]
    base = base or re.sub(r"[^a-z0-9]+", "-", search_key(title)).strip("-")[:80] or "dokument"
    return f"{base}.{EXTENSIONS[content_type]}"


def file_type(document) -> str:
    """The short name of a stored file's type (``content_type`` and ``filename``)."""
    known = FILE_TYPES.get(document.content_type.split(";")[0].strip())
    if known:
        return known
    _stem, dot, extension = document.filename.rpartition(".")
    return extension.upper() if dot else document.content_type


def file_size(size: int) -> str:
    if size < 1024:
        return ngettext("%(num)d byte", "%(num)d bytes", size)
    if size < 1024 * 1024:
        return _("%(size)s KB", size=format_decimal(round(size / 1024)))
    return _("%(size)s MB", size=format_decimal(round(size / 1024 / 1024, 1)))
