"""Database connection settings that differ per dialect."""

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
