"""Search boxes: one bound and one way of matching for every search on the site.

A search term comes from a visitor (``?q=``, a form field), so it can be any length. SQLite
refuses a LIKE pattern over 50,000 bytes ("LIKE or GLOB pattern too complex") and an
expression more than 1,000 conditions deep, and PostgreSQL would scan with every one of
them: a 100 KB search was a server error. Every search therefore takes its term through
:func:`search_term` (at most :data:`SEARCH_MAX_LENGTH` characters; a longer one is cut, and
the page says so through :func:`note_truncated_search`) and matches with
:func:`contains_every_word` (or ``column.contains(term.key, autoescape=True)`` for a
whole phrase), which escapes LIKE's wildcards: a search for "50%" finds "50%", not
everything. A term of 200 characters stays far below both databases' limits, even after
``search_key`` expands a ligature.
"""

from dataclasses import dataclass

from flask import flash, has_request_context
from flask_babel import gettext as _

from consult.core.text import search_key

SEARCH_MAX_LENGTH = 200


@dataclass(frozen=True)
class SearchTerm:
    """What was typed into a search box, stripped and cut to SEARCH_MAX_LENGTH."""

    text: str = ""
    truncated: bool = False  # it was longer: only the beginning is searched for

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text

    @property
    def key(self) -> str:
        """The term as compared with the ``search_*`` columns (see ``search_key``)."""
        return search_key(self.text)

    @property
    def words(self) -> list[str]:
        return self.key.split()


def search_term(value: str | None) -> SearchTerm:
    """The term of a search box, bounded; ``None`` and blanks are no search."""
    text = (value or "").strip()
    if len(text) <= SEARCH_MAX_LENGTH:
        return SearchTerm(text)
    return SearchTerm(text[:SEARCH_MAX_LENGTH].rstrip(), truncated=True)


def too_long_message() -> str:
    return _("The search was too long: only its first %(num)d characters were searched for.",
             num=SEARCH_MAX_LENGTH)


def note_truncated_search(term):
    """Tell the person (in the page's message area) that only the beginning of a long
    search was used. ``term``: anything with ``truncated`` (a SearchTerm, the directory's
    filters); returned, so a view can write ``term = note_truncated_search(search_term(…))``.
    """
    if term.truncated and has_request_context():
        flash(too_long_message(), "warning")
    return term


def contains_every_word(column, term: SearchTerm) -> list:
    """Conditions: ``column`` (a ``search_*`` column) holds every word of the term."""
    return [column.contains(word, autoescape=True) for word in term.words]
