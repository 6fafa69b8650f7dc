"""The library's rules: what a material's file may be, its tags and search text, and the
download counter."""

from flask_babel import gettext as _
from sqlalchemy import update

from consult.core.documents import DOCX, ODT, PDF, PPTX, detect_document, download_filename
from consult.core.text import search_key
from consult.extensions import db
from consult.library.models import LibraryMaterial

FILE_TYPES = (PDF, DOCX, ODT, PPTX)
# Every file goes through one request, which MAX_CONTENT_LENGTH (20 MB) limits.
MAX_FILE_MB = 15


class LibraryError(Exception):
    """A material that cannot be saved: ``field`` is the form's field at fault, the message
    says why, for the person who sent it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def tag_fields(typed: str) -> tuple[str, str]:
    """The tags as shown ("Dialog, JST") and as compared (",dialog,jst,"), each once."""
    tags, keys = [], []
    for tag in typed.split(","):
        tag, key = " ".join(tag.split()), search_key(tag)
        if key and key not in keys:
            tags.append(tag)
            keys.append(key)
    return ", ".join(tags), "".join(f",{key}" for key in keys) + ("," if keys else "")


def check_file(data: bytes) -> str:
    """The file's type, told by its content; LibraryError when it is too large or of
    another kind."""
    if len(data) > MAX_FILE_MB * 1024 * 1024:
        raise LibraryError("document",
                           _("The file is larger than %(mb)d MB.", mb=MAX_FILE_MB))
    content_type = detect_document(data, FILE_TYPES)
    if content_type is None:
        raise LibraryError("document", _("Upload a PDF, Word (.docx), OpenDocument text "
                                         "(.odt) or PowerPoint (.pptx) file."))
    return content_type


def save_material(material: LibraryMaterial, *, title: str, authors: str, year: int,
                  type: str, language: str, project_id: int | None, url: str,
                  accessible: bool, accessibility_note: str, tags: str, published: bool,
                  upload: tuple[str, bytes] | None = None) -> LibraryMaterial:
    """Set a material's fields (new or edited). ``upload`` (original name, content) replaces
    the file; a link replaces a file; with neither the material keeps its file."""
    if not accessible and not accessibility_note.strip():
        raise LibraryError("accessibility_note", _(
            "Say what is not accessible and how to get an accessible version."))
    if upload is not None and url:
        raise LibraryError("document", _("Choose a file or give a link (one of the two)."))
    if upload is not None:
        name, data = upload
        material.content_type = check_file(data)
        material.data, material.size, material.url = data, len(data), ""
        material.filename = download_filename(title, name, material.content_type)
    elif url:
        material.url, material.data, material.size = url, None, 0
        material.filename = material.content_type = ""
    elif not material.filename:
        raise LibraryError("document", _("Choose a file or give a link (one of the two)."))
    material.title, material.authors, material.year = title, authors, year
    material.type, material.language, material.project_id = type, language, project_id
    material.accessible = accessible
    material.accessibility_note = "" if accessible else accessibility_note.strip()
    material.tags, material.tag_keys = tag_fields(tags)
    material.search_text = search_key(" ".join((title, authors, material.tags)))[:1200]
    material.published = published
    db.session.add(material)
    return material


def count_download(material_id: int) -> None:
    """One more download, counted by the database itself (UPDATE … SET downloads =
    downloads + 1): two downloads at the same moment both count, which reading the number
    and writing it back would not guarantee."""
    db.session.execute(
        update(LibraryMaterial).where(LibraryMaterial.id == material_id)
        .values(downloads=LibraryMaterial.downloads + 1)
        .execution_options(synchronize_session=False))
