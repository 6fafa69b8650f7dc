"""vCard 4.0 (RFC 6350) of a directory entry: exactly the fields the audience may see.

Built by hand (a dozen lines of format) from an ``directory.Entry``, never from a Member,
so a hidden field cannot reach the file. RFC 6350 requires FN: when the member keeps the
name hidden, FN is the neutral label ("Network member, <institution>") and N is left out.
"""

import re

from flask_babel import gettext as _

from consult.core.text import export_text
from consult.network.directory import Entry

MAX_OCTETS = 75  # RFC 6350 §3.2: lines longer than this are folded
CRLF = "\r\n"


def escape(value: str) -> str:
    """RFC 6350 §3.4: backslash, comma, semicolon and newlines escaped in text values;
    control characters, which a vCard may not hold, left out (``export_text``)."""
    value = export_text(value)
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets (UTF-8), never inside a
    character; each continuation line starts with a space (RFC 6350 §3.2)."""
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


def tel_value(phone: str) -> tuple[str, str]:
    """(parameters, value): a tel: URI for an international number (RFC 6350 §6.4.1
    recommends the URI), the text as given otherwise."""
    compact = re.sub(r"[\s().-]", "", phone)
    if re.fullmatch(r"\+\d{6,15}", compact):
        return ";VALUE=uri;TYPE=work,voice", f"tel:{compact}"
    return ";TYPE=work,voice", escape(phone)


def build_vcard(entry: Entry, profile_url: str) -> str:
    fields = entry.fields
    lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual", f"FN:{escape(entry.label)}"]
    if entry.name:
        family, given = split_name(entry.name)
        lines.append(f"N:{escape(family)};{escape(given)};;;")
    org = escape(entry.institution.name)
    if fields.get("department"):
        org += ";" + escape(fields["department"])
    lines.append(f"ORG:{org}")
    if fields.get("position"):
        lines.append(f"TITLE:{escape(fields['position'])}")
    if entry.is_coordinator:
        lines.append(f"ROLE:{escape(_('Coordinator of cooperation with NGOs'))}")
    if fields.get("work_email"):
        lines.append(f"EMAIL;TYPE=work:{escape(fields['work_email'])}")
    if fields.get("work_phone"):
        params, value = tel_value(fields["work_phone"])
        lines.append(f"TEL{params}:{value}")
    if fields.get("bio"):
        lines.append(f"NOTE:{escape(fields['bio'])}")
    if entry.topics:
        lines.append("CATEGORIES:" + ",".join(escape(topic) for topic in entry.topics))
    lines += [f"URL:{profile_url}", "END:VCARD"]
    return "".join(fold(line) + CRLF for line in lines)
