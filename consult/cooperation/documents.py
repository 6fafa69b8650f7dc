"""Files the cooperation monitor keeps: a document as the source of a recorded value (a
resolution scanned when the BIP has none), the letter of an intervention. Told by their
content, not by their name (``core/documents.py``)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from consult.core.documents import DOCX, ODT, PDF, detect_document

DOCUMENT_TYPES = (PDF, DOCX, ODT)
# Every file goes through one request, which MAX_CONTENT_LENGTH (20 MB) limits.
MAX_DOCUMENT_MB = 10


@dataclass(frozen=True)
class Upload:
    """An uploaded file: the name it came with and its content."""

    original_name: str
    data: bytes


def upload_of(file) -> Upload | None:
    """What a file field brought (a werkzeug ``FileStorage``), read up to one byte over the
    limit, so that a bigger file is told apart without reading all of it; None: no file."""
    if not file:
        return None
    return Upload(file.filename or "", file.read(MAX_DOCUMENT_MB * 1024 * 1024 + 1))


def document_type(upload: Upload) -> tuple[str | None, str | None]:
    """The content type of ``upload`` and None, or None and why it cannot be kept (too big,
    or not a PDF, Word or OpenDocument text)."""
    if len(upload.data) > MAX_DOCUMENT_MB * 1024 * 1024:
        return None, _l("The file is larger than %(mb)d MB.", mb=MAX_DOCUMENT_MB)
    content_type = detect_document(upload.data, DOCUMENT_TYPES)
    if content_type is None:
        return None, _l("Upload a PDF, Word (.docx) or OpenDocument text (.odt) file.")
    return content_type, None
