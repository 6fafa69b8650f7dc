"""The tests' SMTP server (aiosmtpd), as strict as the servers mail really goes through.

It offers neither 8BITMIME nor SMTPUTF8, so a message must be 7-bit clean, and it refuses
with a 5xx what real servers refuse (RFC 5321 4.5.3.1.6, RFC 5322 2.1.1 and 2.3): a line
over 998 octets, a byte over 127, a CR or LF that is not part of a CRLF. What it accepts
is parsed as a mail program would (``email.policy.default``); what it refuses is kept in
``Mailbox.refused`` with the reason.
"""

import email
import email.policy
import re
import threading
from email.header import decode_header, make_header
from email.message import EmailMessage

from consult.core.mime import URL_HEADERS

MAX_LINE_OCTETS = 998  # without the CRLF
LINE_LENGTH = 78  # what RFC 5322 2.1.1 asks a line to keep to where it can
UNFOLDABLE = URL_HEADERS | {"message-id"}
ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_LONE_CR_OR_LF = re.compile(rb"\r(?!\n)|(?<!\r)\n")
_NOT_OFFERED = {"8BITMIME", "SMTPUTF8"}


def refusal(content: bytes) -> str | None:
    """The server's 5xx answer to the DATA of a message, or None when it is acceptable."""
    if _LONE_CR_OR_LF.search(content):
        return "500 5.6.0 Bare CR or LF in message data (RFC 5322 2.3)"
    for number, line in enumerate(content.split(b"\r\n"), start=1):
        if len(line) > MAX_LINE_OCTETS:
            return f"500 5.5.2 Line {number} too long: {len(line)} octets (RFC 5321 4.5.3.1.6)"
    if not content.isascii():
        return "554 5.6.1 8-bit data without 8BITMIME, which this server does not offer"
    return None


class Mailbox:
    """What the in-process SMTP server received, parsed, and what it refused."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.refused: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        """aiosmtpd's hook: leaves out the extensions this server does not offer (the hook
        must also record the client's name, as aiosmtpd does without it)."""
        session.host_name = hostname
        return [line for line in responses if line[4:] not in _NOT_OFFERED]

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        content = envelope.original_content
        answer = refusal(content)
        with self.lock:
            if answer:
                self.refused.append((answer, content))
                return answer
            self.raw.append(content)
            self.messages.append(email.message_from_bytes(content, policy=email.policy.default))
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.raw.clear()
            self.refused.clear()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def last_to(self, address: str) -> EmailMessage:
        found = self.to(address)
        assert found, (f"no mail to {address}; got {[m['To'] for m in self.messages]}, "
                       f"refused {[answer for answer, _content in self.refused]}")
        return found[-1]

    def raw_to(self, address: str) -> bytes:
        """The bytes of the last message to the address, as they came over SMTP."""
        message = self.last_to(address)
        return self.raw[self.messages.index(message)]


# --- reading what was received as other programs do ---------------------------------------

def legacy_header(raw: bytes, name: str) -> str:
    """A header as programs on Python's legacy API read it: ``email.header.decode_header``
    and ``make_header`` on the header as it came."""
    value = email.message_from_bytes(raw, policy=email.policy.compat32)[name]
    return str(make_header(decode_header(value)))


def long_lines(raw: bytes) -> list[bytes]:
    """The lines over 78 octets, but those of headers RFC 5322 gives no place to fold: a URL
    header (RFC 2369) and the Message-ID, "<" id-left "@" the site's domain ">"."""
    return [line for line in raw.split(b"\r\n") if len(line) > LINE_LENGTH
            and line.split(b":", 1)[0].decode("ascii", "replace").lower() not in UNFOLDABLE]
