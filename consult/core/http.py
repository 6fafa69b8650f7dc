"""Responses: conditional requests (ETag / Last-Modified) answered before the body is
built, and the names of downloaded files."""

import hashlib
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

from flask import Response, request
from flask_babel import get_locale

from consult.core.cache import app_cache


def conditional_response(version: str, last_modified, build: Callable[[], str | bytes],
                         content_type: str, max_age: int = 300) -> Response:
    """304 when the client's copy is current; otherwise the body ``build()`` returns.

    ``version`` must change whenever the body would: it is cheap to compute (a few
    aggregate queries), so an unchanged feed or list costs no rendering at all, and a
    body built once is served again to every client until the version changes. The
    language is part of the version, since labels in the body are translated.
    """
    locale = str(get_locale() or "")
    version = f"{version}|{locale}"
    response = Response(content_type=content_type)
    response.set_etag(hashlib.sha256(version.encode()).hexdigest()[:32])
    if last_modified:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.vary.update(("Accept-Language", "Cookie"))
    response.make_conditional(request)
    if response.status_code != 304:
        # Built feeds and API pages, per URL and language, while their version holds.
        bodies = app_cache("conditional-bodies", size=128)
        response.set_data(bodies.get((request.full_path, locale), version, build))
    return response


def content_disposition(filename: str, inline: bool = False) -> str:
    """A Content-Disposition value for a download called ``filename`` (RFC 6266): the name
    itself as ``filename*`` when it is not ASCII ("lista-obecności-….pdf"), and as
    ``filename`` an ASCII copy without the Polish letters for clients that read only that."""
    disposition = "inline" if inline else "attachment"
    plain = unicodedata.normalize("NFKD", filename.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(char for char in plain if char.isascii() and char not in '"\\')
    value = f'{disposition}; filename="{plain}"'
    if plain != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def download_name(*parts: str, extension: str) -> str:
    """A file name people read in the language of the page: the parts in lower case, words
    joined by "-", Polish letters kept ("szkolenie-lista-obecności-2026-05-12.pdf");
    ``content_disposition`` adds the ASCII copy."""
    words = (re.sub(r"[\W_]+", "-", str(part).lower()).strip("-") for part in parts)
    return "-".join(word for word in words if word) + f".{extension}"
