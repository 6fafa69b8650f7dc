"""Column types and mixins shared by the models of every area."""

from datetime import datetime

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.timeutil import as_utc, utcnow


class UTCDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and always returns aware UTC datetimes.

    SQLite has no time-zone type and returns naive values; PostgreSQL keeps the zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, _dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use consult.core.timeutil.utcnow()")
        return as_utc(value)

    def process_result_value(self, value, _dialect):
        return None if value is None else as_utc(value)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


def render_migration_item(type_, obj, _autogen_context):
    """Alembic: write UTCDateTime as a plain DateTime so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def include_in_migrations(obj, _name, type_, _reflected, _compare_to) -> bool:
    """Alembic: leave out indexes made for one database only (``Index.ddl_if``, e.g. the
    PostgreSQL trigram indexes); their migration creates them by hand for that database."""
    return not (type_ == "index" and getattr(obj, "_ddl_if", None) is not None)
