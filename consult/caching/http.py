"""Conditional responses (ETag / Last-Modified) answered before the body is built, and the
bodies built once per version (feeds, API pages, report files)."""

import hashlib
from collections.abc import Callable

from flask import Response, request
from flask_babel import get_locale

from consult.caching.store import store

BODIES, BODIES_SIZE = "conditional-bodies", 128


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
        bodies = store(BODIES, BODIES_SIZE)
        response.set_data(bodies.get((request.full_path, locale), version, build))
    return response
