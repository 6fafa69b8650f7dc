"""The library's materials: guides, research reports, presentations and recordings the
federation publishes at /materials/, each a file kept in the database (as an event's
materials are) or a link."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import TimestampMixin
from consult.events.funding import FundingProject
from consult.extensions import db


class MaterialType(StrEnum):
    GUIDE = "guide"
    REPORT = "report"
    PRESENTATION = "presentation"
    RECORDING = "recording"
    OTHER = "other"


TYPE_LABELS = {
    MaterialType.GUIDE: _l("Guide"),
    MaterialType.REPORT: _l("Research report"),
    MaterialType.PRESENTATION: _l("Presentation"),
    MaterialType.RECORDING: _l("Recording"),
    MaterialType.OTHER: _l("Other material"),
}
LANGUAGE_LABELS = {"pl": _l("Polish"), "en": _l("English"), "other": _l("Other language")}


class LibraryMaterial(TimestampMixin, db.Model):
    """A material of the library. ``accessible`` False means staff know the file does not
    meet WCAG (a scanned report, a slide deck): the act on digital accessibility of public
    bodies (ustawa z 4 kwietnia 2019 r., art. 8) then asks for a note saying so and how to
    get an accessible version, kept in ``accessibility_note``.

    ``tag_keys`` and ``search_text`` are what the filters and the search compare with
    (``search_key`` of the tags, each between commas, and of title, authors and tags)."""

    __tablename__ = "library_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    authors: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int] = mapped_column(index=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    language: Mapped[str] = mapped_column(String(10), default="pl")
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_projects.id", ondelete="SET NULL"), index=True)
    url: Mapped[str] = mapped_column(String(500), default="")  # a link instead of a file
    filename: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(default=0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    accessible: Mapped[bool] = mapped_column(default=True)
    accessibility_note: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(500), default="")
    tag_keys: Mapped[str] = mapped_column(String(600), default="")
    search_text: Mapped[str] = mapped_column(String(1200), default="")
    published: Mapped[bool] = mapped_column(default=False, index=True)
    downloads: Mapped[int] = mapped_column(default=0)

    project: Mapped[FundingProject | None] = relationship()

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]
