"""What the outbox sends goes through a server as strict as real ones and reads back as
written, in the modern and the legacy header decoder (issue 19, findings 1 and 5).

The suite's SMTP server (tests/mail_server.py) offers no 8BITMIME and refuses lines over
998 octets: every mail test goes through it.
"""

import re
import smtplib
from email import message_from_bytes
from email.policy import default as default_policy
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from consult.core.mail import SUBJECT_MAX, OutboxMessage, OutboxStatus, header_text, queue_mail
from consult.core.mime import compose
from consult.extensions import db
from consult.network import announcements
from tests.conftest import text_of
from tests.mail_server import ENCODED_WORD, legacy_header, long_lines
from tests.network.conftest import member_factory  # noqa: F401 - the fixture

PARAGRAPH = (
    "Proponujemy, aby w § 5 ust. 2 programu współpracy zapisać, że gmina ogłasza otwarte "
    "konkursy ofert co najmniej 45 dni przed początkiem realizacji zadań, a organizacje "
    "pozarządowe mogą składać oferty również w formie elektronicznej przez platformę "
    "Witkac, ePUAP albo pocztą; źródłem finansowania są środki własne budżetu, dotacje "
    "celowe i fundusze zewnętrzne (ąęółśżźćń ĄĘÓŁŚŻŹĆŃ). ") * 5
PARAGRAPH = PARAGRAPH[:1643] + "."

SUBJECTS = [
    "Przypomnienie: konsultacje projektu programu współpracy Gminy Płońsk z organizacjami "
    "pozarządowymi na 2027 r.",
    "Nowy urzędnik czeka na zatwierdzenie w sieci urzędników",
    "Twoja uwaga: Program współpracy Gminy Płońsk z organizacjami pozarządowymi na 2027 r.",
    "Zaproszenie: Źdźbło żółtej łąki — Grzegorz Brzęczyszczykiewicz, Chrząszczyrzewoszyce, "
    "powiat łękołodzki",
    "Zgłoszenie potwierdzone 🎉 Szkolenie „Ekonomia społeczna w praktyce” — Ciechanów, 12 XII",
    "Źdźbło ąęółśżźćń ĄĘÓŁŚŻŹĆŃ ąęółśżźćń ĄĘÓŁŚŻŹĆŃ ąęółśżźćń ĄĘÓŁŚŻŹĆŃ ąęółśżźćń 🐝🐝🐝",
]


def read_back(text: str) -> str:
    """Text as a mail program shows it: lines, whatever the line ending on the wire."""
    return text.replace("\r\n", "\n").rstrip("\n")


def stored(recipient: str) -> OutboxMessage:
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())).first()


# --- the server --------------------------------------------------------------------------

def test_the_test_server_refuses_what_real_servers_refuse(smtp_server, mailbox):
    controller, _box = smtp_server
    headers = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\n\r\n"
    with smtplib.SMTP(controller.hostname, controller.port, timeout=5) as smtp:
        smtp.ehlo()
        assert not smtp.has_extn("8bitmime") and not smtp.has_extn("smtputf8")
        for body in (b"a" * 999 + b"\r\n", "żółć\r\n".encode(), b"one\nline\r\n",
                     b"one\rline\r\n"):
            with pytest.raises(smtplib.SMTPDataError) as refused:
                smtp.sendmail("a@example.org", ["b@example.org"], headers + body)
            assert refused.value.smtp_code >= 500, body
        smtp.sendmail("a@example.org", ["b@example.org"], headers + b"a" * 998 + b"\r\n")
    assert len(mailbox.messages) == 1 and len(mailbox.refused) == 4


# --- long text (finding 1) ----------------------------------------------------------------

def test_a_comment_with_a_long_paragraph_gets_its_receipt_word_for_word(
        client, consultation_factory, login_as, mailbox):
    consultation = consultation_factory()
    person = login_as(email="ala@example.org")
    assert len(PARAGRAPH) == 1644 and len(PARAGRAPH.encode()) > 998
    response = client.post(f"/consultations/{consultation.slug}/comments", data={
        "section": "", "body": PARAGRAPH, "proposed_text": "", "justification": "",
        "on_behalf": "self", "organisation_name": "", "organisation_krs": ""})
    assert response.status_code == 302

    message = stored(person.email)
    assert message.status == OutboxStatus.SENT, message.last_error
    received = mailbox.last_to(person.email)
    assert PARAGRAPH in read_back(text_of(received)).splitlines()
    assert read_back(text_of(received)) == read_back(message.text_body)
    assert PARAGRAPH in received.get_body(preferencelist=("html",)).get_content()
    assert mailbox.refused == []


def test_an_announcement_with_a_long_paragraph_and_a_long_unsubscribe_link_arrives_whole(
        make_app, member_factory, mailbox):  # noqa: F811 - the fixture imported above
    site = "konsultacje.powiat-plonski.mazowsze.example.pl"
    app = make_app(BASE_URL=f"https://{site}/platforma-wspolpracy-samorzadow-i-organizacji")
    with app.test_request_context():
        member = member_factory(work_email="anna@plonsk.example.pl")
        body = f"Zapraszamy na spotkanie sieci.\n\n{PARAGRAPH}\n\nDo zobaczenia!"
        announcements.send_announcement("Spotkanie sieci urzędników w Płońsku", body)
        db.session.commit()
        message = stored(member.work_email)
        assert message.status == OutboxStatus.SENT, message.last_error
        unsubscribe = message.headers["List-Unsubscribe"]
        token = member.announcements_token

    assert len(f"List-Unsubscribe: {unsubscribe}") > 78
    received = mailbox.last_to("anna@plonsk.example.pl")
    raw = mailbox.raw_to("anna@plonsk.example.pl")
    assert read_back(text_of(received)) == read_back(message.text_body)
    assert body in read_back(text_of(received))
    # RFC 8058 one-click: the URL as it is, on one line, not an encoded word.
    assert unsubscribe == (f"<https://{site}/platforma-wspolpracy-samorzadow-i-organizacji"
                           f"/network/announcements/unsubscribe/{token}>")
    assert f"\r\nList-Unsubscribe: {unsubscribe}\r\n".encode() in raw
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw
    assert received["List-Unsubscribe"] == unsubscribe
    # The Message-ID names the site, not the machine ("@localhost").
    assert re.fullmatch(rf"<[^@<>\s]+@{re.escape(site)}>", received["Message-ID"])
    assert long_lines(raw) == []


# --- subjects (finding 5) -----------------------------------------------------------------

@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_long_polish_subject_reads_back_in_both_decoders(app, mailbox, subject):
    with app.test_request_context():
        queue_mail("ola@example.org", subject, "auth/mail/verify", user=SimpleNamespace(
            full_name="Ola Żółkiewska"), url="https://x/y", hours=3)
        db.session.commit()
    received = mailbox.last_to("ola@example.org")
    raw = mailbox.raw_to("ola@example.org")
    assert received["Subject"] == subject  # email.policy.default, as modern readers
    assert legacy_header(raw, "Subject") == subject  # email.header, the legacy decoder
    header = re.search(rb"^Subject: .*?\r\n(?! )", raw, re.DOTALL | re.MULTILINE).group()
    assert all(len(word) <= 75 for word in ENCODED_WORD.findall(header))  # RFC 2047 2
    assert long_lines(raw) == []


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(
    list("aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄCĆEĘLŁNŃOÓSŚZŹŻ0123456789 .,:;!?=_-—„”()'\"")
    + ["🎉", "🐝", "=?", "?=", "=?utf-8?q?", "  ", "\t", "\x07"]),
    min_size=1, max_size=300).map("".join))
def test_any_subject_reads_back_in_both_decoders(subject):
    subject = header_text(subject, SUBJECT_MAX)  # as queue_mail keeps it
    raw = compose(sender="a@example.org", recipient="b@example.org", subject=subject,
                  text="x", html="", headers={}, attachments=(),
                  domain="example.org").as_bytes()
    received = message_from_bytes(raw, policy=default_policy)
    assert received["Subject"] == subject and legacy_header(raw, "Subject") == subject
    assert all(len(word) <= 75 for word in ENCODED_WORD.findall(raw))
    assert long_lines(raw) == []
