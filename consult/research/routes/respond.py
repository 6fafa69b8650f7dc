"""placeholder"""

from consult.research import respond_bp  # noqa: F401
