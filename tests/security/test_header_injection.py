"""Header injection: line breaks in what ends up in an e-mail's headers.

A subject typed by staff (a message to participants, an announcement to the network) or
built from a title they typed, and a name typed by anyone: with "\\r\\nBcc: …" inside, the
message must still be delivered, to its one recipient, with its headers intact: the line
break becomes a space. (Flask-Mail refuses a subject with a bare line break, so before the
fix in consult.core.mail such a message was never delivered at all.)
"""

import secrets

import pytest
from sqlalchemy import select

from consult.auth.models import STAFF
from consult.core.mail import OutboxMessage
from consult.core.timeutil import utcnow
from consult.events.models import Event
from consult.extensions import db
from consult.network import services as network_services
from consult.network.models import FIELDS, Member, MemberStatus
from tests.events.conftest import add
from tests.security.checks import field_errors
from tests.security.conftest import rows, signed_in

EVIL = "x@evil.example"
INJECTIONS = [f"Zmiana sali\r\nBcc: {EVIL}", f"Zmiana sali\nBcc: {EVIL}",
              f"Zmiana sali\rBcc: {EVIL}", f"Zmiana sali\r\n\r\n<b>treść</b> Bcc: {EVIL}",
              f"Zmiana sali\u2028Bcc: {EVIL}", f"Zmiana sali\x85Bcc: {EVIL}",
              f"Zmiana sali\x0bBcc: {EVIL}"]
EXPECTED_HEADERS = {"subject", "from", "to", "date", "message-id", "mime-version",
                    "content-type", "content-transfer-encoding", "list-unsubscribe",
                    "list-unsubscribe-post", "auto-submitted", "precedence", "reply-to",
                    "x-auto-response-suppress", "list-id"}


@pytest.fixture
def envelopes(mailbox, monkeypatch):
    """The SMTP envelope recipients of each delivered message (a Bcc shows only there)."""
    seen: list[list[str]] = []
    original = mailbox.handle_DATA

    async def handle_DATA(server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        seen.append(list(envelope.rcpt_tos))
        return await original(server, session, envelope)

    monkeypatch.setattr(mailbox, "handle_DATA", handle_DATA)
    return seen


def assert_clean(message, recipient: str, envelopes, subject_words: str) -> None:
    names = {name.lower() for name in message}
    assert "bcc" not in names and "cc" not in names, message.keys()
    assert names <= EXPECTED_HEADERS, f"unexpected headers: {names - EXPECTED_HEADERS}"
    assert message.get_all("To") == [recipient]
    assert len(message.get_all("Subject")) == 1
    subject = str(message["Subject"])
    assert "\r" not in subject and "\n" not in subject, repr(subject)
    assert subject_words in subject, subject
    assert all(EVIL not in ",".join(rcpt) for rcpt in envelopes), envelopes
    assert all(len(rcpt) == 1 for rcpt in envelopes), envelopes


@pytest.mark.parametrize("subject", INJECTIONS, ids=range(len(INJECTIONS)))
def test_event_message_subject(app, user_factory, event_factory, mailbox, envelopes,
                               subject):
    event = event_factory()
    add(event, "Maria Łęcka", "maria@example.org")
    mailbox.clear()
    envelopes.clear()
    staff = signed_in(app, user_factory(role=STAFF))
    response = staff.post(f"/manage/events/{event.id}/message", data={
        "subject": subject, "body": "Spotykamy się w sali 12.", "statuses": "confirmed"})
    assert response.status_code in (200, 302)
    message = mailbox.last_to("maria@example.org")
    assert_clean(message, "maria@example.org", envelopes, "Zmiana")
    assert len(mailbox.messages) == 1


@pytest.mark.parametrize("subject", INJECTIONS, ids=range(len(INJECTIONS)))
def test_announcement_subject(app, user_factory, institution_factory, mailbox, envelopes,
                              subject):
    member = Member(user_id=user_factory().id, institution=institution_factory(),
                    full_name="Anna Nowak", work_email="anna@plonsk.example.org",
                    status=MemberStatus.APPROVED, approved_at=utcnow(),
                    announcements_token=secrets.token_urlsafe(32))
    db.session.add(member)
    network_services.set_visibility(member, {name: "public" for name in FIELDS})
    db.session.commit()
    mailbox.clear()
    envelopes.clear()
    staff = signed_in(app, user_factory(role=STAFF))
    response = staff.post("/manage/network/announcements", data={
        "subject": subject, "body": "Zapraszamy na **spotkanie** sieci.", "powiat": "0",
        "topic": "0", "previewed": "0:0", "send": "1"})
    if response.status_code == 200:  # the form refuses a subject on more than one line
        assert field_errors(response.get_data(as_text=True)).get("subject")
        assert mailbox.messages == []
        return
    assert response.status_code == 302
    message = mailbox.last_to(member.work_email)
    assert_clean(message, member.work_email, envelopes, "Zmiana")


@pytest.mark.parametrize("name", INJECTIONS, ids=range(len(INJECTIONS)))
def test_registrants_name(app, event_factory, mailbox, envelopes, name):
    """The name is in the body only; the registrant still gets the confirmation."""
    event = event_factory()
    response = signed_in(app).post(f"/events/{event.slug}/register", data={
        "full_name": name, "email": "gosc@example.org", "category": "resident",
        "consent_rodo": "y"})
    assert response.status_code == 200
    assert_clean(mailbox.last_to("gosc@example.org"), "gosc@example.org", envelopes,
                 event.title)


@pytest.mark.parametrize("title", INJECTIONS, ids=range(len(INJECTIONS)))
def test_titles_typed_by_staff_in_subjects(app, user_factory, event_factory,
                                           consultation_factory, mailbox, envelopes, title):
    """"Registration received: <event title>", "Your comment: <consultation title>"."""
    event = event_factory(title="Szkolenie")
    db.session.execute(db.update(Event).where(Event.id == event.id).values(title=title))
    consultation = consultation_factory(title="Program")
    consultation.title = title
    db.session.commit()
    response = signed_in(app).post(f"/events/{event.slug}/register", data={
        "full_name": "Maria Łęcka", "email": "gosc@example.org", "category": "resident",
        "consent_rodo": "y"})
    assert response.status_code == 200
    assert_clean(mailbox.last_to("gosc@example.org"), "gosc@example.org", envelopes, "Zmiana")

    author = user_factory(email="autor@example.org")
    response = signed_in(app, author).post(f"/consultations/{consultation.slug}/comments",
                                           data={"section": "", "body": "Uwaga.",
                                                 "on_behalf": "self"})
    assert response.status_code == 302
    assert_clean(mailbox.last_to(author.email), author.email, envelopes, "Zmiana")


def test_nothing_is_left_undelivered(app, user_factory, event_factory, mailbox):
    """The outbox's view of the same: every message with such a subject is sent."""
    from consult.core.mail import OutboxStatus

    event = event_factory()
    add(event, "Maria Łęcka", "maria@example.org")
    staff = signed_in(app, user_factory(role=STAFF))
    staff.post(f"/manage/events/{event.id}/message", data={
        "subject": INJECTIONS[0], "body": "Treść.", "statuses": "confirmed"})
    statuses = set(db.session.scalars(select(OutboxMessage.status)))
    assert statuses == {OutboxStatus.SENT}, statuses
    assert all("\n" not in m.subject and "\r" not in m.subject for m in rows(OutboxMessage))


def test_a_subject_built_from_a_long_title_fits_the_outbox(app, event_factory, mailbox):
    """A 300-character title (the most the form takes) plus "Registration confirmed: " is
    longer than the outbox's subject column: PostgreSQL refused to store it, so nobody
    could register for such an event. The subject is cut to the column's length."""
    event = event_factory(title=("Szkolenie " + "długie " * 45)[:300])
    assert len(event.title) == 300
    response = signed_in(app).post(f"/events/{event.slug}/register", data={
        "full_name": "Maria Łęcka", "email": "gosc@example.org", "category": "resident",
        "consent_rodo": "y"})
    assert response.status_code == 200
    [stored] = rows(OutboxMessage)
    assert len(stored.subject) <= 300 and stored.subject.endswith("…")
    assert mailbox.last_to("gosc@example.org")["Subject"].startswith(stored.subject[:50])
