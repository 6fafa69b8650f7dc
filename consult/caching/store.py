"""The per-process store: values under the version they were built for.

The version is a cheap summary of everything a value depends on (the table versions of
``consult.caching.versions`` and a clock, or the figures an ETag is made of). A changed
version is simply another entry, so a stale value is never served and nothing has to be
invalidated across the processes and machines of a deployment; old entries fall out of a
small LRU (cachetools' ``LRUCache``). Values must be immutable (bytes, str, Markup, frozen
dataclasses, tuples of them).
"""

from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from cachetools import LRUCache
from flask import current_app

T = TypeVar("T")

EXTENSION = "consult.caches"  # on app.extensions: the app's stores by name


class VersionedStore:
    """An LRU of ``size`` entries, each the version a value was built for and the value."""

    def __init__(self, size: int):
        self.size = size
        self._entries: LRUCache = LRUCache(maxsize=size)
        # cachetools' caches are not thread-safe: as its documentation advises, every
        # access goes through one lock (gunicorn's threads share the process's stores).
        self._lock = Lock()

    def get(self, key: Hashable, version: Hashable, build: Callable[[], T]) -> T:
        """The value stored under ``key`` for this ``version``; built (and stored) if the
        entry is missing or was built for another version."""
        with self._lock:
            entry = self._entries.get(key)  # a hit becomes the most recently used
        if entry is not None and entry[0] == version:
            return entry[1]
        value = build()  # outside the lock: a slow build does not block other threads
        with self._lock:
            self._entries[key] = (version, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def store(name: str, size: int) -> VersionedStore:
    """The application's store called ``name`` (one per app, so tests never share one)."""
    stores = current_app.extensions.setdefault(EXTENSION, {})
    if name not in stores:
        stores[name] = VersionedStore(size)
    return stores[name]


def clear_all(app) -> None:
    """Empty every store of ``app`` (tests measure a page as it is built)."""
    for found in app.extensions.get(EXTENSION, {}).values():
        found.clear()
