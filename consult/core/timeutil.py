"""Times are stored as aware UTC and shown in CONSULT_TIMEZONE (written out by
consult.core.datetext)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Aware UTC; naive values read back from SQLite are UTC by construction."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def zone() -> ZoneInfo:
    """The zone shown to people and written into calendars (CONSULT_TIMEZONE)."""
    return ZoneInfo(current_app.config["CONSULT_TIMEZONE"])


def to_local(value: datetime) -> datetime:
    return as_utc(value).astimezone(zone())


def local_to_utc(value: datetime) -> datetime:
    """A wall-clock time typed by a person → aware UTC.

    In the autumn hour that happens twice the first one is taken (fold=0); a time in the
    spring gap is moved forward by the gap, as zoneinfo does.
    """
    local = value.replace(tzinfo=zone())
    return local.astimezone(UTC)


def local_day(value: datetime) -> date:
    return to_local(value).date()


def local_today() -> date:
    """Today on the calendar of the configured zone (Europe/Warsaw)."""
    return local_day(utcnow())


def minutes_as_hours(minutes: int) -> Decimal:
    """Minutes as hours to the hundredth, as reports give them (135 → 2.25)."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))
