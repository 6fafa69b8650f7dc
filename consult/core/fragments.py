"""What is the same for every visitor — parts of public pages, the versions behind ETags —
built once per change and kept per process.

A kept value is stored under the versions of the tables it reads
(``consult.core.changes``) and the current minute: whatever depends on the clock (what is
still upcoming, whether registration is open) is never more than a minute behind it. A
fragment that knows the moments it changes at (an event's page) is kept until the next
of them instead.
Kept fragments must not contain anything personal: no CSRF token, nothing about the
signed-in person; the page around them is rendered for each request as usual. With
REDIS_URL set, fragments are also shared by every process and machine through Redis.
"""

from collections.abc import Callable, Hashable, Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from flask_babel import get_locale
from markupsafe import Markup

from consult.core.cache import app_cache
from consult.core.changes import versions
from consult.core.shared_store import shared_text
from consult.core.timeutil import utcnow

FRESH_FOR_SECONDS = 60
T = TypeVar("T")


def _version(models: Sequence[type], changes_at: Iterable[datetime | None] | None) -> tuple:
    now = utcnow()
    if changes_at is None:
        clock = int(now.timestamp()) // FRESH_FOR_SECONDS
    else:
        clock = sum(1 for moment in changes_at if moment is not None and moment <= now)
    return versions(models), clock


def _in_language(key: Hashable) -> tuple:
    return key, str(get_locale() or "")


def kept(key: Hashable, models: Sequence[type], build: Callable[[], T]) -> T:
    """What ``build()`` returns for ``key`` (a name and whatever the value varies with,
    such as the URL) in the current language, built again when one of the tables of
    ``models`` changed or the minute turned. The value must be immutable."""
    return app_cache("kept", size=4096).get(_in_language(key), _version(models, None), build)


def shared_fragment(key: Hashable, models: Sequence[type], build: Callable[[], str],
                    changes_at: Iterable[datetime | None] | None = None) -> Markup:
    """HTML that ``build()`` renders from our templates, kept as ``kept`` keeps values and,
    when REDIS_URL is set, shared by every process (``consult.core.shared_store``).
    ``changes_at``: the only moments at which the HTML changes by itself (registration
    opens, the event starts); when given, it is kept until the next of them instead of
    for the current minute."""
    key, version = _in_language(("fragment", key)), _version(models, changes_at)
    html = app_cache("kept", size=4096).get(
        key, version, lambda: shared_text(key, version, build))
    return Markup(html)  # noqa: S704 - our templates' output
