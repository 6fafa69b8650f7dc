"""What the advice log caches (``consult.caching``)."""

from consult.advice.models import AdviceSession
from consult.caching import Value

# The minutes of advice of all time (the home page's impact figures).
ADVICE_MINUTES = Value("advice-minutes", reads=(AdviceSession,))
