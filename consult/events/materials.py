"""Materials after an event: the slides, handouts or recording staff share once it has taken
place, shown on its public page. Files are kept in the database (as a consultation's
attachments are), told by their content; a recording is usually a link."""

from flask_babel import gettext as _
from sqlalchemy import select

from consult.core.documents import DOCX, ODT, PDF, PPTX, XLSX, detect_document, download_filename
from consult.events.models import Event, EventMaterial
from consult.extensions import db

MATERIAL_TYPES = (PDF, DOCX, ODT, PPTX, XLSX)
# Every file goes through one request, which MAX_CONTENT_LENGTH (20 MB) limits.
MAX_MATERIAL_MB = 15


class MaterialError(Exception):
    """A file that cannot be shared; the message says why, for the person who sent it."""


def add_file(event: Event, title: str, original_name: str, data: bytes) -> EventMaterial:
    if len(data) > MAX_MATERIAL_MB * 1024 * 1024:
        raise MaterialError(_("The file is larger than %(mb)d MB.", mb=MAX_MATERIAL_MB))
    content_type = detect_document(data, MATERIAL_TYPES)
    if content_type is None:
        raise MaterialError(_("Upload a PDF, Word (.docx), OpenDocument text (.odt), "
                              "PowerPoint (.pptx) or Excel (.xlsx) file."))
    material = EventMaterial(
        event_id=event.id, title=title, content_type=content_type, size=len(data), data=data,
        filename=download_filename(title, original_name, content_type))
    db.session.add(material)
    return material


def add_link(event: Event, title: str, url: str) -> EventMaterial:
    material = EventMaterial(event_id=event.id, title=title, url=url)
    db.session.add(material)
    return material


def materials_of(event_id: int) -> list[EventMaterial]:
    """The event's materials in the order they were added, without their files' data."""
    return list(db.session.scalars(select(EventMaterial).where(
        EventMaterial.event_id == event_id).order_by(EventMaterial.id)))
