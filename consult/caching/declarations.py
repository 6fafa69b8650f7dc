"""The declarations: every cached fragment and value has a name, the tables its build
reads and how it follows the clock, and is declared once, in its area's ``kept.py``.

A ``Fragment`` is HTML from our templates, shared through Redis when REDIS_URL is set
(``consult.caching.shared``); a ``Value`` is anything immutable, kept by the process
only. Both are stored under the versions of the tables they read
(``consult.caching.versions``) and a clock:

- ``fresh=EVERY_MINUTE`` (the default): the current minute, so whatever depends on the
  clock (what is still upcoming, whether registration is open) is never more than a
  minute behind it;
- ``fresh=AT_MOMENTS``: the number of the moments given to ``render(changes_at=…)`` that
  have passed (an event's page changes by itself only when registration opens or closes
  and when the event starts or ends), so it is built again exactly then;
- ``fresh=UNTIL_CHANGED``: no clock, only a change of the tables.

The key is the declaration's name, what the caller gives (an id, the URL) and the
language of the page. A fragment must not contain anything personal: no CSRF token,
nothing about the signed-in person; the page around it is rendered for each request.
``tests/caching/test_declarations.py`` builds every declaration and fails when a build's
SQL reads a table its declaration does not name.
"""

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime
from typing import Final, TypeVar

from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import Column, Table
from sqlalchemy.orm import InstrumentedAttribute

from consult.caching.shared import shared_text
from consult.caching.store import VersionedStore, store
from consult.caching.versions import table_name, table_versions
from consult.core.timeutil import utcnow

T = TypeVar("T")

EVERY_MINUTE: Final = 60
AT_MOMENTS: Final = "at moments"
UNTIL_CHANGED: Final = None

# The store the declarations share unless one asks for its own (``size``).
SHARED_STORE, SHARED_STORE_SIZE = "declared", 4096

DECLARED: dict[str, "Declaration"] = {}
"""Every declaration by name (those of the modules imported so far: each area's kept.py)."""


class Declaration:
    """What ``Fragment`` and ``Value`` share: the name, the tables read, the clock."""

    def __init__(self, name: str, reads: Iterable[type | Table], *,
                 fresh: int | str | None = EVERY_MINUTE, size: int | None = None,
                 ignores: Iterable[InstrumentedAttribute | Column] = ()):
        """``reads``: the models (or many-to-many tables) whose tables the build reads.
        ``size``: entries of a store of its own (default: the shared one).
        ``ignores``: counter columns (``info={"follows": …}``) that the build loads with
        its rows but does not show, so the table they follow is not read (the declarations'
        test checks that changing them changes nothing built)."""
        if name in DECLARED:
            raise ValueError(f"{name!r} is declared twice")
        if not (fresh in (AT_MOMENTS, UNTIL_CHANGED) or (isinstance(fresh, int) and fresh > 0)):
            raise ValueError(f"{name!r}: fresh must be seconds, AT_MOMENTS or UNTIL_CHANGED")
        self.name = name
        self.reads = tuple(reads)
        self.tables = tuple(table_name(read) for read in self.reads)
        self.fresh = fresh
        self.size = size
        self.ignores = tuple(ignores)
        DECLARED[name] = self

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    def _store(self) -> VersionedStore:
        if self.size is None:
            return store(SHARED_STORE, SHARED_STORE_SIZE)
        return store(self.name, self.size)

    def _key(self, key: Hashable) -> tuple:
        return (self.name, key), str(get_locale() or "")

    def _version(self, changes_at: Iterable[datetime | None] | None) -> tuple:
        if self.fresh == AT_MOMENTS:
            if changes_at is None:
                raise TypeError(f"{self.name!r} is fresh at moments: give changes_at")
            now = utcnow()
            clock = sum(1 for moment in changes_at if moment is not None and moment <= now)
        elif changes_at is not None:
            raise TypeError(f"{self.name!r} is not fresh at moments: no changes_at")
        elif self.fresh is UNTIL_CHANGED:
            clock = 0
        else:
            clock = int(utcnow().timestamp()) // self.fresh
        return table_versions(self.tables), clock

    def _build(self, build: Callable[[], T]) -> T:
        """Where every cached thing is built (the declarations' test watches this)."""
        return build()


class Fragment(Declaration):
    """HTML the same for every visitor, shared by every process through Redis."""

    def render(self, key: Hashable, build: Callable[[], str],
               changes_at: Iterable[datetime | None] | None = None) -> Markup:
        """What ``build()`` renders for ``key`` in the current language, rendered again
        when a table read changed or the clock moved on (``changes_at``: the moments of a
        fragment declared ``fresh=AT_MOMENTS``)."""
        key, version = self._key(key), self._version(changes_at)
        html = self._store().get(
            key, version, lambda: shared_text(key, version, lambda: self._build(build)))
        return Markup(html)  # noqa: S704 - our templates' output


class Value(Declaration):
    """An immutable value the same for every visitor, kept by the process."""

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """What ``build()`` returns for ``key`` in the current language, built again when
        a table read changed or the clock moved on."""
        return self._store().get(self._key(key), self._version(None),
                                 lambda: self._build(build))
