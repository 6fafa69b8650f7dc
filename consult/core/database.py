"""Database connection settings that differ per dialect, and committing a form's work.

SQLite gets the pragmas below on every new connection. PostgreSQL runs as SQLAlchemy and
psycopg do by default: the pool checks a connection before each use (``pool_pre_ping`` in
``consult.config``), and a request's statements run in one transaction that the session
commits or rolls back. Reading outside transactions until the first write was measured and
removed (docs/performance.md, "No patched database driver").
"""

from flask import Flask
from sqlalchemy import event

from consult.extensions import db


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Enforce foreign keys (ON DELETE CASCADE), wait for locks instead of failing."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)


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
