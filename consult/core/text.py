"""Markdown rendered to HTML and sanitised with nh3 (ammonia); how text is searched and
sorted (search_key, polish_sort_key)."""

import re
import unicodedata
from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup, escape
from sqlalchemy import select

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "u", "s", "blockquote", "code", "pre", "hr",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody",
    "tr", "th", "td", "abbr", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def render_markdown(source: str | None) -> Markup:
    """Markdown → sanitised HTML; headings start at h2 because the page owns h1."""
    if not source:
        return Markup("")
    return Markup(_sanitised_html(source))  # noqa: S704 - sanitised by nh3


@lru_cache(maxsize=4096)
def _sanitised_html(source: str) -> str:
    """Memoised by the source text itself, so an edited text is simply another key: a
    consultation page re-renders 60 unchanged sections on every view otherwise."""
    html = _markdown_html(source).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return _LINK_WITHOUT_ADDRESS.sub(r"\1", cleaned)


# Python-Markdown parses nested lists and quotes recursively: a text (pasted, or imported
# from Word) with thousands of levels exhausts the stack, at a depth that depends on how
# deep the caller already is; and browsers flatten a page nested more than 513 elements
# deep. So a text whose lists or quotes nest more than MAX_NESTING levels (markers on one
# line, or indentation) is plain text, always. A programme's chapters, paragraphs, points
# and letters are four.
MAX_NESTING = 20
_LEVEL = r"[ \t]*(?:(?:[*+-]|\d+[.)])[ \t]+|>)"
_TOO_DEEP = re.compile(rf"^(?:{_LEVEL}){{{MAX_NESTING + 1},}}|^(?: {{4}}|\t){{{MAX_NESTING + 1},}}",
                       re.MULTILINE)


def _markdown_html(source: str) -> str:
    plain = f"<p>{escape(source)}</p>"
    if _TOO_DEEP.search(source):
        return plain
    try:
        return md.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    except RecursionError:  # the stack was nearly spent before the text began
        return plain


# nh3 drops a link's address when its scheme is not allowed (javascript:, data:) and keeps
# the <a>, which is then no link and not valid HTML: its text stays, the element goes.
# nh3's output is well-formed and links do not nest, so the first </a> closes it.
_LINK_WITHOUT_ADDRESS = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)


# XML 1.0 (§2.2, production "Char") has no place for the C0 control characters other than
# tab, line feed and carriage return, for lone surrogates, or for U+FFFE and U+FFFF: lxml,
# openpyxl and python-docx refuse to write them, so XLSX, DOCX and Atom files could not be
# built. iCalendar and vCard forbid them too, and DEL, which goes as well. Word puts a
# vertical tab (VT) for a manual line break and a form feed (FF) for a page break into
# what is copied from it: those are line breaks, not characters to drop mid-word.
_WORD_BREAKS = re.compile("[\x0b\x0c]")
_UNWRITABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CARRIAGE_RETURNS = re.compile("\r\n?")


def storable_text(value: str) -> str:
    """Typed text as it is kept: Word's line and page breaks as line breaks, and nothing
    that XML 1.0 forbids (see above). Every form and query-string value passes through it
    (``consult.core.request_data``); the line breaks a browser sends (CR LF) are kept."""
    return _UNWRITABLE.sub("", _WORD_BREAKS.sub("\n", value))


def export_text(value) -> str:
    """Text as every exported file writes it (spreadsheets, documents, calendars, vCards,
    feeds, PDF): what ``storable_text`` keeps, with each line break as one line feed (a
    lone CR would end an iCalendar line). Exports apply it themselves because rows stored
    before the input rule, by imports or the command line may hold anything. None is
    empty text."""
    return _CARRIAGE_RETURNS.sub("\n", storable_text("" if value is None else str(value)))


def search_key(text: str | None) -> str:
    """Lower-case ASCII for searching without regard to case and Polish letters.

    "Łódź" → "lodz"; ł has no Unicode decomposition, so it is mapped by hand.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# Polish alphabetical order (PN-ISO/IEC 14651 as ICU's "pl" applies it): each letter with a
# diacritic is a letter of its own after its base letter, so "Łosice" comes after "Lubań"
# and "Żabia Wola" after "Zwoleń". Python's str order puts them after "z" (code points),
# and search_key() folds them into their base letter; neither is Polish order.
_POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_POLISH_RANK = {letter: rank for rank, letter in enumerate(_POLISH_ALPHABET)}


def polish_sort_key(text: str | None) -> tuple:
    """A key that sorts names in Polish alphabetical order (``sorted(names,
    key=polish_sort_key)``): case does not count, spaces and punctuation come before digits
    and digits before letters; a letter outside the Polish alphabet counts as its base
    letter ("é" as "e"). Ties keep a fixed order (the text itself)."""
    text = text or ""
    weights = []
    for char in text.casefold():
        base = unicodedata.normalize("NFKD", char)[:1]
        rank = _POLISH_RANK.get(char, _POLISH_RANK.get(base))
        if rank is not None:
            weights.append(100 + rank)
        elif char.isdigit():
            weights.append(10 + int(char) if char.isascii() else 20)
        elif char.isalpha():
            weights.append(1000 + ord(char))
        else:
            weights.append(0)
    return tuple(weights), text


def unique_slug(title: str, column, fallback: str) -> str:
    """An ASCII slug of the title not yet used in ``column`` ("szkolenie-2" on a clash)."""
    from consult.extensions import db

    base = re.sub(r"[^a-z0-9]+", "-", search_key(title)).strip("-")[:80] or fallback
    slug, n = base, 2
    while db.session.scalar(select(column).where(column == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug
