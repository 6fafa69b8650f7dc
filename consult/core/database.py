"""Database connection settings that differ per dialect, and committing a form's work.

SQLite: the pragmas below on every new connection. PostgreSQL: SQLAlchemy's and psycopg's
own behaviour; the pool checks a connection before each use (``pool_pre_ping`` in
``consult.config``) and a request's statements run in one transaction that the session
commits or rolls back.

``DATABASE_READS_OUTSIDE_TRANSACTIONS`` (off by default; docs/performance.md has its
measurement): on PostgreSQL with psycopg, a transaction starts at its first write, not at
its first statement. Under READ COMMITTED, PostgreSQL's default, every statement sees what
was committed when it started, inside a transaction or not, so reading outside one changes
nothing of what is read. It saves the ``BEGIN`` before and the ``ROLLBACK`` after a request
that only reads, and since no ``ROLLBACK`` ends such requests, psycopg keeps its prepared
statements (it forgets them all at every rollback). The first statement that is not a plain
``SELECT`` (a write, ``SELECT … FOR UPDATE``, a savepoint, SQL given as text) starts the
transaction, and what follows is in it until it commits or rolls back. A ``SELECT`` that
takes a lock through a function (an advisory lock, say) must come after a write or be given
``FOR UPDATE``, or its lock ends with it.
"""

from flask import Flask
from psycopg import IsolationLevel
from psycopg.pq import TransactionStatus
from sqlalchemy import CompoundSelect, Select, event

from consult.extensions import db


def _sqlite_pragmas(dbapi_connection, _connection_record) -> None:
    """Enforce foreign keys (ON DELETE CASCADE), wait for locks instead of failing."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _plain_read(context) -> bool:
    statement = getattr(context.compiled, "statement", None)
    return (isinstance(statement, Select | CompoundSelect)
            and getattr(statement, "_for_update_arg", None) is None)


def _transaction_from_first_write(connection, _cursor, _statement, _parameters, context,
                                  _executemany) -> None:
    """Before each statement: a plain read on a connection with no transaction open runs
    outside one (psycopg's autocommit); any other statement runs in a transaction, which
    psycopg begins before it. Only at READ COMMITTED (the server's default), and never on
    a connection SQLAlchemy was asked to keep in autocommit (``VACUUM``, say)."""
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return
    driver = connection.connection.driver_connection
    if not _plain_read(context):
        if driver.autocommit:
            driver.autocommit = False
    elif (not driver.autocommit
          and driver.info.transaction_status == TransactionStatus.IDLE
          and driver.isolation_level in (None, IsolationLevel.READ_COMMITTED)):
        driver.autocommit = True


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif (engine.dialect.driver == "psycopg"
          and app.config["DATABASE_READS_OUTSIDE_TRANSACTIONS"]):
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
