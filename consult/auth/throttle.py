"""Slowing down password guessing without letting a stranger lock the owner out.

A fixed limit per account (the old "20 an hour per address") lets anyone who knows an
address keep its owner from signing in: twenty wrong passwords an hour, from anywhere.
Instead, failed attempts are counted under three keys, and past a free allowance each
further attempt under a key must wait, twice as long as the previous one, up to a cap.
Nothing locks: an attempt made after the wait is checked as usual.

- ``ACCOUNT``: every attempt for the address that does not come from one of its known
  browsers. It slows down guessing from many addresses at once (a botnet).
- ``ADDRESS``: the address and the client's IP address together, so that one connection
  alone gets much less than the account's allowance.
- ``DEVICE``: attempts from a *known browser* of the account, one that has signed in to it
  (or set a new password for it) before and so holds a signed cookie naming the account
  (``KNOWN_DEVICE_COOKIE_NAME``). Such attempts count only here, never under the other two
  keys: a stranger's failures do not slow the owner down in their own browser.

Whoever is kept waiting in a browser that is not known can always set a new password
(password reset has its own limits per connection, none per account): that clears the
account's counts and makes the browser a known one. The limits per connection of
consult/auth/routes/public.py (Flask-Limiter) stay on top of all this.

The counts live in the database (``sign_in_throttle``), so they hold across every app
server and survive a restart of Redis. Each attempt is counted *before* the password is
checked, in a short transaction of its own, with a conditional upsert: simultaneous
attempts cannot all slip through on the same count. Keys are keyed hashes (HMAC with
SECRET_KEY) of the e-mail address and of the IP address or browser: the table holds no
address of anyone, and rows go a day after their last attempt. The same is done for
addresses without an account, so the answers do not tell which addresses have one.

The counts are kept only while RATELIMIT_ENABLED is on, as the other rate limits.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import after_this_request, current_app, request
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from consult.auth.models import SignInThrottle, normalise_email
from consult.core.timeutil import utcnow
from consult.core.visitors import client_address
from consult.extensions import db


@dataclass(frozen=True)
class Rule:
    name: str
    free: int  # failed attempts without any wait
    first_wait: timedelta  # after the last free one
    longest_wait: timedelta

    def wait_after(self, attempts: int) -> timedelta | None:
        if attempts < self.free:
            return None
        doublings = min(attempts - self.free, 20)
        return min(self.first_wait * 2**doublings, self.longest_wait)


# 20 at once, then 30 s, 1, 2, 4, 8 min, then one every 15 min: about 120 a day in all, for
# every stranger together; a password good enough for zxcvbn takes centuries.
ACCOUNT = Rule("account", free=20, first_wait=timedelta(seconds=30),
               longest_wait=timedelta(minutes=15))
# One connection: 5 at once, then 1, 2, 4 … min, up to one an hour.
ADDRESS = Rule("address", free=5, first_wait=timedelta(minutes=1),
               longest_wait=timedelta(hours=1))
# The owner's own browser: room for typos, still slow for someone else at the keyboard.
DEVICE = Rule("device", free=10, first_wait=timedelta(seconds=30),
              longest_wait=timedelta(minutes=15))
# A key without an attempt for this long starts again from zero (and its row goes).
FORGET_AFTER = timedelta(days=1)
PURGE_BATCH = 10  # forgotten rows removed with each attempt (an attempt adds at most 2)
KNOWN_ACCOUNTS_PER_DEVICE = 10  # a shared office computer: its last 10 accounts
NEVER_BLOCKED = datetime(2000, 1, 1, tzinfo=UTC)


def _hmac(text: str) -> str:
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def account_key(email: str) -> str:
    return _hmac(f"sign-in-account:{normalise_email(email)}")[:32]


def enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


# --- the known-browser cookie -----------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="consult.known-device")


def _known_device() -> tuple[str, list[str]] | None:
    """(the browser's id, the accounts it has signed in to), from its signed cookie."""
    raw = request.cookies.get(current_app.config["KNOWN_DEVICE_COOKIE_NAME"])
    if not raw:
        return None
    max_age = current_app.config["KNOWN_DEVICE_DAYS"] * 24 * 3600
    try:
        data = _serializer().loads(raw, max_age=max_age)
    except BadData:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("d"), str):
        return None
    accounts = [a for a in data.get("a", []) if isinstance(a, str)]
    return data["d"], accounts


def known_device_of(account: str) -> str | None:
    """This browser's id, if it is a known browser of the account."""
    known = _known_device()
    return known[0] if known and account in known[1] else None


def remember_device(account: str) -> None:
    """Make this browser a known one of the account (after it proved the password or the
    mailbox); the cookie goes out with the response."""
    device, accounts = _known_device() or (secrets.token_urlsafe(16), [])
    accounts = [account, *(a for a in accounts if a != account)][:KNOWN_ACCOUNTS_PER_DEVICE]
    value = _serializer().dumps({"d": device, "a": accounts})
    config = current_app.config

    @after_this_request
    def _set_cookie(response):
        response.set_cookie(
            config["KNOWN_DEVICE_COOKIE_NAME"], value,
            max_age=config["KNOWN_DEVICE_DAYS"] * 24 * 3600, path="/auth",
            secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax",
        )
        return response


# --- counting ---------------------------------------------------------------------------------


def _upsert():
    dialect = db.session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(SignInThrottle)


def _count(rule: Rule, account: str, key: str, now: datetime) -> datetime | None:
    """Count an attempt under ``key``; or, while the key must wait, count nothing and
    give the moment it may try again."""
    table = SignInThrottle
    # A new key waits for nothing (not even for "now": a simultaneous attempt may have
    # read the clock a moment earlier).
    stmt = _upsert().values(key=key, account=account, failures=1, last_attempt_at=now,
                            blocked_until=NEVER_BLOCKED)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.key],
        set_={
            "failures": case((table.last_attempt_at < now - FORGET_AFTER, 1),
                             else_=table.failures + 1),
            "last_attempt_at": now,
        },
        where=table.blocked_until <= now,
    ).returning(table.failures)
    attempts = db.session.execute(stmt).scalar()
    if attempts is None:
        return db.session.scalar(select(table.blocked_until).where(table.key == key))
    wait = rule.wait_after(attempts)
    if wait is not None:
        db.session.execute(update(table).where(table.key == key).values(
            blocked_until=now + wait))
    return None


def _purge(now: datetime) -> None:
    forgotten = (select(SignInThrottle.key)
                 .where(SignInThrottle.last_attempt_at < now - FORGET_AFTER)
                 .limit(PURGE_BATCH).with_for_update(skip_locked=True))
    db.session.execute(delete(SignInThrottle).where(SignInThrottle.key.in_(forgotten)))


class Attempt:
    """One sign-in attempt: ``start()`` before the password is checked, ``succeeded()``
    when it was right."""

    def __init__(self, email: str):
        self.account = account_key(email)
        self.device = known_device_of(self.account)
        if self.device is not None:
            self.rules = [(DEVICE, _hmac(f"device:{self.account}:{self.device}"))]
        else:
            address = client_address()
            self.rules = [(ACCOUNT, _hmac(f"account:{self.account}")),
                          (ADDRESS, _hmac(f"address:{self.account}:{address}"))]

    def start(self) -> datetime | None:
        """Count the attempt (committed at once); or, if it must wait, count nothing and
        give the moment it may try again."""
        if not enabled():
            return None
        now = utcnow()
        _purge(now)
        waits = [until for rule, key in self.rules
                 if (until := _count(rule, self.account, key, now)) is not None]
        if waits:
            db.session.rollback()
            return max(waits)
        db.session.commit()
        return None

    def succeeded(self) -> None:
        """The password was right: the attempt no longer counts against the account, and
        this connection or browser starts afresh. Committed by the caller."""
        if not enabled():
            return
        for rule, key in self.rules:
            if rule is ACCOUNT:
                db.session.execute(update(SignInThrottle).where(
                    SignInThrottle.key == key, SignInThrottle.failures > 0,
                ).values(failures=SignInThrottle.failures - 1))
            else:
                db.session.execute(delete(SignInThrottle).where(SignInThrottle.key == key))


def clear_account(email: str) -> None:
    """A new password: the guesses at the old one no longer matter. Committed by the
    caller."""
    db.session.execute(delete(SignInThrottle).where(
        SignInThrottle.account == account_key(email)))
