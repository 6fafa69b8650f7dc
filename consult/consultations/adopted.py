"""The adopted (final) version: the wording the authority adopted after the consultation,
what changed in each section compared with the draft, and the accepted comments that led
to the change.

The comparison is word by word (difflib on words and the spaces between them) and shown
with <ins> and <del>; each carries a visually hidden "added:" / "removed:" so that screen
readers, which mostly ignore those elements, say what happened, and the change never
depends on colour alone.
"""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup, escape

from consult.consultations import services
from consult.consultations.models import Comment, Consultation, Section
from consult.core.timeutil import utcnow

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text.replace("\r\n", "\n"))


def _html(text: str) -> Markup:
    return escape(text).replace("\n", Markup("<br>\n"))


MARKED = {
    "del": Markup('<del><span class="visually-hidden">{label} </span>{text}</del>'),
    "ins": Markup('<ins><span class="visually-hidden">{label} </span>{text}</ins>'),
}


def _marked(tag: str, label: str, text: str) -> Markup:
    return MARKED[tag].format(label=label, text=_html(text))


def _changes(before: list[str], after: list[str]) -> list[tuple[bool, str, str]]:
    """(changed, removed, added) runs; a lone space between two changes joins them, so
    "a b" → "x y" reads as one replacement and not as two."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    runs: list[tuple[bool, str, str]] = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        runs.append((operation != "equal", removed, added))
    merged: list[tuple[bool, str, str]] = []
    for index, run in enumerate(runs):
        changed, removed, added = run
        between_changes = (0 < index < len(runs) - 1 and runs[index + 1][0]
                           and merged and merged[-1][0])
        if not changed and between_changes and not removed.strip():
            changed = True
        if changed and merged and merged[-1][0]:
            _flag, old_removed, old_added = merged.pop()
            merged.append((True, old_removed + removed, old_added + added))
        else:
            merged.append((changed, removed, added))
    return merged


def word_diff(old: str, new: str) -> Markup:
    """The new text with removed words in <del> and added words in <ins> (escaped HTML)."""
    parts = []
    for changed, removed, added in _changes(_tokens(old or ""), _tokens(new or "")):
        if not changed:
            parts.append(_html(added))
            continue
        if removed:
            parts.append(_marked("del", _("removed:"), removed))
        if added:
            parts.append(_marked("ins", _("added:"), added))
    return Markup("").join(parts)


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
    partially accepted comments on it (comments on the whole document apart)."""
    adopting = services.adopting_comments(consultation)
    changes = []
    for number, section in enumerate(consultation.sections, start=1):
        changed = is_changed(section)
        changes.append(SectionChange(
            section=section,
            label=section_label(section, number),
            final_text=final_text_of(section),
            changed=changed,
            diff=word_diff(section.text, final_text_of(section)) if changed else None,
            comments=adopting.get(section.id, []),
        ))
    return AdoptedVersion(consultation, changes, adopting.get(None, []))


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
