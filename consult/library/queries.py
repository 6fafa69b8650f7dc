"""Reads of the library: the public list with its search and filters, and a material."""

from dataclasses import dataclass

from sqlalchemy import Select, select

from consult.core.search import SearchTerm, contains_every_word, search_term
from consult.core.text import search_key
from consult.events.funding import FundingProject
from consult.extensions import db
from consult.library.models import LANGUAGE_LABELS, LibraryMaterial, MaterialType


@dataclass(frozen=True)
class Filters:
    """The list's search and filters, from the query string; unknown values are ignored."""

    term: SearchTerm
    type: str = ""
    year: int | None = None
    language: str = ""
    project_id: int | None = None
    tag: str = ""

    @classmethod
    def from_args(cls, args) -> "Filters":
        def number(name):
            value = args.get(name, "")
            return int(value) if value.isdigit() and len(value) < 10 else None

        kind, language = args.get("type", ""), args.get("language", "")
        return cls(term=search_term(args.get("q")),
                   type=kind if kind in set(MaterialType) else "",
                   year=number("year"),
                   language=language if language in LANGUAGE_LABELS else "",
                   project_id=number("project"), tag=(args.get("tag") or "").strip()[:100])

    @property
    def truncated(self) -> bool:
        return self.term.truncated

    def args(self, without: str = "") -> dict:
        """The filters as query-string arguments (for the pagination's links), but
        ``without``."""
        values = {"q": self.term.text, "type": self.type, "year": self.year,
                  "language": self.language, "project": self.project_id, "tag": self.tag}
        return {name: value for name, value in values.items() if value and name != without}


def materials(filters: Filters, include_drafts: bool = False) -> Select:
    """Published materials (and drafts for staff) matching the filters, newest first."""
    stmt = select(LibraryMaterial).order_by(LibraryMaterial.year.desc(),
                                            LibraryMaterial.id.desc())
    if not include_drafts:
        stmt = stmt.where(LibraryMaterial.published.is_(True))
    stmt = stmt.where(*contains_every_word(LibraryMaterial.search_text, filters.term))
    if filters.type:
        stmt = stmt.where(LibraryMaterial.type == filters.type)
    if filters.year:
        stmt = stmt.where(LibraryMaterial.year == filters.year)
    if filters.language:
        stmt = stmt.where(LibraryMaterial.language == filters.language)
    if filters.project_id:
        stmt = stmt.where(LibraryMaterial.project_id == filters.project_id)
    if filters.tag and search_key(filters.tag):
        stmt = stmt.where(LibraryMaterial.tag_keys.contains(f",{search_key(filters.tag)},",
                                                            autoescape=True))
    return stmt


def filter_choices() -> tuple[list[int], list[FundingProject]]:
    """The years and the projects the published materials have, for the filters' lists."""
    published = LibraryMaterial.published.is_(True)
    years = list(db.session.scalars(select(LibraryMaterial.year).where(published).distinct()
                                    .order_by(LibraryMaterial.year.desc())))
    projects = list(db.session.scalars(
        select(FundingProject).where(FundingProject.id.in_(
            select(LibraryMaterial.project_id).where(published)))
        .order_by(FundingProject.name)))
    return years, projects


def shown_material(material_id: int, include_drafts: bool) -> LibraryMaterial | None:
    material = db.session.get(LibraryMaterial, material_id)
    if material is None or not (material.published or include_drafts):
        return None
    return material


def materials_of_project(project_id: int) -> list[LibraryMaterial]:
    """A project's published materials, newest first (for the project's page)."""
    return list(db.session.scalars(
        select(LibraryMaterial).where(LibraryMaterial.project_id == project_id,
                                      LibraryMaterial.published.is_(True))
        .order_by(LibraryMaterial.year.desc(), LibraryMaterial.id.desc())))
