"""The adopted (final) version: the wording the authority adopted after the consultation,
what changed in each section compared with the draft, and the accepted comments that led
to the change.

The comparison is of the formatted texts: both wordings are rendered from Markdown through
the sanitiser (so readers see bold, lists and tables, never a literal ``**``), then compared
word by word (difflib on the tags, words and spaces of the HTML). The adopted text keeps its
own structure; removed words are put back where they were, in <del>, and added ones are in
<ins>. Each carries a visually hidden "added:" / "removed:" so that screen readers, which
mostly ignore those elements, say what happened, and the change never depends on colour
alone.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup

from consult.consultations import services
from consult.consultations.models import Comment, Consultation, Section
from consult.consultations.report import build_report
from consult.core.text import render_markdown
from consult.core.timeutil import utcnow

# The tokens of sanitised HTML: a tag, a character reference, spaces, a word, a sign.
TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\s+|\w+|[^\w\s]")
VOID = {"br", "hr"}
# Where text may not stand: removed words are put in a new item, row or cell there.
WRAPPERS = {"ul": ("<li>", "</li>"), "ol": ("<li>", "</li>"), "tr": ("<td>", "</td>"),
            "table": ("<tr><td>", "</td></tr>"), "thead": ("<tr><td>", "</td></tr>"),
            "tbody": ("<tr><td>", "</td></tr>"), None: ("<p>", "</p>")}
MARKED = {
    "del": Markup('<del><span class="visually-hidden">{label} </span>{text}</del>'),
    "ins": Markup('<ins><span class="visually-hidden">{label} </span>{text}</ins>'),
}


def _tokens(markdown: str) -> list[str]:
    return TOKEN.findall(str(render_markdown(markdown)))


def _is_tag(token: str) -> bool:
    return token.startswith("<")


def _changes(before: list[str], after: list[str]) -> list[tuple[bool, list[str], list[str]]]:
    """(changed, removed, added) runs of tokens; a lone space between two changes joins
    them, so "a b" → "x y" reads as one replacement and not as two."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    runs = [(operation != "equal", before[i1:i2], after[j1:j2])
            for operation, i1, i2, j1, j2 in matcher.get_opcodes()]
    merged: list[tuple[bool, list[str], list[str]]] = []
    for index, (changed, removed, added) in enumerate(runs):
        between_changes = (0 < index < len(runs) - 1 and runs[index + 1][0]
                           and merged and merged[-1][0])
        if not changed and between_changes and not "".join(removed).strip():
            changed = True
        if changed and merged and merged[-1][0]:
            _flag, old_removed, old_added = merged.pop()
            merged.append((True, old_removed + removed, old_added + added))
        else:
            merged.append((changed, removed, added))
    return merged


class _Writer:
    """Writes the adopted text's HTML, knowing which elements are open, so that marked
    words always stand where text is allowed."""

    def __init__(self):
        self.parts: list[str] = []
        self.open: list[str] = []

    def tag(self, token: str) -> None:
        self.parts.append(token)
        name = token.strip("</>").split()[0].lower() if token.strip("</>") else ""
        if token.startswith("</"):
            while self.open and self.open.pop() != name:
                pass
        elif name not in VOID and not token.endswith("/>"):
            self.open.append(name)

    def text(self, tokens: list[str], mark: str | None = None) -> None:
        text = "".join(tokens)
        if mark is None or not text.strip():
            self.parts.append(text)
            return
        label = _("removed:") if mark == "del" else _("added:")
        # The tokens are text of sanitised HTML: already escaped.
        marked = MARKED[mark].format(label=label, text=Markup(text.strip()))  # noqa: S704
        parent = self.open[-1] if self.open else None
        before, after = WRAPPERS.get(parent, ("", ""))
        leading, trailing = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        self.parts.append(f"{leading}{before}{marked}{after}{trailing}")

    def html(self) -> Markup:
        return Markup("".join(self.parts))  # noqa: S704 - sanitised HTML and our marks


def markdown_diff(old: str, new: str) -> Markup:
    """The new text, formatted, with removed words in <del> and added words in <ins>."""
    writer = _Writer()
    for changed, removed, added in _changes(_tokens(old or ""), _tokens(new or "")):
        if changed:
            writer.text([t for t in removed if not _is_tag(t)], "del")
        words: list[str] = []
        for token in added:
            if _is_tag(token):
                writer.text(words, "ins" if changed else None)
                words = []
                writer.tag(token)
            else:
                words.append(token)
        writer.text(words, "ins" if changed else None)
    return writer.html()


def final_text_of(section: Section) -> str:
    """The adopted wording; a section staff did not change keeps the draft's."""
    return section.text if section.final_text is None else section.final_text


def is_changed(section: Section) -> bool:
    return _normalised(final_text_of(section)) != _normalised(section.text)


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").strip()
                     .split("\n"))


def section_label(section: Section, number: int) -> str:
    """The section's number and title, or "Part N" for a section that has neither."""
    return section.label or _("Part %(num)d", num=number)


@dataclass
class SectionChange:
    section: Section
    label: str
    final_text: str
    changed: bool
    diff: Markup | None
    comments: list[Comment] = field(default_factory=list)


@dataclass
class AdoptedVersion:
    consultation: Consultation
    sections: list[SectionChange]
    whole_document_comments: list[Comment]
    numbers: dict[int, int] = field(default_factory=dict)  # comment id: its number (Lp.)

    @property
    def changed_count(self) -> int:
        return sum(1 for change in self.sections if change.changed)

    def heading_level(self, change: SectionChange) -> int:
        """h2 for the top level of the draft, h3 below it (a draft of paragraphs only has
        no chapters: its paragraphs are h2, so no heading level is skipped)."""
        top = min((c.section.level for c in self.sections), default=1)
        return 2 + max(change.section.level - top, 0)


def adopted_version(consultation: Consultation) -> AdoptedVersion:
    """Every section with its final text, the diff when it changed, and the accepted or
    partially accepted comments on it (comments on the whole document apart), with the
    numbers the report gives them."""
    adopting = services.adopting_comments(consultation)
    changes = []
    for number, section in enumerate(consultation.sections, start=1):
        changed = is_changed(section)
        changes.append(SectionChange(
            section=section,
            label=section_label(section, number),
            final_text=final_text_of(section),
            changed=changed,
            diff=markdown_diff(section.text, final_text_of(section)) if changed else None,
            comments=adopting.get(section.id, []),
        ))
    numbers = {row.comment.id: row.number for row in build_report(consultation).rows}
    return AdoptedVersion(consultation, changes, adopting.get(None, []), numbers)


# --------------------------------------------------------------------------- staff actions

def save_final_text(consultation: Consultation, texts: dict[int, str], note: str) -> int:
    """Store the adopted wording of the sections (by section id); returns how many differ
    from the draft. A section left out keeps its current final text."""
    for section in consultation.sections:
        if section.id in texts:
            section.final_text = texts[section.id].replace("\r\n", "\n").strip()
    consultation.final_note = note.strip()
    return sum(1 for section in consultation.sections if is_changed(section))


def publish_final(consultation: Consultation, now: datetime | None = None) -> Consultation:
    """Publish the adopted version; it follows the report, which explains the changes."""
    if consultation.report_published_at is None:
        raise services.ConsultationError(
            _("Publish the consultation report first: the adopted version refers to it."))
    if consultation.final_published_at is not None:
        raise services.ConsultationError(_("The adopted version is already published."))
    for section in consultation.sections:
        if section.final_text is None:
            section.final_text = section.text
    consultation.final_published_at = now or utcnow()
    return consultation
