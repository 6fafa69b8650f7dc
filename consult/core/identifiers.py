"""Polish register numbers of organisations, checked the same way in every form.

KRS (Krajowy Rejestr Sądowy, the National Court Register) numbers have 10 digits and no
check digit, so only their length is checked. NIP (tax number) and REGON (statistical
number) carry check digits, checked by python-stdnum. Each validator accepts the usual
written forms (spaces, dashes, a "KRS" or "PL" prefix) and leaves the compact form in the
field; an empty field is left alone (whether it is required is said by other validators).
"""

import re

from flask_babel import lazy_gettext as _l
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import nip, regon
from wtforms.validators import ValidationError

KRS_LENGTH = 10


def compact_krs(value: str) -> str:
    """``value`` without spaces, dashes and a leading "KRS" (not checked)."""
    return re.sub(r"[\s\-.]", "", re.sub(r"^\s*krs\s*:?", "", value, flags=re.IGNORECASE))


def is_krs(value: str) -> bool:
    number = compact_krs(value)
    return number.isdigit() and len(number) == KRS_LENGTH


def krs_number(_form, field) -> None:
    """A WTForms validator: a KRS number, stored as its 10 digits."""
    if not field.data:
        return
    if not is_krs(field.data):
        raise ValidationError(_l("A KRS number has 10 digits, e.g. 0000123456."))
    field.data = compact_krs(field.data)


def _checked_by(module, message):
    def validator(_form, field) -> None:
        if not field.data:
            return
        try:
            field.data = module.validate(field.data)
        except StdnumError as exc:
            raise ValidationError(message) from exc

    return validator


nip_number = _checked_by(nip, _l("This is not a valid NIP number: it has 10 digits, e.g. "
                                 "526-025-02-74, and the last one is a check digit."))
regon_number = _checked_by(regon, _l("This is not a valid REGON number: it has 9 or 14 "
                                     "digits, and the last one is a check digit."))
