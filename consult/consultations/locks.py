"""The consultations' named lock: ``lock_consultation`` serialises the numbering of a
consultation's comments."""

from functools import cache

from sqlalchemy import Update, bindparam, update

from consult.consultations.models import Consultation
from consult.extensions import db


@cache
def _lock_statement() -> Update:
    """``lock_consultation``'s UPDATE, built once (building it costs more than running it).
    It sets a column to itself: a comment changes nothing of the consultation, and what is
    cached under the consultation's version stays. A statement of the table, run on the
    session's connection, outside the ORM (not counted as a change of the table,
    consult.caching.versions)."""
    table = Consultation.__table__
    return (update(table).where(table.c.id == bindparam("consultation_id"))
            .values(updated_at=table.c.updated_at))


def lock_consultation(consultation_id: int) -> None:
    """Serialise the numbering of the consultation's comments until the transaction ends:
    two comments published at once must not get the same number, nor one private person
    two numbers (the rules take it just before they read the highest numbers, so that
    people commenting at once wait for each other as briefly as possible).

    PostgreSQL: the UPDATE locks the consultation's row (``SELECT … FOR UPDATE`` in
    effect). SQLite has no row locks: the UPDATE takes the database's write lock (other
    writers wait, see busy_timeout), and since pysqlite starts the transaction only at that
    first write, it is ``BEGIN IMMEDIATE`` in effect: what is read afterwards is the latest
    committed. Takes the id, not the consultation, so that a comment whose consultation is
    not loaded costs no query. (Publishing the report claims the row with its own
    ``UPDATE … WHERE report_published_at IS NULL``, services.claim_report_publication,
    which holds the same row lock until commit.)"""
    db.session.flush()  # what the caller changed first, as the ORM would before a statement
    db.session.connection().execute(_lock_statement(), {"consultation_id": consultation_id})
