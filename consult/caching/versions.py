"""Table versions: one row per table, given a new random version by every transaction
that changes the table.

Values built from the database and cached per process (``consult.caching.store``) are
stored under the versions of the tables they read: reading a few versions by primary key is much
cheaper than the aggregates that would otherwise tell whether anything changed. The
versions live in the database, so every process on every machine sees a change at the
moment it is committed, and a rolled-back transaction changes none. They are random
rather than counted, so a database restored from a backup never repeats a version that
stood for other data.

What counts as a change: every object the ORM inserts, updates or deletes (with the
many-to-many tables of its relationships), every ``update()``/``delete()``/``insert()``
statement run through the session, and the rows that ``ON DELETE CASCADE`` or ``SET NULL``
change in other tables. SQL run outside the session (by hand in psql, say) is not seen:
``flask cache bump`` (see docs/operations.md) tells every process after such an edit.
The row locks (an ``UPDATE`` that sets a column to itself) change nothing: they run on the
session's connection, outside the ORM, and are not counted.
"""

import secrets
from collections.abc import Iterable
from functools import cache
from itertools import chain

from flask import Flask, g, has_app_context
from sqlalchemy import BigInteger, String, Table, bindparam, event, func, inspect, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from consult.extensions import db

PENDING = "consult.changed_tables"
READ = "consult_table_versions"  # on flask.g: the versions this request has read


class TableVersion(db.Model):
    __tablename__ = "table_versions"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)


VERSIONS = TableVersion.__tablename__
# Built once, of the table rather than the model: run on the session's connection, the
# versions' statements skip the ORM's handling, which cost more than they do.
ALL_VERSIONS = select(TableVersion.__table__.c.table_name, TableVersion.__table__.c.version)


def table_name(read: type | Table) -> str:
    """The name of a model's table, or of a table (a many-to-many table has no model)."""
    return read.name if isinstance(read, Table) else read.__table__.name


def versions(reads: Iterable[type | Table]) -> tuple[int, ...]:
    """The versions of the tables of ``reads`` (models or tables), in the order given (0 for
    a table never changed)."""
    return table_versions(table_name(read) for read in reads)


def table_versions(names: Iterable[str]) -> tuple[int, ...]:
    """The versions of the tables called ``names``, in the order given. All versions are
    read in one query, once per request until it commits."""
    found = g.get(READ)
    if found is None:
        found = g.setdefault(READ, dict(db.session.connection().execute(ALL_VERSIONS).all()))
    return tuple(found.get(name, 0) for name in names)


@cache
def _upsert(dialect: str):
    """INSERT … ON CONFLICT DO UPDATE of versions, built once per dialect, so a commit
    builds no SQL. On PostgreSQL all rows come in one statement as two arrays (psycopg
    would send one statement per row of an executemany); on SQLite, in the process, an
    executemany costs nothing more."""
    if dialect == "postgresql":
        statement = postgresql_insert(TableVersion.__table__).from_select(
            ["table_name", "version"],
            select(func.unnest(bindparam("names", type_=ARRAY(String))),
                   func.unnest(bindparam("versions", type_=ARRAY(BigInteger)))))
    else:
        statement = sqlite_insert(TableVersion.__table__)
    return statement.on_conflict_do_update(
        index_elements=[TableVersion.table_name], set_={"version": statement.excluded.version})


def bump(session: Session, tables: Iterable[str]) -> None:
    """Give each of ``tables`` a new version in the session's transaction. The rows are
    written in name order, so two transactions never wait for each other's rows in
    opposite orders."""
    names = sorted(set(tables) - {VERSIONS})
    if not names:
        return
    versions = [secrets.randbits(62) for _ in names]
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(_upsert(dialect), {"names": names, "versions": versions})
    else:
        connection.execute(_upsert(dialect), [{"table_name": name, "version": version}
                                              for name, version in zip(names, versions,
                                                                       strict=True)])


@cache
def _cascades_from(table: str) -> frozenset[str]:
    """Tables whose rows the database itself changes when a row of ``table`` is deleted."""
    reached: set[str] = set()
    todo = [table]
    while todo:
        parent = todo.pop()
        for child in db.metadata.tables.values():
            if child.name in reached:
                continue
            if any(key.column.table.name == parent and key.ondelete in ("CASCADE", "SET NULL")
                   for key in child.foreign_keys):
                reached.add(child.name)
                todo.append(child.name)
    return frozenset(reached)


def _tables_of(instance, deleted: bool) -> set[str]:
    mapper = inspect(instance).mapper
    tables = {table.name for table in mapper.tables}
    tables.update(rel.secondary.name for rel in mapper.relationships if rel.secondary is not None)
    if deleted:
        tables.update(*(_cascades_from(name) for name in list(tables)))
    return tables


def _note(session: Session, tables: Iterable[str]) -> None:
    session.info.setdefault(PENDING, set()).update(tables)


def _after_flush(session: Session, _flush_context) -> None:
    tables: set[str] = set()
    for instance in chain(session.new, session.dirty):
        tables |= _tables_of(instance, deleted=False)
    for instance in session.deleted:
        tables |= _tables_of(instance, deleted=True)
    _note(session, tables)


def _on_execute(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    name = state.statement.table.name
    _note(session=state.session,
          tables={name, *(_cascades_from(name) if state.is_delete else ())})


def _before_commit(session: Session) -> None:
    session.flush()  # the commit's own flush comes after this hook: count its changes too
    tables = session.info.pop(PENDING, None)
    if tables:
        bump(session, tables)
        if has_app_context():
            g.pop(READ, None)  # what the request reads after its commit sees the change


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    """Count the changes made through the application's session (``db.session``).

    Its sessions share one class, which every app of the process uses: the listeners are
    added to it once, by the first app made."""
    session = app.extensions["sqlalchemy"].session
    for name, listener in (("after_flush", _after_flush), ("do_orm_execute", _on_execute),
                           ("before_commit", _before_commit),
                           ("after_rollback", _after_rollback)):
        if not event.contains(session, name, listener):
            event.listen(session, name, listener)
