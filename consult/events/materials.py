"""Materials after an event: the slides, handouts or recording staff share once it has taken
place, shown on its public page and sent to those who attended. Files are kept in the
database (as a consultation's attachments are), told by their content; a recording is
usually a link."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from consult.core.documents import DOCX, ODT, PDF, PPTX, XLSX, detect_document, download_filename
from consult.core.mail import queue_mail
from consult.core.timeutil import utcnow
from consult.core.urls import external_url
from consult.events.models import Attendance, Event, EventMaterial, Registration
from consult.events.reminders import claim_registrations
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


def _to_send(event: Event) -> list:
    return [Registration.event_id == event.id, Registration.materials_sent_at.is_(None),
            Registration.email.is_not(None), Registration.email != "",
            exists().where(Attendance.registration_id == Registration.id)]


def attendees_without_materials(event: Event) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration)
                             .where(*_to_send(event)))


def send_to_attendees(event: Event) -> int:
    """Send the event's materials to everyone who attended and has not had them yet.

    Registrations are claimed (``materials_sent_at`` set in one UPDATE) before the mail is
    written, so pressing the button twice, or two staff members at once, never sends anyone
    the materials twice; materials added later go to nobody already sent them."""
    if not event.is_past:
        raise MaterialError(_("The materials can be sent once the event has taken place."))
    shared = materials_of(event.id)
    if not shared:
        raise MaterialError(_("Add a material first."))
    claimed = claim_registrations(Registration.materials_sent_at, utcnow(), *_to_send(event))
    event_url = external_url("events.detail", slug=event.slug)
    links = [(material.title, material.url if material.is_link else external_url(
        "events.material", slug=event.slug, material_id=material.id,
        filename=material.filename)) for material in shared]
    for registration in claimed:
        with force_locale(registration.locale):
            queue_mail(registration.email,
                       _("Materials from “%(title)s”", title=event.title),
                       "events/mail/materials", registration=registration, event=event,
                       links=links, event_url=event_url)
    return len(claimed)
