"""Values kept per process under a version that the caller reads from the database.

The version is a cheap summary of everything the value depends on (counts and latest
update times, the same figures the ETags are made of). A changed version is simply another
entry, so a stale value is never served and nothing has to be invalidated across the
processes and machines of a deployment; old entries fall out of a small LRU. Values must
be immutable (bytes, str, frozen dataclasses).
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from flask import current_app

T = TypeVar("T")


class VersionedCache:
    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[Hashable, object]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Hashable, version: Hashable, build: Callable[[], T]) -> T:
        """The value stored under ``key`` for this ``version``; built (and kept) if the
        entry is missing or was built for another version."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == version:
                self._entries.move_to_end(key)
                return entry[1]  # type: ignore[return-value]
        value = build()  # outside the lock: a slow build does not block other threads
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def app_cache(name: str, size: int) -> VersionedCache:
    """The application's cache called ``name`` (one per app, so tests never share one)."""
    caches = current_app.extensions.setdefault("consult.caches", {})
    if name not in caches:
        caches[name] = VersionedCache(size)
    return caches[name]
