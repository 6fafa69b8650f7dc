"""Turning a draft into sections: pasted Markdown, a Word document, or the statutory template.

Every way ends in :func:`sections_from_markdown`: a DOCX is converted to Markdown first
(mammoth gives HTML, :func:`markdown_from_html` turns that into plain Markdown), so staff
see and can correct the same text whichever way they started. Nothing here touches the
database; :func:`consult.consultations.editing.replace_sections` stores the result.

How a draft is split (Polish acts are written "Rozdział II – Zasady", "§ 3. Cel programu"):
- a Markdown heading ``#`` starts a level-1 section, ``##`` a level-2 one (deeper headings
  stay in the text);
- a paragraph starting with "Rozdział …" or "Dział …" starts a level-1 section, one starting
  with "§ 3" or "Art. 3" a section one level below the last chapter;
- the heading's number ("§ 3", "Rozdział II") is split from its title ("Cel programu");
  a number on its own line followed by a short line without a full stop takes that line
  as its title (the usual layout of a programme in Word).
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from consult.consultations.docx_reading import DocxError as DocxError  # the views catch it
from consult.consultations.docx_reading import html_from_docx
from consult.core.text import search_key

NUMBER_MAX, TITLE_MAX = 40, 300
TITLE_LIKE_MAX = 150  # a line longer than this is text, not a title

_ROMAN_OR_DIGITS = r"(?:[IVXLCDM]+|\d+)[a-z]?"
# Numbers that start a section even in a plain paragraph, with the level they imply.
_CHAPTER = re.compile(
    rf"^(?P<number>(?:rozdzia[łl]|dzia[łl])\s+{_ROMAN_OR_DIGITS})(?![\w])", re.IGNORECASE)
_PARAGRAPH = re.compile(
    r"^(?P<number>(?:§\s*\d+[a-z]?|art\.\s*\d+[a-z]?))(?![\w])", re.IGNORECASE)
# Further numbers recognised in headings only ("## 3. Cel programu", "## ust. 2").
_HEADING_ONLY = re.compile(
    r"^(?P<number>(?:ust\.\s*\d+[a-z]?|pkt\.?\s*\d+[a-z]?|[IVXLCDM]+\.|\d+\.))(?=\s|$)")
_SEPARATOR = re.compile(r"^[\s.:)]*(?:[–—-]\s*)?")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_SENTENCE_END = (".", ";", ":", ",", "!", "?")


@dataclass
class DraftSection:
    """A section as parsed, before it is stored."""

    level: int
    number: str = ""
    title: str = ""
    text: str = ""
    elements: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.number, self.title) if part)


# --- splitting a heading ----------------------------------------------------------------

def _tidy_number(number: str) -> str:
    number = " ".join(number.split())
    number = re.sub(r"^§\s*", "§ ", number)
    return number[:NUMBER_MAX]


def split_heading(text: str, headings_only: bool = True) -> tuple[str, str] | None:
    """("§ 3", "Cel programu") from "§ 3. Cel programu"; None when it has no number.

    ``headings_only`` also accepts the plainer numbers ("3.", "ust. 2") that are too common
    at the start of ordinary paragraphs to split on.
    """
    text = " ".join(text.split())
    patterns = [_CHAPTER, _PARAGRAPH] + ([_HEADING_ONLY] if headings_only else [])
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            number = match.group("number")
            rest = text[match.end():]
            rest = rest[_SEPARATOR.match(rest).end():]
            if not number.endswith(".") or pattern is not _HEADING_ONLY:
                number = number.rstrip(".")
            return _tidy_number(number), rest.strip()
    return None


def _chapter_like(number: str) -> bool:
    return bool(_CHAPTER.match(number))


def _title_like(line: str) -> bool:
    line = line.strip()
    return (0 < len(line) <= TITLE_LIKE_MAX and not line.endswith(_SENTENCE_END)
            and not _HEADING.match(line) and split_heading(line, headings_only=False) is None)


# --- guessing the statutory elements --------------------------------------------------------

# Words of a section title (lower case, without Polish letters) that name one of the 11
# elements of art. 5a ust. 4 UDPP; staff check the guess on the checklist page.
_ELEMENT_WORDS = (
    (11, ("komisj",)),
    (10, ("konsultacj", "tworzenia programu", "sposobie tworzenia")),
    (1, ("cel",)),
    (2, ("zasad",)),
    (3, ("zakres",)),
    (4, ("form",)),
    (5, ("priorytet",)),
    (6, ("okres",)),
    (7, ("sposob realizacji",)),
    (8, ("srodk", "wysokosc", "finansow")),
    (9, ("ocen", "ewaluacj")),
)


def guess_elements(title: str) -> list[int]:
    """The statutory elements a section title names, e.g. "Cele programu" → [1]."""
    key = search_key(title)
    if not key:
        return []
    found = []
    for number, words in _ELEMENT_WORDS:
        if any(re.search(rf"\b{word}", key) for word in words):
            found.append(number)
            if number in (10, 11):  # "zasady działania komisji", "okres konsultacji"
                break
    if 9 in found and 7 in found:  # "sposób oceny realizacji programu"
        found.remove(7)
    return sorted(found)


# --- Markdown → sections --------------------------------------------------------------------

def _starts_paragraph(lines: list[str], i: int) -> bool:
    """A line begins a new paragraph, or follows a finished sentence (text pasted from a
    PDF has single line breaks; "§ 3" wrapped into the start of a line mid-sentence must not
    split the draft)."""
    if i == 0:
        return True
    previous = lines[i - 1].strip()
    return not previous or previous.endswith(_SENTENCE_END) or bool(_HEADING.match(previous))


def sections_from_markdown(source: str) -> list[DraftSection]:
    """The sections of a draft written in Markdown (see the module docstring)."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sections: list[DraftSection] = []
    body: list[str] = []
    preamble: list[str] = []
    in_code = False
    i = 0

    def finish() -> None:
        text = "\n".join(body).strip("\n")
        if sections:
            sections[-1].text = _trim_blank_lines(text)
        elif text.strip():
            preamble.append(text)
        body.clear()

    def start(level: int, number: str, title: str, next_index: int,
              text: str = "") -> int:
        """Begin a section; a bare number takes the following short line as its title."""
        finish()
        if not title and not text:
            j = next_index
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and _title_like(lines[j]) and (
                    j + 1 >= len(lines) or not lines[j + 1].strip()):
                title, next_index = lines[j].strip(), j + 1
        sections.append(DraftSection(level=level, number=number, title=title[:TITLE_MAX]))
        if text:
            body.append(text)
        return next_index

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
        if not in_code:
            heading = _HEADING.match(stripped) if line[:1] == "#" else None
            if heading and len(heading.group("hashes")) <= 2 and heading.group("text"):
                level = len(heading.group("hashes"))
                split = split_heading(heading.group("text"))
                number, title = split if split else ("", heading.group("text"))
                i = start(level, number, title, i + 1)
                continue
            if line[:1] not in (" ", "\t") and _starts_paragraph(lines, i):
                split = split_heading(stripped, headings_only=False)
                if split:
                    number, rest = split
                    level = 1 if _chapter_like(number) or not _under_chapter(sections) else 2
                    if rest and not _title_like(rest):  # "§ 3. Celem programu jest …"
                        i = start(level, number, "", i + 1, text=rest)
                    else:
                        i = start(level, number, rest, i + 1)
                    continue
        body.append(line)
        i += 1
    finish()
    _fix_levels(sections)
    if preamble:
        # Part of the (Polish) document, like the template's titles: not interface text.
        title = "Preambuła" if sections else "Tekst projektu"
        sections.insert(0, DraftSection(level=1, title=title, text="\n\n".join(preamble)))
    for section in sections:
        section.elements = guess_elements(section.title)
    return sections


def _under_chapter(sections: list[DraftSection]) -> bool:
    """Whether a "§" starts a paragraph inside a chapter: the last level-1 section is a
    chapter or an unnumbered heading (not itself a "§")."""
    for section in reversed(sections):
        if section.level == 1:
            return not _PARAGRAPH.match(section.number)
    return False


def _fix_levels(sections: list[DraftSection]) -> None:
    """A level-2 section before any level-1 one has no parent: make it level 1."""
    seen_chapter = False
    for section in sections:
        if section.level == 1:
            seen_chapter = True
        elif not seen_chapter:
            section.level = 1


def _trim_blank_lines(text: str) -> str:
    """Strip blank lines around the text, keep its inner layout."""
    return "\n".join(text.splitlines()).strip("\n").strip()


# --- DOCX → Markdown ------------------------------------------------------------------------

def markdown_from_docx(data: bytes, seconds: float | None = None) -> str:
    """The text of a .docx as Markdown: headings, paragraphs, lists, bold/italics, tables.
    Raises DocxError (with a ``reason`` for the person when the file is refused for its
    size or the time it takes; see docx_reading)."""
    return markdown_from_html(html_from_docx(data, seconds))


_ORDERED_START = re.compile(r"^(\d+)([.)])(\s)")


def _escape_block_start(text: str) -> str:
    """A paragraph that Markdown would read as a heading, quote or list stays a paragraph
    ("3. Trzeci akapit" typed by hand in Word is not a list starting at 1)."""
    if _ORDERED_START.match(text):
        return _ORDERED_START.sub(r"\1\\\2\3", text, count=1)
    if text.startswith(("#", ">", "- ", "+ ", "* ")):
        return "\\" + text
    return text


def _escape_inline(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`")


class _MarkdownWriter(HTMLParser):
    """Just enough HTML → Markdown for mammoth's output (h1–h6, p, lists, tables, links,
    strong/em, br). Text is escaped only where Markdown would misread it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.inline: list[str] = []
        self.lists: list[list] = []  # [kind, counter]
        self.heading = 0
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.link: list[str] = []

    # blocks
    def _flush(self) -> None:
        text = " ".join("".join(self.inline).split())
        self.inline = []
        if not text:
            return
        if self.cell is not None:
            self.cell.append(text)
            return
        if self.lists:
            kind, depth = self.lists[-1], len(self.lists) - 1
            kind[1] += 1
            marker = f"{kind[1]}." if kind[0] == "ol" else "-"
            self.blocks.append(("   " * depth) + f"{marker} {text}")
            return
        if self.heading:
            self.blocks.append(f"{'#' * self.heading} {text}")
            return
        text = _escape_block_start(text)
        self.blocks.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li") or tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self.heading = int(tag[1:])
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists.append([tag, 0])
        elif tag in ("strong", "b"):
            self.inline.append("**")
        elif tag in ("em", "i"):
            self.inline.append("*")
        elif tag == "br":
            self.inline.append(" ")
        elif tag == "a":
            self.link.append(dict(attrs).get("href") or "")
            self.inline.append("[")
        elif tag == "table":
            self._flush()
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("p", "li") or tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self.heading = 0
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self.blocks.append("")  # a blank line ends the list
        elif tag in ("strong", "b"):
            self.inline.append("**")
        elif tag in ("em", "i"):
            self.inline.append("*")
        elif tag == "a":
            href = self.link.pop() if self.link else ""
            self.inline.append(f"]({href})" if href.startswith(("http", "mailto:")) else "]")
        elif tag in ("td", "th") and self.table is not None and self.cell is not None:
            self._flush()
            cell = " ".join(self.cell).replace("|", "\\|")
            if self.table:
                self.table[-1].append(cell)
            self.cell = None
        elif tag == "table" and self.table is not None:
            self.blocks.extend(_markdown_table(self.table))
            self.table = None

    def handle_data(self, data):
        if self.cell is None and self.table is not None and not data.strip():
            return
        self.inline.append(_escape_inline(data))

    def markdown(self) -> str:
        self._flush()
        out: list[str] = []
        for block in self.blocks:
            is_item = bool(re.match(r"^\s*(-|\d+\.) ", block))
            previous_item = bool(out) and bool(re.match(r"^\s*(-|\d+\.) ", out[-1]))
            if out and not (is_item and previous_item) and out[-1] != "":
                out.append("")
            if block == "" and out and out[-1] == "":
                continue
            out.append(block)
        return "\n".join(out).strip() + "\n"


def _markdown_table(rows: list[list[str]]) -> list[str]:
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return ["\n".join(lines)]


def markdown_from_html(html: str) -> str:
    writer = _MarkdownWriter()
    writer.feed(html)
    writer.close()
    return writer.markdown()


# --- the statutory template -----------------------------------------------------------------

# One section per element of art. 5a ust. 4 UDPP. The titles and placeholders are the
# Polish wording of a programme (content of the document, not of the interface).
TEMPLATE = (
    (1, "Cel główny i cele szczegółowe programu",
     "Celem głównym programu jest …\n\nCelami szczegółowymi programu są:\n\n1. …\n2. …"),
    (2, "Zasady współpracy",
     "Współpraca odbywa się na zasadach pomocniczości, suwerenności stron, partnerstwa, "
     "efektywności, uczciwej konkurencji i jawności."),
    (3, "Zakres przedmiotowy",
     "Przedmiotem współpracy są zadania publiczne określone w art. 4 ust. 1 ustawy, "
     "w szczególności …"),
    (4, "Formy współpracy",
     "Współpraca odbywa się w formach, o których mowa w art. 5 ust. 2 ustawy, "
     "w szczególności:\n\n1. zlecanie realizacji zadań publicznych;\n2. wzajemne "
     "informowanie się o planowanych kierunkach działalności;\n3. konsultowanie projektów "
     "aktów normatywnych;\n4. …"),
    (5, "Priorytetowe zadania publiczne",
     "Priorytetowymi zadaniami publicznymi w roku … są:\n\n1. …\n2. …"),
    (6, "Okres realizacji programu",
     "Program realizowany jest w okresie od 1 stycznia … r. do 31 grudnia … r."),
    (7, "Sposób realizacji programu", "Program realizowany jest przez …"),
    (8, "Wysokość środków planowanych na realizację programu",
     "Na realizację programu planuje się przeznaczyć kwotę … zł."),
    (9, "Sposób oceny realizacji programu",
     "Miernikami efektywności realizacji programu są w szczególności:\n\n1. liczba "
     "ogłoszonych otwartych konkursów ofert;\n2. …\n\nSprawozdanie z realizacji programu "
     "przedkłada się radzie do dnia 31 maja."),
    (10, "Informacja o sposobie tworzenia programu oraz o przebiegu konsultacji",
     "[Uzupełnij po zakończeniu konsultacji: tekst można przygotować ze sprawozdania "
     "z konsultacji.]"),
    (11, "Tryb powoływania i zasady działania komisji konkursowych do opiniowania ofert "
         "w otwartych konkursach ofert",
     "Komisję konkursową powołuje … w drodze zarządzenia. W skład komisji wchodzą …"),
)


def template_sections() -> list[DraftSection]:
    """The 11 statutory elements, one section each, already mapped to their element."""
    return [
        DraftSection(level=1, number=f"§ {element}", title=title, text=text,
                     elements=[element])
        for element, title, text in TEMPLATE
    ]
