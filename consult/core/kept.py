"""What the shared layout caches (``consult.caching``)."""

from consult.caching import UNTIL_CHANGED, Value

# The layout's menus (main menu, footer) per page, script root and whether the management
# link shows: a dozen links and labels, about a millisecond of every page. No table.
LAYOUT = Value("layout", reads=(), fresh=UNTIL_CHANGED, size=1024)
