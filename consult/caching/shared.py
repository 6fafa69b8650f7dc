"""Cached text shared by every process of every machine through Redis, when REDIS_URL is set.

A process's own store (``consult.caching.store``) helps only the requests that process
serves; with several gunicorn processes on several machines each would build every page
once for itself. Text stored here under the same key and version is built once for all
of them. Without REDIS_URL, or while Redis does not answer, the text is simply built: a
page never fails because of this store, and after an error the process leaves Redis alone
for a while instead of waiting for it on every request.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Hashable

from flask import current_app
from redis import Redis, RedisError

log = logging.getLogger(__name__)

PREFIX = "consult:kept:"  # the name operators know from redis-cli (docs/operations.md)
KEEP_SECONDS = 600  # then Redis drops the entry (most versions are long gone by then)
RETRY_AFTER_SECONDS = 30
TIMEOUT_SECONDS = 0.25


def _client() -> Redis | None:
    """The process's Redis client, or None without REDIS_URL or after a recent error."""
    app = current_app
    if not app.config.get("REDIS_URL"):
        return None
    state = app.extensions.setdefault("consult.caching.shared",
                                      {"client": None, "down_until": 0.0})
    if time.monotonic() < state["down_until"]:
        return None
    if state["client"] is None:
        state["client"] = Redis.from_url(app.config["REDIS_URL"], socket_timeout=TIMEOUT_SECONDS,
                                         socket_connect_timeout=TIMEOUT_SECONDS)
    return state["client"]


def _gave_up(error: RedisError) -> None:
    log.warning("Redis did not answer (%s); building cached text locally for %d s",
                error, RETRY_AFTER_SECONDS)
    current_app.extensions["consult.caching.shared"]["down_until"] = (
        time.monotonic() + RETRY_AFTER_SECONDS)


def entry_name(key: Hashable, version: Hashable) -> str:
    """The Redis key of a value: the same in every process for the same key and version
    (keys and versions are tuples of strings and numbers)."""
    return PREFIX + hashlib.sha256(repr((key, version)).encode()).hexdigest()


def shared_text(key: Hashable, version: Hashable, build: Callable[[], str]) -> str:
    """The text stored for ``key`` at ``version``, or ``build()`` (stored for the others)."""
    client = _client()
    if client is None:
        return build()
    name = entry_name(key, version)
    try:
        found = client.get(name)
    except RedisError as error:
        _gave_up(error)
        return build()
    if found is not None:
        return found.decode()
    text = build()
    try:
        client.set(name, text.encode(), ex=KEEP_SECONDS)
    except RedisError as error:
        _gave_up(error)
    return text
