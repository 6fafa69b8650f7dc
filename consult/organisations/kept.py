"""What the register caches (``consult.caching``)."""

from consult.caching import Value
from consult.institutions.models import Organisation

# The organisation names suggested in the registration and comment forms (a <datalist>).
SUGGESTED_NAMES = Value("organisation-suggested-names", reads=(Organisation,))
