"""Parts of public pages that are the same for every visitor, rendered once per change.

A fragment is kept per process under the versions of the tables it reads
(``consult.core.changes``) and the current minute: lists that depend on the clock (what is
still upcoming, whether registration is open) are never more than a minute behind it.
Fragments must not contain anything personal: no CSRF token, nothing about the signed-in
person; the page around them is rendered for each request as usual.
"""

from collections.abc import Callable, Hashable, Sequence

from flask_babel import get_locale
from markupsafe import Markup

from consult.core.cache import app_cache
from consult.core.changes import versions
from consult.core.timeutil import utcnow

FRESH_FOR_SECONDS = 60


def shared_fragment(key: Hashable, models: Sequence[type], build: Callable[[], str]) -> Markup:
    """The HTML ``build()`` renders for ``key`` (the fragment's name and whatever it varies
    with, such as the URL) in the current language, built again when one of the tables of
    ``models`` changed or the minute turned."""
    version = (versions(models), int(utcnow().timestamp()) // FRESH_FOR_SECONDS)
    key = (key, str(get_locale() or ""))
    return Markup(app_cache("fragments", size=256).get(key, version, build))  # noqa: S704 - rendered by our templates
