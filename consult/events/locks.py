"""The events' named lock: ``lock_event`` serialises every change of an event's seats."""

from functools import cache

from sqlalchemy import Select, Update, bindparam, inspect, select, update
from sqlalchemy.orm.attributes import set_committed_value

from consult.events.models import Event, EventQuota
from consult.extensions import db


@cache
def _lock_statement() -> tuple[list[str], Update]:
    """``lock_event``'s UPDATE and the keys of the event's columns it returns, built once
    (building it costs more than running it). It sets a column to itself: taking a seat
    changes nothing of the event (not its calendar LAST-MODIFIED, nor what is cached under
    its version). A statement of the table, run on the session's connection: the ORM's
    handling of an UPDATE … RETURNING cost more than the statement itself, and a statement
    outside the ORM is not counted as a change of the table (consult.caching.versions)."""
    columns = inspect(Event).column_attrs
    table = Event.__table__
    return [attribute.key for attribute in columns], (
        update(table)
        .where(table.c.id == bindparam("event_id"))
        .values(updated_at=table.c.updated_at)
        .returning(*(attribute.columns[0] for attribute in columns))
    )


@cache
def _quotas_statement() -> Select:
    """The event's quotas as they stand under the lock: quotas loaded before it (by the
    page that took the registration) are refreshed, their seat counters with them."""
    return (select(EventQuota).where(EventQuota.event_id == bindparam("event_id"))
            .order_by(EventQuota.category).execution_options(populate_existing=True))


def lock_event(event_id: int) -> Event:
    """Serialise every change of the event's seats until the transaction ends (the rules
    take it before they read the seat counters; pretix's ``lock_objects``).

    PostgreSQL: the UPDATE locks the event row (``SELECT … FOR UPDATE`` with the row in
    the same round trip). SQLite has no row locks: the UPDATE takes the database's write
    lock (other writers wait, see busy_timeout), and since pysqlite starts the transaction
    only at that first write, it is ``BEGIN IMMEDIATE`` in effect: what is read afterwards
    is the latest committed. The UPDATE returns the row as it stands under the lock, and
    the event's columns (its seat counters among them) and quotas are set from it; its
    other loaded collections (questions, agenda) stay as they are.
    """
    columns, statement = _lock_statement()
    db.session.flush()  # what the caller changed first, as the ORM would before a statement
    row = db.session.connection().execute(statement, {"event_id": event_id}).one()
    event = db.session.get(Event, event_id)
    for key, value in zip(columns, row, strict=True):
        set_committed_value(event, key, value)
    set_committed_value(event, "quotas", list(db.session.scalars(
        _quotas_statement(), {"event_id": event_id})))
    return event
