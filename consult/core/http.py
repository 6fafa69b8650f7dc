"""The names of downloaded files (conditional responses are in ``consult.caching.http``)."""

import re
import unicodedata
from urllib.parse import quote


def content_disposition(filename: str, inline: bool = False) -> str:
    """A Content-Disposition value for a download called ``filename`` (RFC 6266): the name
    itself as ``filename*`` when it is not ASCII ("lista-obecności-….pdf"), and as
    ``filename`` an ASCII copy without the Polish letters for clients that read only that."""
    disposition = "inline" if inline else "attachment"
    plain = unicodedata.normalize("NFKD", filename.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(char for char in plain if char.isascii() and char not in '"\\')
    value = f'{disposition}; filename="{plain}"'
    if plain != filename:
        value += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return value


def download_name(*parts: str, extension: str) -> str:
    """A file name people read in the language of the page: the parts in lower case, words
    joined by "-", Polish letters kept ("szkolenie-lista-obecności-2026-05-12.pdf");
    ``content_disposition`` adds the ASCII copy."""
    words = (re.sub(r"[\W_]+", "-", str(part).lower()).strip("-") for part in parts)
    return "-".join(word for word in words if word) + f".{extension}"
