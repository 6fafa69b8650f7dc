"""The notes the platform writes in the status logs of registrations and events, and what
a reader sees of them in their language.

A log row keeps its note as it was written, in English, whoever reads it later (it is an
audit record: a change of wording or of the reader's language must not change it). Staff
pages and the person's personal-data export show a note written here translated; a note
that staff typed (the reason for cancelling a registration or an event) is shown as typed,
after the translated note it follows ("cancelled by staff: <the reason>").
"""

from flask_babel import lazy_pgettext, pgettext

# The notes are translated in the context "status log", apart from the same words elsewhere.


REGISTERED = "registered"
ADDED_BY_STAFF = "added by staff"
WAITS_FOR_ADDRESS = ("registered; the visitor's unconfirmed holds reached the limit: "
                     "waits for the address to be confirmed")
ADDRESS_CONFIRMED = "e-mail confirmed"
PROMOTED = "promoted from the waiting list"
NOT_CONFIRMED_IN_TIME = "address not confirmed in time"
WAITING_NOT_CONFIRMED_IN_TIME = "address not confirmed in time: waiting entry cancelled"
CANCELLED = "cancelled"
CANCELLED_BY_STAFF = "cancelled by staff"
CANCELLED_BY_REGISTRANT = "cancelled by the registrant"
ACCOUNT_DELETED = "account deleted"
PUBLISHED = "published"
DETAILS_CHANGED = "details changed by the registrant: "  # then the fields' names

_READABLE = {
    REGISTERED: lazy_pgettext("status log", "registered"),
    ADDED_BY_STAFF: lazy_pgettext("status log", "added by staff"),
    WAITS_FOR_ADDRESS: lazy_pgettext(
        "status log", "registered; the same visitor already holds the most seats unconfirmed "
        "addresses may hold: waits for the address to be confirmed"),
    ADDRESS_CONFIRMED: lazy_pgettext("status log", "e-mail address confirmed"),
    PROMOTED: lazy_pgettext("status log", "got a seat from the waiting list"),
    NOT_CONFIRMED_IN_TIME: lazy_pgettext("status log", "e-mail address not confirmed in time"),
    WAITING_NOT_CONFIRMED_IN_TIME: lazy_pgettext(
        "status log", "e-mail address not confirmed in time: waiting entry cancelled"),
    CANCELLED: lazy_pgettext("status log", "cancelled"),
    CANCELLED_BY_STAFF: lazy_pgettext("status log", "cancelled by staff"),
    CANCELLED_BY_REGISTRANT: lazy_pgettext("status log", "cancelled by the registrant"),
    ACCOUNT_DELETED: lazy_pgettext("status log", "account deleted"),
    PUBLISHED: lazy_pgettext("status log", "published"),
}

_FIELDS = {
    "organisation": lazy_pgettext("status log", "organisation"),
    "position": lazy_pgettext("status log", "position"),
    "phone": lazy_pgettext("status log", "phone"),
    "needs": lazy_pgettext("status log", "needs"),
    "consent_needs": lazy_pgettext("status log", "consent to the use of needs"),
}


def with_reason(note: str, reason: str) -> str:
    """A note followed by the reason staff typed, as the log stores it (300 characters)."""
    return f"{note}: {reason}"[:300] if reason else note


def details_changed(fields: list[str]) -> str:
    """The note of a registrant's change of their details (``fields``: the names)."""
    return f"{DETAILS_CHANGED}{', '.join(fields)}"[:300]


def readable_note(note: str | None) -> str:
    """``note`` in the reader's language: a note of this module translated, with what
    staff typed after it as typed; anything else as it is."""
    if not note:
        return ""
    if note in _READABLE:
        return str(_READABLE[note])
    if note.startswith(DETAILS_CHANGED):
        names = note[len(DETAILS_CHANGED):].split(", ")
        return pgettext("status log", "details changed by the registrant: %(fields)s",
                        fields=", ".join(str(_FIELDS.get(name, name)) for name in names))
    known, separator, typed = note.partition(": ")
    if separator and known in _READABLE:
        return f"{_READABLE[known]}: {typed}"
    return note
