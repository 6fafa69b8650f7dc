"""The mail outbox.

A message is written to the database in the same transaction as the action that causes it,
and delivered only after that transaction commits: right away (a background thread, or an
RQ worker when REDIS_URL is set), and again by ``flask mail send-queued`` with back-off
until it goes through. Without MAIL_SERVER the message stays in the outbox, where staff can
read it (/manage/outbox).
"""

import logging
import re
import smtplib
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from enum import StrEnum
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template
from flask_mail import Connection
from sqlalchemy import ForeignKey, LargeBinary, String, Text, event, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from consult.core.mime import compose
from consult.core.models import UTCDateTime
from consult.core.timeutil import utcnow
from consult.extensions import db

log = logging.getLogger(__name__)


class OutboxStatus(StrEnum):
    """Where a message is on its way, stored as its value: QUEUED waits for its next
    attempt (after a failure too), SENDING is claimed by one deliverer for SENDING_LEASE,
    SENT went through, FAILED gave up after MAIL_MAX_ATTEMPTS (staff can queue it again)."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


SENDING_LEASE = timedelta(minutes=10)
SUBJECT_MAX = 300  # OutboxMessage.subject
# session.info: messages queued in the transaction, not yet written; the ids of those written
QUEUED_MESSAGES, QUEUED_IDS = "consult.outbox_queued", "consult.outbox_ids"
# Everything str.splitlines() breaks at: in a header any of them could start a new header
# line (or make Flask-Mail refuse to send the message at all).
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


def header_text(value: str, max_length: int | None = None) -> str:
    """One line of text for a mail header: line breaks become spaces, too long is cut."""
    text = _LINE_BREAKS.sub(" ", str(value)).strip()
    if max_length is not None and len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


def list_unsubscribe_headers(url: str) -> dict[str, str]:
    """List-Unsubscribe headers for mail to a list (announcements, follows, mailings): mail
    programs show an "unsubscribe" button that POSTs ``List-Unsubscribe=One-Click`` to
    ``url`` without opening the site (RFC 8058). The page at ``url`` must accept that POST
    without a CSRF token: its random token is the secret."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320), index=True)
    # The account the message is about: deleting the account deletes its mail too, even
    # what went to an address the person no longer uses. It never makes the message the
    # account's to read: only mail to the address it proved is (account.services).
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(db.JSON, default=dict)
    # Carries a link that signs someone in, sets a password or proves control of the
    # address (whoever opens it is taken for the address's owner): readable only through
    # that mailbox and, in the outbox, by administrators, or staff could take over an
    # account with more rights or approve themselves as an official. Never in an export.
    contains_secret: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default=OutboxStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="OutboxAttachment.id"
    )


class OutboxAttachment(db.Model):
    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def queue_mail(
    recipient: str,
    subject: str,
    template: str,
    attachments: tuple[Attachment, ...] = (),
    headers: dict | None = None,
    user=None,
    contains_secret: bool = False,
    **context,
) -> OutboxMessage:
    """Write a message to the outbox in the current transaction (the caller commits).

    ``template`` names ``templates/<template>.txt`` and ``.html`` (an area's messages are
    in ``templates/<area>/mail/``); ``user`` is the account the message is about (also
    passed to the templates).
    """
    # A subject is often built from text someone typed (a title, staff's own subject).
    subject = header_text(subject, SUBJECT_MAX)
    context.setdefault("subject", subject)
    context["user"] = user
    message = OutboxMessage(
        recipient=recipient,
        user_id=getattr(user, "id", None),
        contains_secret=contains_secret,
        subject=subject,
        text_body=render_template(f"{template}.txt", **context),
        html_body=render_template(f"{template}.html", **context),
        headers={name: header_text(value) for name, value in (headers or {}).items()},
        attachments=[
            OutboxAttachment(filename=a.filename, content_type=a.content_type, data=a.data)
            for a in attachments
        ],
    )
    db.session.add(message)
    db.session.info.setdefault(QUEUED_MESSAGES, []).append(message)
    return message


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=6))


def _claim(session: Session, message_id: int, now: datetime) -> OutboxMessage | None:
    """Take one message for delivery; a concurrent worker that loses the race gets None."""
    claimed = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.next_attempt_at <= now,
            or_(
                OutboxMessage.status == OutboxStatus.QUEUED,
                (OutboxMessage.status == OutboxStatus.SENDING)
                & (OutboxMessage.locked_until < now),
            ),
        )
        .values(
            status=OutboxStatus.SENDING,
            locked_until=now + SENDING_LEASE,
            attempts=OutboxMessage.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if claimed.rowcount != 1:
        return None
    return session.get(OutboxMessage, message_id)


def _as_mime(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    return compose(
        sender=config["MAIL_DEFAULT_SENDER"],
        recipient=message.recipient,
        subject=message.subject,
        text=message.text_body,
        html=message.html_body,
        headers=dict(message.headers or {}),
        attachments=message.attachments,
        domain=urlsplit(config["BASE_URL"]).hostname,
    )


class TimeoutSMTPConnection(Connection):
    """Flask-Mail's SMTP connection with a timeout on every socket operation.

    Flask-Mail 0.10 opens ``smtplib.SMTP(server, port)`` without one: a server that accepts
    the connection and never answers would hold the delivering thread, and ``flask mail
    send-queued``, for ever. This is its ``configure_host`` with ``timeout`` (MAIL_TIMEOUT)
    passed to smtplib, which applies it to the connect and to each reply awaited after it.
    """

    def __init__(self, state, timeout: float):
        super().__init__(state)
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        state = self.mail
        smtp = smtplib.SMTP_SSL if state.use_ssl else smtplib.SMTP
        host = smtp(state.server, state.port, timeout=self.timeout)
        try:
            host.set_debuglevel(int(state.debug))
            if state.use_tls:
                host.starttls()
            if state.username and state.password:
                host.login(state.username, state.password)
        except BaseException:
            host.close()
            raise
        return host

    def __exit__(self, exc_type, exc_value, tb) -> None:
        # After a failure (a timeout above all) the socket cannot be read again: a QUIT
        # would only wait or fail once more and hide the first error.
        if self.host is not None and exc_type is not None:
            self.host.close()
        else:
            super().__exit__(exc_type, exc_value, tb)


def _send_over_smtp(message: EmailMessage) -> None:
    """Send over Flask-Mail's connection (its MAIL_* settings) with MAIL_TIMEOUT.

    The message is built here (consult.core.mime), not by Flask-Mail, whose messages go out
    as 8-bit text with unlimited lines and badly folded headers. Flask-Mail's testing mode
    (MAIL_SUPPRESS_SEND) opens no connection and sends nothing, as its own send does."""
    state = current_app.extensions["mail"]
    with TimeoutSMTPConnection(state, current_app.config["MAIL_TIMEOUT"]) as connection:
        if connection.host is not None:
            connection.host.sendmail(message["From"].addresses[0].addr_spec,
                                     [message["To"].addresses[0].addr_spec],
                                     message.as_bytes())


def _failure(exc: BaseException) -> str:
    """The error as stored in ``last_error``; a timeout says so even when smtplib wrapped
    it ("SMTPServerDisconnected: Connection unexpectedly closed: timed out")."""
    text = f"{type(exc).__name__}: {exc}"
    cause = exc
    while cause is not None and not isinstance(cause, TimeoutError):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        text = f"timeout after {current_app.config['MAIL_TIMEOUT']:g} s: {text}"
    return text[:2000]


def deliver(message_id: int) -> bool:
    """Send one queued message over SMTP; on failure schedule the next attempt.

    In a session of its own (a delivery after the request's commit must not touch the
    request's session), made by the application's session factory so that its changes
    give ``outbox_messages`` a new table version like every other change."""
    if not current_app.config.get("MAIL_SERVER"):
        return False
    with db.session.session_factory(expire_on_commit=False) as session:
        now = utcnow()
        message = _claim(session, message_id, now)
        if message is None:
            return False
        try:
            _send_over_smtp(_as_mime(message))
        except Exception as exc:  # noqa: BLE001 - any SMTP or network failure, a timeout
            log.warning("mail %s to %s failed: %s", message.id, message.recipient, exc)
            give_up = message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
            message.status = OutboxStatus.FAILED if give_up else OutboxStatus.QUEUED
            message.next_attempt_at = now + backoff(message.attempts)
            message.last_error = _failure(exc)
            message.locked_until = None
            session.commit()
            return False
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
        message.locked_until = None
        message.last_error = None
        session.commit()
        return True


def due_message_ids(limit: int = 500) -> list[int]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.next_attempt_at <= now,
                or_(
                    OutboxMessage.status == OutboxStatus.QUEUED,
                    (OutboxMessage.status == OutboxStatus.SENDING)
                    & (OutboxMessage.locked_until < now),
                ),
            )
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )


def send_queued(limit: int = 500, budget_seconds: float | None = None) -> tuple[int, int]:
    """Deliver what is due; returns (sent, not sent).

    No delivery starts after ``budget_seconds`` (MAIL_SEND_QUEUED_SECONDS): with a server
    that times out on every message, one cron run would otherwise last limit × MAIL_TIMEOUT
    and overlap the next ones. What is left stays queued, unchanged, for the next run.
    """
    if budget_seconds is None:
        budget_seconds = current_app.config["MAIL_SEND_QUEUED_SECONDS"]
    deadline = time.monotonic() + budget_seconds
    ids = due_message_ids(limit)
    sent = 0
    for message_id in ids:
        if time.monotonic() >= deadline:
            log.warning("mail send-queued stopped after %s s; the rest waits for the next run",
                        budget_seconds)
            break
        sent += deliver(message_id)
    return sent, len(ids) - sent


def deliver_job(message_ids: list[int]) -> None:
    """Entry point of the RQ worker (``rq worker consult-mail``)."""
    from consult import create_app

    with create_app().app_context():
        for message_id in message_ids:
            deliver(message_id)


def _deliver_all(app, message_ids: list[int]) -> None:
    with app.app_context():
        for message_id in message_ids:
            try:
                deliver(message_id)
            except Exception:  # the cron job will retry
                log.exception("background delivery of mail %s failed", message_id)


def dispatch(message_ids: list[int]) -> None:
    """Start delivery of freshly committed messages in the configured way."""
    app = current_app._get_current_object()
    if not message_ids or not app.config.get("MAIL_SERVER"):
        return
    mode = app.config["MAIL_DELIVERY"]
    # A command (cron) exits right after its work: a daemon thread would die with it.
    if mode == "sync" or (mode == "thread" and not has_request_context()):
        _deliver_all(app, message_ids)
    elif mode == "rq":
        from redis import Redis
        from rq import Queue

        try:
            # A Redis that does not answer must not hold the request that sent the mail.
            connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=1,
                                        socket_timeout=1)
            queue = Queue("consult-mail", connection=connection)
            queue.enqueue(deliver_job, message_ids)
        except Exception:  # Redis down: the message waits for `flask mail send-queued`
            log.exception("could not enqueue mail %s", message_ids)
    else:
        threading.Thread(
            target=_deliver_all, args=(app, message_ids), daemon=True
        ).start()


def _after_flush(session, _flush_context) -> None:
    """Note the ids of the queued messages once they are written (the commit's flush at
    the latest), while the objects still hold them."""
    messages = session.info.get(QUEUED_MESSAGES)
    if messages:
        written = [message for message in messages if message.id is not None]
        session.info.setdefault(QUEUED_IDS, []).extend(message.id for message in written)
        session.info[QUEUED_MESSAGES] = [m for m in messages if m.id is None]


def _after_commit(session) -> None:
    session.info.pop(QUEUED_MESSAGES, None)
    ids = session.info.pop(QUEUED_IDS, None)
    if ids:
        dispatch(ids)


def _after_rollback(session, _previous_transaction) -> None:
    session.info.pop(QUEUED_MESSAGES, None)
    session.info.pop(QUEUED_IDS, None)


def init_outbox() -> None:
    """Deliver the messages of a transaction once it has committed, forget them on rollback.

    The listeners belong to the shared scoped session, so they are added once per process.
    """
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_flush_postexec", _after_flush)
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)
