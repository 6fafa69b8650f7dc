"""Route walks: tests that send a request to every route (every role on every route, every
POST without or with a wrong CSRF token, …) — a few seconds each per route, the slowest
tests of the suite.

``make test`` walks every route. ``make test-fast`` passes ``--walk-sample N``: a walk then
requests one route in N, a different share each day (the routes are split by a hash of their
endpoint), so the fast runs of N days cover every route while ``make test`` and CI always
cover all. The checks that need no request (is every route classified? does every POST
have a case?) always look at every route.
"""

import zlib
from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

import pytest

OPTION = "--walk-sample"
T = TypeVar("T")


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(OPTION, type=int, default=1, metavar="N",
                     help="route walks request one route in N, a different share each day "
                          "(make test-fast); default 1: every route")


def configure(config: pytest.Config) -> None:
    global _every, _share
    _every = max(1, config.getoption(OPTION))
    _share = date.today().toordinal() % _every


def header() -> str | None:
    if _every == 1:
        return None
    return f"route walks: one route in {_every} (share {_share} of today)"


_every = 1
_share = 0


def is_walked(key: str) -> bool:
    """Whether the walks of this run request the route named ``key`` (its endpoint)."""
    return _every == 1 or zlib.crc32(key.encode()) % _every == _share


def walked(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    return [item for item in items if is_walked(key(item))]
