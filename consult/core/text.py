"""Markdown rendered to HTML and sanitised with nh3 (ammonia)."""

import re
import unicodedata
from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup
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
    html = md.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def search_key(text: str | None) -> str:
    """Lower-case ASCII for searching without regard to case and Polish letters.

    "Łódź" → "lodz"; ł has no Unicode decomposition, so it is mapped by hand.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def unique_slug(title: str, column, fallback: str) -> str:
    """An ASCII slug of the title not yet used in ``column`` ("szkolenie-2" on a clash)."""
    from consult.extensions import db

    base = re.sub(r"[^a-z0-9]+", "-", search_key(title)).strip("-")[:80] or fallback
    slug, n = base, 2
    while db.session.scalar(select(column).where(column == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug
