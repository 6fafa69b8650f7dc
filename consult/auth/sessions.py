"""Sign-ins kept on the server, so that signing out ends them.

Each sign-in is a row of ``user_sessions`` (``UserSession``). The browser gets a random
token, kept by Flask-Login in the session cookie and, with "keep me signed in", in the
remember cookie (``User.get_id()``); the row is keyed by the token's SHA-256. The user
loader (consult/auth/login.py) accepts a token only while its row exists, has not expired
and was made under the account's current ``session_version``. So:

- signing out deletes the row: a copy of either cookie stops working at once, on every
  app server (the state is in the database, not in a process);
- "sign out everywhere else", a new password (changed or reset) and a confirmed new
  e-mail address delete every row of the account and give the browser that did it a new
  one, with a new token (a copy of its old cookie stops working too);
- a sign-in without "keep me signed in" ends after ``PERMANENT_SESSION_LIFETIME`` without
  a request; one with it ``REMEMBER_COOKIE_DURATION`` after the sign-in; none lasts longer.

Starting a sign-in gives the Flask session a new CSRF token, ending one empties the
session: a CSRF token made before either is refused after it.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import delete, func, insert, select, update

from consult.auth.models import User, UserSession
from consult.core.timeutil import utcnow
from consult.extensions import db

# secrets.token_urlsafe(32): 43 characters of the URL-safe alphabet.
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
# Expired rows removed with each new sign-in (they accumulate no faster than sign-ins).
PURGE_BATCH = 100
_CURRENT = "consult_current_session"  # g: the signed-in browser's row, as the loader read it


@dataclass(frozen=True)
class CurrentSession:
    """The row behind the signed-in request (read by the user loader in the same query)."""

    id: str
    user_id: int
    remember: bool
    created_at: datetime
    last_seen_at: datetime


def session_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_token(value) -> bool:
    return isinstance(value, str) and TOKEN.fullmatch(value) is not None


def _expires_at(created_at: datetime, now: datetime, remember: bool) -> datetime:
    """Remembered: a fixed time after the sign-in. Otherwise: a while after the last
    request, but never later than a remembered one would."""
    idle = current_app.config["PERMANENT_SESSION_LIFETIME"]
    longest = max(idle, current_app.config["REMEMBER_COOKIE_DURATION"])
    if remember:
        return created_at + longest
    return min(now + idle, created_at + longest)


def _new_row(user: User, remember: bool) -> tuple[str, dict]:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    return token, {
        "id": session_key(token), "user_id": user.id, "session_version": user.session_version,
        "remember": remember, "created_at": now, "last_seen_at": now,
        "expires_at": _expires_at(now, now, remember),
    }


def start_session(user: User, remember: bool = False) -> str:
    """Add the row of a new sign-in to the current transaction; its token, which is also
    what ``user.get_id()`` gives from now on. The caller commits."""
    token, row = _new_row(user, remember)
    db.session.add(UserSession(**row))
    user._session_token = token
    return token


def start_detached_session(user: User) -> str:
    """A sign-in committed on its own connection, for a user object asked for its id
    outside the sign-in routes (tests and scripts put it into a session themselves)."""
    token, row = _new_row(user, remember=False)
    with db.engine.begin() as connection:
        connection.execute(insert(UserSession).values(**row))
    user._session_token = token
    return token


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def purge_expired() -> None:
    stale = (select(UserSession.id).where(UserSession.expires_at <= utcnow())
             .limit(PURGE_BATCH))
    db.session.execute(delete(UserSession).where(UserSession.id.in_(stale)))


def current_session() -> CurrentSession | None:
    """The row of this request's sign-in, or None (not signed in)."""
    if not current_user.is_authenticated:  # runs the user loader, which sets it
        return None
    return g.get(_CURRENT)


def set_current(current: CurrentSession) -> None:
    setattr(g, _CURRENT, current)


def other_sessions_count(user: User) -> int:
    """How many browsers other than this one are signed in to the account."""
    current = current_session()
    return db.session.scalar(
        select(func.count()).select_from(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.session_version == user.session_version,
            UserSession.expires_at > utcnow(),
            UserSession.id != (current.id if current else ""),
        )
    )


def touch_due(current: CurrentSession, now: datetime) -> bool:
    interval = timedelta(seconds=current_app.config["SESSION_TOUCH_SECONDS"])
    return now - current.last_seen_at >= interval


def touch(current: CurrentSession) -> None:
    """Note that the sign-in is in use: its last request and, without "keep me signed
    in", a later end."""
    now = utcnow()
    values = {"last_seen_at": now}
    if not current.remember:
        values["expires_at"] = _expires_at(current.created_at, now, remember=False)
    db.session.execute(update(UserSession).where(UserSession.id == current.id).values(values))


# --- this browser ---------------------------------------------------------------------------


def _new_csrf_token() -> None:
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)  # Flask-WTF's token of this request, made from the old one


def sign_in(user: User, remember: bool = False) -> None:
    """Sign this browser in as ``user`` with a new sign-in. Commits the transaction (with
    whatever the caller changed before), so the row exists before the next request.

    The session gets a new CSRF token (one planted before the sign-in is worth nothing
    after it); what the visitor left in it before signing in (a comment typed after the
    session had ended) stays for them."""
    purge_expired()
    start_session(user, remember)
    db.session.commit()
    for key in ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds"):
        session.pop(key, None)
    _new_csrf_token()
    login_user(user, remember=remember)
    remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if not remember and remember_cookie in request.cookies:
        session["_remember"] = "clear"  # an older sign-in's cookie: Flask-Login deletes it


def sign_out() -> None:
    """End this browser's sign-in on the server and empty its session. Commits."""
    current = current_session()
    if current is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == current.id))
        db.session.commit()
    forget_browser()


def forget_browser() -> None:
    """Sign this browser out without touching the database (the rows are gone already).
    Everything in its session goes, the CSRF token and anything of the person included:
    the next one at this computer starts afresh."""
    session.clear()
    _new_csrf_token()
    logout_user()  # and the remember cookie is deleted with the response


def end_other_sessions(user: User, sign_in_here: bool = False) -> None:
    """End every sign-in of the account. A browser signed in as ``user`` gets a new one,
    with the same "keep me signed in" as before; with ``sign_in_here`` so does a browser
    signed in as nobody. Commits."""
    current = current_session()
    keep_here = current is not None and current.user_id == user.id
    end_all_sessions(user)
    if keep_here:
        sign_in(user, remember=current.remember)
    elif sign_in_here and current is None:
        sign_in(user)
    else:
        db.session.commit()
