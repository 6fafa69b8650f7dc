"""Database connection settings that differ per dialect, and committing a form's work.

PostgreSQL: a transaction starts at its first write, not at its first statement.
Under READ COMMITTED, PostgreSQL's default and ours, every statement sees what was
committed when it started, inside a transaction or not, so reading outside one changes
nothing of what is read. It saves the ``BEGIN`` before and the ``ROLLBACK`` after every
request that only reads (two of the four or five round trips of such a request), and
since no ``ROLLBACK`` ends them, psycopg keeps its prepared statements (it forgets them
all at every rollback): PostgreSQL then parses and plans the busiest statements once per
connection instead of once per request, about half of its work on the submits. The first
statement that is not a plain ``SELECT`` (a write, ``SELECT … FOR UPDATE``, a savepoint,
SQL given as text) starts the transaction, and what follows is in it until it commits or
rolls back. A ``SELECT`` that takes a lock through a function (an advisory lock, say)
must come after a write or be given ``FOR UPDATE``, or its lock ends with it.
"""

import select

from flask import Flask
from psycopg import IsolationLevel
from sqlalchemy import CompoundSelect, Select, event

from consult.extensions import db


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Enforce foreign keys (ON DELETE CASCADE), wait for locks instead of failing."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _open_and_quiet(dbapi_connection) -> bool:
    """The pool's check of a PostgreSQL connection before each use (``pool_pre_ping``),
    without a round trip.

    An idle connection has nothing to read. When the server ends it (a restart,
    ``pg_terminate_backend``, an idle timeout) it sends an error and closes the socket,
    which then reads as ready, and the pool replaces its connections. SQLAlchemy's own
    check sends an empty statement and waits for the answer: one more round trip on every
    request."""
    if dbapi_connection.closed or dbapi_connection.broken:
        return False
    poll = select.poll()
    poll.register(dbapi_connection.fileno(), select.POLLIN)
    return not poll.poll(0)


def _outside_transactions(dbapi_connection) -> None:
    """Until the next write; only at READ COMMITTED (the server's default, or set again
    by SQLAlchemy when a connection that asked for another level is given back)."""
    # While SQLAlchemy sets a new connection up it passes it wrapped.
    connection = getattr(dbapi_connection, "driver_connection", dbapi_connection)
    if connection.isolation_level in (None, IsolationLevel.READ_COMMITTED):
        connection.autocommit = True


def _on_checkout(dbapi_connection, connection_record, connection_proxy) -> None:
    _outside_transactions(dbapi_connection)


def _commit(dbapi_connection) -> None:
    dbapi_connection.commit()
    _outside_transactions(dbapi_connection)


def _rollback(dbapi_connection) -> None:
    dbapi_connection.rollback()
    _outside_transactions(dbapi_connection)


def _plain_read(context) -> bool:
    statement = getattr(context.compiled, "statement", None)
    return (isinstance(statement, Select | CompoundSelect)
            and getattr(statement, "_for_update_arg", None) is None)


def _transaction_from_first_write(connection, cursor, statement, parameters, context,
                                  executemany) -> None:
    dbapi_connection = connection.connection.driver_connection
    if (dbapi_connection.autocommit and not _plain_read(context)
            and connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT"):
        dbapi_connection.autocommit = False  # psycopg sends BEGIN before this statement


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        elif engine.dialect.driver == "psycopg":
            dialect = engine.dialect
            dialect.do_ping, dialect.do_commit, dialect.do_rollback = (
                _open_and_quiet, _commit, _rollback)
            event.listen(engine, "checkout", _on_checkout)
            event.listen(engine, "before_cursor_execute", _transaction_from_first_write)


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session has loaded.

    For a submitted form whose answer page shows what the request has just written and
    read under its locks: by default the commit expires every object, and the page would
    load them all again (half a dozen queries on the busiest forms)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
