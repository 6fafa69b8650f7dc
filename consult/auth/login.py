"""Flask-Login wiring: sessions carry the user id and the session version."""

from functools import cache

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from consult.auth.models import User
from consult.extensions import db, login_manager


@cache
def _user_by_id() -> Select:
    """Built once: every request of a signed-in person runs it, and ``Session.get`` builds
    and keys its statement anew each time, which costs more than running it."""
    return select(User).where(User.id == bindparam("user_id"))


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalars(_user_by_id(), {"user_id": int(user_id)}).first()
    if user is None or user.session_version != int(version):
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
