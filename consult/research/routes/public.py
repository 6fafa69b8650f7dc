"""placeholder"""

from consult.research import bp  # noqa: F401
