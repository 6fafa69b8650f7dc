"""Helpers of the security tests: clients signed in as someone, rows read back."""

import pytest
from flask import Flask
from sqlalchemy import select

from consult.extensions import db


def signed_in(app: Flask, user=None, language: str = "en"):
    """A client of its own, signed in as ``user`` (anonymous for None), in English."""
    client = app.test_client()
    client.set_cookie("lang", language)
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


def rows(model, *where, order_by=None) -> list:
    """The committed rows of ``model`` (a fresh read, not the session's cached objects)."""
    db.session.expire_all()
    stmt = select(model).where(*where).order_by(order_by if order_by is not None else model.id)
    return list(db.session.scalars(stmt))


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(db.func.count()).select_from(model).where(*where))


@pytest.fixture
def as_user(app):
    """as_user(user) → a client signed in as that user (None: anonymous)."""
    return lambda user=None, language="en": signed_in(app, user, language)
