"""The outbox: mail written with the action, delivered after commit, never lost."""

import socket
import threading
from datetime import timedelta
from email.header import decode_header, make_header

import pytest

from consult.core import mail as outbox
from consult.core.mail import Attachment, OutboxMessage, OutboxStatus, queue_mail
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import free_port, text_of


def _queue(recipient="ala@example.org", subject="Zaproszenie na szkolenie — żółć", **kw):
    return queue_mail(recipient, subject, "auth/mail/verify", user=_Person(), url="https://x/y",
                      hours=3, **kw)


class _Person:
    full_name = "Ala Łęcka"


def test_message_is_delivered_after_commit_with_both_parts_and_polish_subject(app, mailbox):
    with app.test_request_context():
        _queue(attachments=(Attachment("wydarzenie.ics", "text/calendar", b"BEGIN:VCALENDAR"),))
        assert mailbox.messages == []  # nothing leaves before the data is stored
        db.session.commit()
    received = mailbox.last_to("ala@example.org")
    assert str(make_header(decode_header(received["Subject"]))) == (
        "Zaproszenie na szkolenie — żółć"
    )
    assert "Ala Łęcka" in text_of(received)
    assert received.get_body(preferencelist=("html",)) is not None
    attachment = next(received.iter_attachments())
    assert attachment.get_filename() == "wydarzenie.ics"
    assert attachment.get_content_type() == "text/calendar"
    stored = db.session.scalar(db.select(OutboxMessage))
    assert stored.status == OutboxStatus.SENT and stored.sent_at is not None


def test_rolled_back_action_sends_nothing(app, mailbox):
    with app.test_request_context():
        _queue()
        db.session.rollback()
    assert mailbox.messages == []
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0


def test_smtp_down_keeps_the_message_and_send_queued_delivers_it_later(make_app, mailbox):
    down = make_app(MAIL_PORT=free_port())  # nothing listens there
    with down.test_request_context():
        _queue()
        db.session.commit()
        message = db.session.scalar(db.select(OutboxMessage))
        db.session.refresh(message)
        assert message.status == OutboxStatus.QUEUED
        assert message.attempts == 1
        assert message.last_error
        assert message.next_attempt_at > utcnow()  # back-off before the next try
    assert mailbox.messages == []

    up = make_app()
    with up.app_context():
        result = up.test_cli_runner().invoke(args=["mail", "send-queued"])
        assert "0 sent" in result.output  # not due yet: back-off is respected
        message = db.session.scalar(db.select(OutboxMessage))
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        result = up.test_cli_runner().invoke(args=["mail", "send-queued"])
        assert result.exit_code == 0, result.output
        assert "1 sent" in result.output
        db.session.expire_all()
        assert db.session.scalar(db.select(OutboxMessage)).status == OutboxStatus.SENT
    assert len(mailbox.to("ala@example.org")) == 1


def test_gives_up_after_the_configured_attempts(make_app, mailbox):
    down = make_app(MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=2)
    with down.test_request_context():
        message = _queue()
        db.session.commit()
        message_id = message.id
        message = db.session.get(OutboxMessage, message_id)
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        outbox.deliver(message_id)
        db.session.expire_all()
        message = db.session.get(OutboxMessage, message_id)
        assert (message.status, message.attempts) == (OutboxStatus.FAILED, 2)


def test_a_message_is_sent_once_even_when_two_workers_pick_it(app, mailbox):
    with app.test_request_context():
        message = _queue()
        db.session.info.pop(outbox.QUEUED_MESSAGES)  # keep it from the after-commit delivery
        db.session.commit()
        message_id = message.id
        assert outbox.deliver(message_id) is True
        assert outbox.deliver(message_id) is False
    assert len(mailbox.to("ala@example.org")) == 1


def test_without_a_mail_server_mail_stays_in_the_outbox_for_staff(make_app, mailbox):
    app = make_app(MAIL_SERVER=None)
    with app.test_request_context():
        _queue(recipient="ola@example.org", subject="Potwierdź adres")
        db.session.commit()
        assert db.session.scalar(db.select(OutboxMessage)).status == OutboxStatus.QUEUED
        from consult.auth.services import create_user

        staff = create_user("Kasia Kadra", "kadra@example.org", "x" * 12, role="staff",
                            verified=True)
        db.session.commit()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = staff.get_id()
        listing = client.get("/manage/outbox")
        assert "ola@example.org" in listing.text and "Potwierdź adres" in listing.text
        message_id = db.session.scalar(db.select(OutboxMessage.id))
        page = client.get(f"/manage/outbox/{message_id}")
        assert "Ala Łęcka" in page.text
    assert mailbox.messages == []


def test_with_redis_the_message_goes_to_the_rq_worker(make_app, mailbox, monkeypatch,
                                                      redis_url):
    """REDIS_URL set: delivery is queued in Redis and done by `rq worker consult-mail`."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    connection = Redis.from_url(redis_url)
    connection.flushdb()
    app = make_app(MAIL_DELIVERY="rq", REDIS_URL=redis_url)
    # The worker builds its own app from the environment: point it at the test setup.
    monkeypatch.setattr("consult.create_app", lambda config=None: app)
    with app.test_request_context():
        _queue()
        db.session.commit()
        assert mailbox.messages == []  # handed to the queue, not sent in the request
        queue = Queue("consult-mail", connection=connection)
        assert queue.count == 1
        SimpleWorker([queue], connection=connection).work(burst=True)
        db.session.expire_all()
        assert db.session.scalar(db.select(OutboxMessage)).status == OutboxStatus.SENT
    assert len(mailbox.to("ala@example.org")) == 1
    connection.flushdb()


# --- a server that accepts and never answers (issue 18, finding 6) ------------------------

@pytest.fixture
def silent_smtp():
    """Listens on 127.0.0.1 and never says a word: the kernel completes each connection
    (the backlog), nobody reads or writes."""
    with socket.create_server(("127.0.0.1", 0), backlog=16) as server:
        yield server.getsockname()[1]


@pytest.fixture
def stalling_smtp():
    """Sends the SMTP greeting, then holds the connection without answering anything."""
    server = socket.create_server(("127.0.0.1", 0), backlog=16)
    server.settimeout(0.1)
    stop, held = threading.Event(), []

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            connection.sendall(b"220 stall.example.org ESMTP\r\n")
            held.append(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()
    for connection in held:
        connection.close()


@pytest.mark.parametrize("server", ["silent_smtp", "stalling_smtp"])
def test_a_server_that_never_answers_times_out_and_the_message_waits_for_a_retry(
        make_app, request, server):
    app = make_app(MAIL_PORT=request.getfixturevalue(server), MAIL_TIMEOUT=0.3)
    with app.test_request_context():
        _queue()
        db.session.commit()  # delivered right after commit: returns despite the silence
        message = db.session.scalar(db.select(OutboxMessage))
        db.session.refresh(message)
        assert (message.status, message.attempts) == (OutboxStatus.QUEUED, 1)
        assert message.last_error.startswith("timeout after 0.3 s")
        assert message.next_attempt_at > utcnow()  # back-off, as after any failure

        message.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["mail", "send-queued"])
        assert result.exit_code == 0, result.output
        assert "0 sent, 1 not sent" in result.output
        db.session.expire_all()
        message = db.session.scalar(db.select(OutboxMessage))
        assert (message.status, message.attempts) == (OutboxStatus.QUEUED, 2)
        assert "timeout" in message.last_error


def test_send_queued_starts_no_delivery_after_its_time_budget(make_app, silent_smtp):
    app = make_app(MAIL_PORT=silent_smtp, MAIL_TIMEOUT=0.2, MAIL_SEND_QUEUED_SECONDS=0)
    with app.test_request_context():
        for n in range(3):
            _queue(recipient=f"osoba{n}@example.org")
        db.session.info.pop(outbox.QUEUED_MESSAGES)  # keep them from the after-commit delivery
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["mail", "send-queued"])
        assert result.exit_code == 0, result.output
        assert "0 sent, 3 not sent" in result.output
        # untouched: the next run takes them at once, no attempt was used up
        assert set(db.session.scalars(db.select(OutboxMessage.attempts))) == {0}


def test_a_silent_redis_does_not_hold_the_request_that_queued_mail(make_app, silent_smtp):
    """The same silence from Redis (REDIS_URL, MAIL_DELIVERY=rq): the request's commit
    returns, the message waits in the outbox for `mail send-queued`."""
    silent = f"redis://127.0.0.1:{silent_smtp}/0"
    app = make_app(MAIL_DELIVERY="rq", REDIS_URL=silent, RATELIMIT_STORAGE_URI="memory://")
    with app.test_request_context():
        _queue()
        db.session.commit()
        message = db.session.scalar(db.select(OutboxMessage))
        assert (message.status, message.attempts) == (OutboxStatus.QUEUED, 0)
