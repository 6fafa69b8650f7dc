"""Flask-Login wiring: the session and the remember cookie carry the token of a sign-in,
which counts while its row in ``user_sessions`` does (consult/auth/sessions.py)."""

import logging
from functools import cache

from flask import Flask, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login.utils import decode_cookie
from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.exc import SQLAlchemyError

from consult.auth import sessions
from consult.auth.models import User, UserSession
from consult.core.timeutil import utcnow
from consult.extensions import db, login_manager

log = logging.getLogger(__name__)
_TOUCH = "consult_touch_session"  # g: the sign-in whose last request is to be noted


@cache
def _user_by_session() -> Select:
    """Built once: every request of a signed-in person runs it (one round trip: the
    sign-in's row and the account together), and building and keying a statement anew
    each time costs more than running it."""
    return (
        select(User, UserSession.remember, UserSession.created_at, UserSession.last_seen_at)
        .join(UserSession, and_(UserSession.user_id == User.id,
                                UserSession.session_version == User.session_version))
        .where(UserSession.id == bindparam("session_id"),
               UserSession.expires_at > bindparam("now"))
    )


@login_manager.user_loader
def load_user(token: str) -> User | None:
    # Anything else (the "id:version" of sessions from before user_sessions, a forgery
    # that got past the signature) costs no query.
    if not sessions.is_token(token):
        _forget(token)
        return None
    now = utcnow()
    key = sessions.session_key(token)
    row = db.session.execute(_user_by_session(), {"session_id": key, "now": now}).first()
    if row is None:
        _forget(token)
        return None
    user, remember, created_at, last_seen_at = row
    user._session_token = token
    current = sessions.CurrentSession(key, user.id, remember, created_at, last_seen_at)
    sessions.set_current(current)
    if sessions.touch_due(current, now):
        g.setdefault(_TOUCH, current)
    return user


def _forget(token) -> None:
    """A sign-in that no longer counts: out of the session, and its remember cookie is
    deleted with the response, so the next requests do not look it up again."""
    for key in ("_user_id", "_fresh", "_id"):
        session.pop(key, None)
    cookie = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME",
                                                        "remember_token"))
    if cookie is not None and decode_cookie(cookie) == token:
        session["_remember"] = "clear"


def _note_activity(response):
    """Every few minutes of use: the sign-in's last request (and, without "keep me signed
    in", its end) move on, and the session cookie is signed again, so that neither runs
    out while the person is working.

    After the view: whatever it left uncommitted is rolled back (the end of the request
    would do that anyway), and the update commits on its own."""
    current = g.pop(_TOUCH, None)
    if current is None:
        return response
    try:
        db.session.rollback()
        sessions.touch(current)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("could not note the activity of a sign-in", exc_info=True)
    else:
        session.modified = True
    return response


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    app.after_request(_note_activity)
