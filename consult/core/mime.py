"""An outbox message as it goes over SMTP: 7-bit MIME that strict servers accept and mail
programs read back as it was written (issue 19).

- Bodies: as they are while ASCII with short lines, otherwise quoted-printable or base64
  (``email.policy`` with ``cte_type="7bit"``). Flask-Mail sent UTF-8 text as 8-bit, a
  paragraph on one line: servers refuse lines over 998 octets (RFC 5322 2.1.1,
  "500 Line too long") and 8-bit data to a server that did not offer 8BITMIME.
- Subject: as it is when ASCII that fits on its line, otherwise a run of RFC 2047 encoded
  words, each of whole characters and at most 75 long, on lines of at most 76 (RFC 2047
  2): the folds between them are the only spaces readers drop. ``email.header``, which Flask-Mail
  uses, split inside words ("wsp ółpracy"); ``email.policy`` (3.11) writes encoded words
  of 76 and moves a space of the text between two of them, where readers drop it
  ("r.czeka").
- List-* headers (RFC 2369) carry ``<URL>`` as written: encoded, mail programs offer no
  one-click unsubscribe (RFC 8058); a long one goes past 78 characters, never past 998.
"""

import string
from collections.abc import Iterable
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import formatdate, make_msgid
from typing import Protocol

# RFC 2369: each is a list of <URL>; none may be encoded, folding is not worth it.
URL_HEADERS = frozenset(
    {"list-help", "list-unsubscribe", "list-subscribe", "list-post", "list-owner",
     "list-archive"})
ENCODED_WORD_MAX = 75  # RFC 2047 2, with its "=?utf-8?q?" and "?="
LINE_MAX = 76  # RFC 2047 2: a line with encoded words
# RFC 2047 5 (3): what stands for itself in a "Q" encoded word of a header's text
_Q_PLAIN = frozenset(string.ascii_letters + string.digits + "!*+-/")


def _q_word(text: str) -> str:
    encoded = "".join(
        chr(byte) if chr(byte) in _Q_PLAIN else "_" if byte == 0x20 else f"={byte:02X}"
        for byte in text.encode("utf-8"))
    return f"=?utf-8?q?{encoded}?="


def encoded_words(text: str, first_room: int) -> list[str]:
    """``text`` as "Q" encoded words of whole characters, the first at most
    ``first_room`` long, the others at most 75; each ends after a space of the text where
    it can, so that a reader that wrongly keeps the folds between words splits no word."""
    words, chunk, room = [], "", first_room
    for char in text:
        if chunk and len(_q_word(chunk + char)) > room:
            cut = chunk.rfind(" ") + 1
            if not cut or len(_q_word(chunk[cut:] + char)) > ENCODED_WORD_MAX:
                cut = len(chunk)
            words.append(_q_word(chunk[:cut]))
            chunk, room = chunk[cut:], ENCODED_WORD_MAX
        chunk += char
    return [*words, _q_word(chunk)]


def subject_text(subject: str, linesep: str) -> str:
    """The subject as it is when it is printable ASCII, fits on the line and cannot be
    taken for an encoded word; otherwise as encoded words, one to a line: readers drop
    the folds between them, where the text has no space, and the legacy
    ``email.header.decode_header``, which does not unfold, reads them too."""
    plain = subject.isascii() and subject.isprintable() and "=?" not in subject
    if plain and len(f"Subject: {subject}") <= LINE_MAX:
        return subject
    return f"{linesep} ".join(encoded_words(subject, first_room=LINE_MAX - len("Subject: ")))


class WirePolicy(EmailPolicy):
    """``email.policy.SMTP`` with 7-bit bodies, lines of 76 (RFC 2047 2), URL headers as
    they are and the subject folded by ``subject_text``."""

    def header_store_parse(self, name: str, value):
        """Subject and URL headers are kept as given (line breaks refused all the same):
        the header classes would decode anything in them that looks like an encoded word."""
        name, parsed = super().header_store_parse(name, value)
        if name.lower() in URL_HEADERS or name.lower() == "subject":
            return name, value
        return name, parsed

    def fold(self, name: str, value) -> str:
        if name.lower() in URL_HEADERS:
            return f"{name}: {value}{self.linesep}"
        if name.lower() == "subject":
            return f"{name}: {subject_text(str(value), self.linesep)}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name: str, value) -> bytes:
        if name.lower() in URL_HEADERS or name.lower() == "subject":
            return self.fold(name, value).encode("ascii")  # a URL is ASCII (RFC 3986)
        return super().fold_binary(name, value)


WIRE = WirePolicy(linesep="\r\n", cte_type="7bit", max_line_length=LINE_MAX)


class File(Protocol):
    filename: str
    content_type: str  # "text/calendar; charset=utf-8; method=PUBLISH"
    data: bytes


def ascii_domain(domain: str) -> str:
    """A domain as SMTP without SMTPUTF8 carries it: an internationalised one in IDNA."""
    return domain.encode("idna").decode("ascii")


def ascii_address(address: str) -> str:
    local_part, _, domain = address.rpartition("@")
    return f"{local_part}@{ascii_domain(domain)}"


def compose(*, sender: str, recipient: str, subject: str, text: str, html: str,
            headers: dict[str, str], attachments: Iterable[File],
            domain: str) -> EmailMessage:
    """The message: text with its HTML alternative, then the attachments.

    ``domain`` is the site's, on the right of the Message-ID (RFC 5322 3.6.4)."""
    message = EmailMessage(policy=WIRE)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = ascii_address(recipient)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=ascii_domain(domain))
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        content_type = WIRE.header_factory("Content-Type", attachment.content_type)
        message.add_attachment(attachment.data, content_type.maintype, content_type.subtype,
                               filename=attachment.filename, params=dict(content_type.params))
    return message
