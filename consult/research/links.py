"""The secrets of the survey's links and the one-way names they are stored under.

A personal link's token is stored as ``invitation_hash(token)``; the unfinished response
it leads back to is found by ``resume_hash(token)``. Both are HMACs under the app's secret
key with different purposes, so a row of one table cannot be matched with a row of the
other without the token itself, which only the respondent's mailbox holds. An open link's
token is stored as ``invitation_hash`` too (``RespondentGroup.open_token_hash``); each
respondent through it gets a random ``new_token()`` kept in a cookie, stored as
``resume_hash``.
"""

import hashlib
import hmac
import secrets

from flask import current_app


def new_token() -> str:
    """A URL-safe secret of 256 bits."""
    return secrets.token_urlsafe(32)


def _keyed(purpose: str, token: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"research:{purpose}:{token}".encode(), hashlib.sha256).hexdigest()


def invitation_hash(token: str) -> str:
    """How a personal or open link's token is stored (and looked up)."""
    return _keyed("link", token)


def resume_hash(token: str) -> str:
    """How an unfinished response is found again by the holder of ``token``."""
    return _keyed("resume", token)
