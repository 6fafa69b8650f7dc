"""A draft's sections as a reader finds them: the table of contents of the public page and
of the staff's list of sections."""

from typing import NamedTuple

from consult.consultations.models import Section


class TocEntry(NamedTuple):
    """A chapter (or a paragraph before any chapter) and the paragraphs inside it."""

    section: Section
    children: list[Section]


def table_of_contents(sections: list[Section]) -> list[TocEntry]:
    """Chapters with their paragraphs, in document order; a paragraph before any chapter
    stands on its own."""
    toc: list[TocEntry] = []
    for section in sections:
        if section.level > 1 and toc:
            toc[-1].children.append(section)
        else:
            toc.append(TocEntry(section, []))
    return toc
