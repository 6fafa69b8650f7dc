"""People commenting at the same moment: every private person gets a number of their own.

Runs against the test database, so `.ci/run` proves it on SQLite and on PostgreSQL.
"""

import threading

import pytest
from sqlalchemy import select

from consult.consultations.models import Comment
from consult.extensions import db

AT_ONCE = 12


@pytest.fixture
def app(make_app):
    """A connection for every simultaneous request (see tests/events/test_concurrency.py)."""
    app = make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": AT_ONCE + 5, "max_overflow": 10,
                                              "pool_pre_ping": True})
    with app.app_context():
        yield app


def test_people_commenting_at_once_get_distinct_numbers(app, consultation_factory,
                                                        user_factory):
    consultation = consultation_factory()
    url = f"/consultations/{consultation.slug}/comments"
    clients = []
    for _ in range(AT_ONCE):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user_factory().get_id()
        clients.append(client)
    barrier = threading.Barrier(AT_ONCE)
    statuses: list[int] = []

    def comment(client) -> None:
        barrier.wait()
        statuses.append(client.post(url, data={
            "section": "", "body": "Proszę o doprecyzowanie celu.", "on_behalf": "self",
        }).status_code)

    threads = [threading.Thread(target=comment, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [302] * AT_ONCE
    db.session.expire_all()
    numbers = db.session.scalars(select(Comment.private_number).where(
        Comment.consultation_id == consultation.id).order_by(Comment.private_number)).all()
    assert numbers == list(range(1, AT_ONCE + 1))  # "Osoba prywatna 1" … 12, none twice
