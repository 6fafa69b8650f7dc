"""Caching: the one home of what the application builds once and serves many times.

What is cached. Parts of public pages that are the same for every visitor (the events
list, an event's page, the blank registration and comment forms, the home overview, the
directory's parts …), a few values (the impact figures, a consultation's sections for
the comment form, the directory's filter lists, the versions behind the API's ETags, the
layout's menus) and the bodies of feeds, API pages and report files behind an ETag.

Where it is declared. Each area's ``kept.py`` declares its cached things, one line each
with what it shows: ``Fragment(name, reads=(Model, …), fresh=…)`` for HTML,
``Value(name, reads=…)`` for anything else (``declarations.py``). Views, forms and the
layout call ``kept.EVENT_PAGE.render((event_id,), build, changes_at=…)`` or
``kept.SECTION_CHOICES.get((consultation_id,), build)``; services, queries and rule
modules never read a cached value (a rule must see the database as it is).

When it changes. Nothing is invalidated. A cached thing is stored under a version: the
versions of the tables its build reads (``versions.py``: a row per table, given a new
random version by every transaction that changes the table, so every process of every
machine sees a commit at once and a rollback changes nothing), and a clock (the current
minute; the moments a fragment changes at by itself, such as an event's start; or none).
Another version is another entry; old ones fall out of a bounded LRU per process
(``store.py``, cachetools). SQL run by hand is not seen: ``flask cache bump`` gives every
table a new version. The seat counters (``events.seats_taken`` …) change without giving
their table a new version; their columns say which table they follow
(``info={"follows": "registrations"}``), and whoever shows them reads that table (a
declaration that loads them with its rows but shows none says so: ``ignores=``).

Where it lives. In the process (``store.py``), and for fragments also in Redis when
REDIS_URL is set (``shared.py``: built once for every process and machine; a Redis that
does not answer is left alone for a while and never breaks a page). Conditional
responses (``http.py``) answer 304 before building and keep each body per URL, language
and version.

How it is checked. ``tests/caching/test_declarations.py`` requests pages that build every
declaration, records the tables each build's SQL reads, and fails when a declaration
misses one (or a counter's table) or was never built.
"""

from consult.caching.declarations import (
    AT_MOMENTS,
    DECLARED,
    EVERY_MINUTE,
    UNTIL_CHANGED,
    Fragment,
    Value,
)
from consult.caching.http import conditional_response
from consult.caching.store import clear_all
from consult.caching.versions import TableVersion, bump, init_app

__all__ = [
    "AT_MOMENTS",
    "DECLARED",
    "EVERY_MINUTE",
    "UNTIL_CHANGED",
    "Fragment",
    "TableVersion",
    "Value",
    "bump",
    "clear_all",
    "conditional_response",
    "init_app",
]
