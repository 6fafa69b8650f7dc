"""What happens when something around the app fails, and that nothing is lost.

- The SMTP server refuses mail or drops the connection: the registration or comment is
  stored, the message waits in the outbox with the time of the next attempt, and
  `flask mail send-queued` delivers it once the server works again. (tests/test_mail.py
  covers a server that is not there at all, the back-off and giving up.)
- The database "restarts" under the running app (PostgreSQL only): every connection the app
  holds is terminated, and the next request succeeds, because connections are checked
  before use (pool_pre_ping in consult/config.py).
- Two workers send consultation notices at the same moment: each notice goes once. (The
  same for event reminders: tests/events/test_calendar.py,
  test_reminders_go_once_even_when_two_runs_overlap.)
- The database is lost: scripts/backup_restore_check.py restores a pg_dump of it into a
  fresh database, upgrades it and the app serves it (PostgreSQL only).
"""

import os
import subprocess
import sys
import threading
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from consult.consultations import following
from consult.consultations.models import Comment
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.core.timeutil import utcnow
from consult.events.models import Registration, RegistrationStatus
from consult.extensions import db
from tests.conftest import REGISTRATION_FORM, Mailbox, free_port

ROOT = Path(__file__).resolve().parent.parent


# --- the SMTP server fails ---------------------------------------------------------------


class FlakyMailbox(Mailbox):
    """An SMTP server the test switches between answering 550 to every recipient
    ("refuse"), closing the connection once the message has been sent, before answering
    ("drop"), and accepting mail ("accept")."""

    mode = "accept"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "550 5.7.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "drop":
            server.transport.close()  # the client reads EOF instead of an answer
            return "421 4.3.0 Closing"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky_smtp():
    box = FlakyMailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, box
    controller.stop()


@pytest.fixture
def app(make_app, flaky_smtp):
    """The app of these tests sends mail to the flaky server (in the request, after
    commit, as the test configuration does)."""
    controller, _box = flaky_smtp
    app = make_app(MAIL_PORT=controller.port)
    with app.app_context():
        yield app


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def comment_form(body: str) -> dict:
    return {"section": "", "body": body, "proposed_text": "", "justification": "",
            "on_behalf": "self", "organisation_name": "", "organisation_krs": ""}


def send_queued_later(app) -> str:
    """`flask mail send-queued` once the back-off has passed: the messages are made due
    rather than the clock moved (the SMTP server's event loop runs on the real clock)."""
    db.session.execute(update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.QUEUED)
                       .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send-queued"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


@pytest.mark.parametrize("failure", ["refuse", "drop"])
def test_nothing_is_lost_when_the_smtp_server_fails(app, client, flaky_smtp, event_factory,
                                                    consultation_factory, login_as, failure):
    _controller, box = flaky_smtp
    event = event_factory(capacity=5)
    consultation = consultation_factory()
    person = login_as(full_name="Jan Komentujący", email="jan@example.org")
    box.mode = failure

    started = utcnow()
    registered = client.post(f"/events/{event.slug}/register",
                             data={**REGISTRATION_FORM, "email": "maria@example.org"})
    assert registered.status_code == 200
    commented = client.post(f"/consultations/{consultation.slug}/comments",
                            data=comment_form("Proponujemy doprecyzować cel główny."))
    assert commented.status_code == 302

    # The data is stored …
    db.session.expire_all()
    registration = db.session.scalar(select(Registration))
    assert (registration.email, registration.status) == (
        "maria@example.org", RegistrationStatus.PENDING)
    comment = db.session.scalar(select(Comment))
    assert comment.author_id == person.id and comment.body.startswith("Proponujemy")
    # … and so are the messages, each with the reason and the time of the next attempt.
    waiting = outbox()
    assert sorted(m.recipient for m in waiting) == ["jan@example.org", "maria@example.org"]
    for message in waiting:
        assert (message.status, message.attempts) == (OutboxStatus.QUEUED, 1)
        assert message.next_attempt_at > started
        assert message.sent_at is None
        expected = "550" if failure == "refuse" else "SMTPServerDisconnected"
        assert expected in message.last_error
    assert box.messages == []

    # Still failing: the next run keeps them, with one more attempt counted.
    assert send_queued_later(app) == "0 sent, 2 not sent"
    assert [(m.status, m.attempts) for m in outbox()] == [(OutboxStatus.QUEUED, 2),
                                                          (OutboxStatus.QUEUED, 2)]

    box.mode = "accept"
    assert send_queued_later(app) == "2 sent, 0 not sent"
    assert [(m.status, m.last_error) for m in outbox()] == [(OutboxStatus.SENT, None),
                                                            (OutboxStatus.SENT, None)]
    assert len(box.to("maria@example.org")) == 1
    assert len(box.to("jan@example.org")) == 1
    assert send_queued_later(app) == "0 sent, 0 not sent"  # nothing is sent twice


def test_server_recovering_between_messages_delivers_the_rest_later(app, client, flaky_smtp,
                                                                   event_factory):
    """One registration's mail goes through, the next one's is refused: only the refused
    one is retried."""
    _controller, box = flaky_smtp
    event = event_factory(capacity=5)
    client.post(f"/events/{event.slug}/register",
                data={**REGISTRATION_FORM, "email": "first@example.org"})
    box.mode = "refuse"
    client.post(f"/events/{event.slug}/register",
                data={**REGISTRATION_FORM, "email": "second@example.org"})
    assert [(m.recipient, m.status) for m in outbox()] == [
        ("first@example.org", OutboxStatus.SENT), ("second@example.org", OutboxStatus.QUEUED)]

    box.mode = "accept"
    assert send_queued_later(app) == "1 sent, 0 not sent"
    assert [len(box.to(a)) for a in ("first@example.org", "second@example.org")] == [1, 1]


# --- the database restarts ---------------------------------------------------------------


def _terminate_connections_of(database_url: str, application_name: str) -> int:
    """Terminate, from a connection of its own, the backends of this database opened with
    this application_name: the app's connections and nobody else's (a CI run or another
    test may use the same server). Returns how many were terminated, once they are gone
    (as after a restart: pg_terminate_backend waits up to 5 s for each)."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            terminated = conn.execute(text(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = :name "
                "AND pid <> pg_backend_pid()"), {"name": application_name}).scalars().all()
            conn.commit()
    finally:
        engine.dispose()
    return sum(1 for ok in terminated if ok)


@pytest.mark.parametrize("pre_ping", [True, False], ids=["pre-ping", "without-pre-ping"])
def test_the_next_request_succeeds_after_the_database_restarts(make_app, database_url,
                                                               event_factory, pre_ping):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("needs PostgreSQL: a SQLite file has no server connection to lose")
    name = f"consult-fault-{uuid.uuid4().hex[:8]}"
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={
        "pool_pre_ping": pre_ping, "connect_args": {"application_name": name}})
    with app.app_context():
        slug = event_factory(title="Szkolenie po awarii").slug
        db.session.remove()  # the test's own session gives its connection back to the pool
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/events/{slug}/").status_code == 200

    assert _terminate_connections_of(database_url, name) >= 1

    if pre_ping:
        health = client.get("/healthz").get_json()
        assert (health["status"], health["database"]) == ("ok", "ok")
        page = client.get(f"/events/{slug}/")
        assert page.status_code == 200 and "Szkolenie po awarii" in page.get_data(as_text=True)
        assert client.get("/api/v1/events").status_code == 200
    else:
        # The control: without the check the first request gets a dead connection, which
        # shows that the connections really were cut (SQLAlchemy then renews the pool).
        assert client.get("/healthz").status_code == 503
        assert client.get("/healthz").status_code == 200


# --- two workers at the same moment ------------------------------------------------------


def test_consultation_notices_go_once_even_when_two_runs_overlap(make_app, consultation_factory,
                                                                flaky_smtp):
    """Two cron runs of `consultations send-notices` at the same moment: the notices are
    claimed with one UPDATE … WHERE … IS NULL, so each follower gets each notice once."""
    controller, box = flaky_smtp
    app = make_app(MAIL_PORT=controller.port,
                   SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 10, "pool_pre_ping": True})
    with app.app_context():
        # Open for a week and closing in two days: both the "opened" and the "closing"
        # notice are due.
        closing = consultation_factory("Program współpracy 2027", opens_in=timedelta(days=-7),
                                       closes_in=timedelta(days=2))
        consultation_factory("Strategia rozwoju", institution=closing.institution,
                             opens_in=timedelta(days=-1), closes_in=timedelta(days=20))
        for email in ("a@example.org", "b@example.org", "c@example.org"):
            subscription = following.subscribe(email, institution=closing.institution)
            following.confirm(subscription)
        db.session.commit()
        box.clear()

    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                results.append(following.send_notices())
                db.session.commit()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(results) == 2
    # Three followers: the "opened" notice of both consultations, the "closing" one of one.
    assert sum(r["opened"] for r in results) == 6
    assert sum(r["closing"] for r in results) == 3
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        subjects = sorted(m["Subject"] for m in box.to(address))
        assert len(subjects) == 3 and len(set(subjects)) == 3, subjects
    with app.app_context():
        assert following.send_notices() == {"opened": 0, "closing": 0}
        db.session.commit()


# --- the database is lost: restore the backup ------------------------------------------


@pytest.fixture
def source_database(database_url):
    """A scratch PostgreSQL database with the schema built by the migrations and the demo
    data, dropped afterwards (never the suite's own database)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("needs PostgreSQL: pg_dump and pg_restore")
    name = f"consult_backup_source_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    source = url.set(database=name).render_as_string(hide_password=False)
    try:
        env = {**os.environ, "DATABASE_URL": source, "MAIL_SERVER": ""}
        for command in (["db", "upgrade"], ["seed-demo"]):
            subprocess.run([sys.executable, "-m", "flask", "--app", "consult", *command],
                           cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
        yield source
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _databases_named(database_url: str, prefix: str) -> list[str]:
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                             {"p": prefix + "%"}).scalars().all()
    engine.dispose()
    return list(names)


def test_a_backup_restores_into_a_fresh_database_that_the_app_serves(source_database,
                                                                      database_url):
    scratch = f"consult_restore_check_{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "backup_restore_check.py"),
         "--source", source_database, "--scratch-name", scratch, "--strict"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "MAIL_SERVER": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout
    assert "GET /healthz: 200" in output
    assert "restore check passed" in output
    # Every table came back with all its rows (--strict fails otherwise), the demo data too.
    engine = create_engine(source_database, poolclass=NullPool)
    with engine.connect() as conn:
        for name in ("events", "registrations", "consultation_comments", "network_members"):
            rows = conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()  # noqa: S608
            assert rows > 0 and f"\n  {name}: {rows}\n" in output, name
    engine.dispose()
    # The scratch database is gone again.
    assert _databases_named(database_url, scratch) == []
