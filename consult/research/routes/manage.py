"""placeholder"""

from consult.research import manage_bp  # noqa: F401
