"""vCard 3.0 (RFC 2426) of a directory entry: exactly the fields the audience may see.

Why 3.0 and not 4.0 (RFC 6350): the file is opened by whatever address book people use,
and 3.0 is the version all of them import. Outlook for Windows imports vCard 2.1 and 3.0
files (and writes 2.1) — EWSoftware's PDI library notes, "Interaction with Microsoft
Outlook" (http://ewsoftware.github.io/PDI/html/f625ad22-7dbf-47b5-a26a-49759ca674c4.htm);
Android's AOSP Contacts app refuses VERSION:4.0 (github.com/Divested-Mobile/DivestOS-Build
issue 202); iOS/iCloud and Google Contacts write 3.0 themselves and import it. So: no
4.0-only properties (KIND), N always present (RFC 2426 §3.1.2: it MUST be; empty when the
member keeps the name hidden, and FN then holds the neutral label), TEL as text with
TYPE=WORK,VOICE (Outlook drops a TEL without TYPE), EMAIL with TYPE=INTERNET,WORK.

The text is Polish whatever the visitor's language, like the data it carries (position,
department): the file stays in someone's address book, where a label in the language of
one visit would be out of place. ORG is the unit's name as a body ("Gmina Miasto Płońsk"),
then the department.

Built from a ``directory.Entry``, never from a Member, so a hidden field cannot reach the
file.

Why by hand and not with vobject (a dependency, the tests' second calendar reader): 0.9.9 escapes
every semicolon of a text value, as vCard 3.0 allows, and the readers people import into do
not undo it. Tried on 6 December 2026 with the card of tests/network/test_vcard.py: vobject
writes ``TITLE:Inspektorka\\; ds. NGO\\, i wolontariatu`` and ical.js (Thunderbird's address
book, tests/clients/vcard.mjs) reads the position as ``Inspektorka\\; ds. NGO, i
wolontariatu``, the backslash shown; the same in NOTE. vobject's folding (75 octets, whole
UTF-8 characters) matches ``fold`` below; turning its escaping off per property would leave
the escaping to us anyway, so the two small functions stay.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.core.text import export_text
from consult.institutions.naming import official_name
from consult.network.directory import Entry

MAX_OCTETS = 75  # RFC 2425 §5.8.1: lines longer than this are folded
CRLF = "\r\n"


def escape(value: str) -> str:
    """A text value: backslash, comma and line breaks escaped; control characters, which a
    vCard may not hold, left out (``export_text``). A semicolon is escaped only inside a
    structured value (``component``): RFC 6350 §3.4 has no ``\\;`` in plain text, and
    ical.js (Thunderbird's address book) would show the backslash of one in a TITLE."""
    value = export_text(value)
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("\n", "\\n")


def component(value: str) -> str:
    """One component of a structured value (N, ORG), where ``;`` separates components."""
    return escape(value).replace(";", "\\;")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (UTF-8), never inside a
    character; each continuation line starts with a space (RFC 2425 §5.8.1)."""
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        limit = MAX_OCTETS if not parts else MAX_OCTETS - 1  # the leading space counts
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return CRLF.join(parts[:1] + [" " + part for part in parts[1:]])


def split_name(full_name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is the family name ("Maria Łęcka")."""
    given, _sep, family = full_name.strip().rpartition(" ")
    return family, given


def build_vcard(entry: Entry, profile_url: str) -> str:
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _build(entry, profile_url)


def _build(entry: Entry, profile_url: str) -> str:
    fields = entry.fields
    family, given = split_name(entry.name) if entry.name else ("", "")
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{component(family)};{component(given)};;;",
             f"FN:{escape(entry.label)}"]
    org = component(official_name(entry.institution))
    if fields.get("department"):
        org += ";" + component(fields["department"])
    lines.append(f"ORG:{org}")
    if fields.get("position"):
        lines.append(f"TITLE:{escape(fields['position'])}")
    if entry.is_coordinator:
        role = _("Coordinator of cooperation with NGOs")  # not in an f-string: Babel reads it
        lines.append(f"ROLE:{escape(role)}")
    if fields.get("work_email"):
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(fields['work_email'])}")
    if fields.get("work_phone"):
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(fields['work_phone'])}")
    if fields.get("bio"):
        lines.append(f"NOTE:{escape(fields['bio'])}")
    if entry.topics:
        lines.append("CATEGORIES:" + ",".join(escape(topic) for topic in entry.topics))
    lines += [f"URL:{profile_url}", "END:VCARD"]
    return "".join(fold(line) + CRLF for line in lines)
