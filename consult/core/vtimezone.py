"""The VTIMEZONE of a calendar file, written as yearly rules derived from the zone data.

Why not icalendar's ``add_missing_timezones()``: it lists every change from 1977 to 2037
as RDATE values on one line, and ical.js (Thunderbird), vobject and, by public reports,
Outlook desktop read only the first value, so every summer event came out an hour late;
nothing after 2037 was covered at all. Outlook keeps one standard and one daylight rule per
zone, and every client reads ``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..``.

So the changes of the zone (CONSULT_TIMEZONE, from the system's tz database through
zoneinfo) are found for the years the file's events cover, plus the year before and after,
and each kind of change (into summer time, back to standard time) that falls on the same
weekday rule year after year (Europe/Warsaw: the last Sunday of March at 02:00 and of
October at 03:00, ``BYDAY=-1SU``) becomes one observance with a yearly RRULE. Nothing is
hard-coded: a zone that changed its rule in those years gets one observance per rule, the
earlier ones ending with UNTIL; a change that follows no weekday rule becomes an
observance of its own (its DTSTART only, no RDATE list); a zone without changes gets a
single STANDARD. The TZID is the zone's name, as DTSTART;TZID= in the events says.
"""

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Change:
    """One change of a zone's offset: the instant, and what the clocks say around it."""

    at: datetime  # UTC
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def onset(self) -> datetime:
        """The wall-clock time of the change in the offset before it (RFC 5545 §3.6.5)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    def weekday_rules(self) -> set[str]:
        """The BYDAY values that name the day of the change: "2SU", and "-1SU" when it is
        the last such weekday of the month."""
        day = self.onset
        weekday = WEEKDAYS[day.weekday()]
        rules = {f"{(day.day - 1) // 7 + 1}{weekday}"}
        if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
            rules.add(f"-1{weekday}")
        return rules


@dataclass(frozen=True)
class Observance:
    """A run of changes of one kind: the first, and the yearly rule the rest follow."""

    first: Change
    byday: str | None  # None: this change alone
    until: datetime | None  # UTC, after the last change of the run, when the rule stopped


def _state(zone: ZoneInfo, instant: datetime) -> tuple:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def zone_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[Change]:
    """Every change of offset or name between two UTC instants: found day by day, then
    narrowed to the second."""
    changes = []
    day = start
    before = _state(zone, day)
    while day < end:
        after = _state(zone, day + timedelta(days=1))
        if after != before:
            low, high = day, day + timedelta(days=1)
            while high - low > timedelta(seconds=1):
                middle = low + timedelta(seconds=(high - low).total_seconds() // 2)
                if _state(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            offset_to, dst, name = _state(zone, high)
            changes.append(Change(high, before[0], offset_to, name, bool(dst)))
        before = after
        day += timedelta(days=1)
    return changes


def _kind(change: Change) -> tuple:
    onset = change.onset
    return (change.daylight, change.offset_from, change.offset_to, change.name,
            onset.month, onset.weekday(), onset.time())


def observances(changes: list[Change], last_year: int) -> list[Observance]:
    """Consecutive yearly changes of the same kind on a common weekday rule become one
    observance; "last" (-1) is preferred where both it and a count fit every year. A rule
    still followed in ``last_year`` (the end of the years looked at) is left open; one that
    stopped earlier ends with UNTIL its last change."""
    runs: list[list[Change]] = []
    open_runs: dict[tuple, tuple[list[Change], set[str]]] = {}
    for change in changes:
        kind = _kind(change)
        run, rules = open_runs.get(kind, (None, set()))
        common = rules & change.weekday_rules()
        if run and run[-1].onset.year == change.onset.year - 1 and common:
            run.append(change)
            open_runs[kind] = (run, common)
            continue
        run = [change]
        runs.append(run)
        open_runs[kind] = (run, change.weekday_rules())
    result = []
    for run in runs:
        rules = set.intersection(*(change.weekday_rules() for change in run))
        byday = min(rules, key=lambda rule: not rule.startswith("-")) if len(run) > 1 else None
        stopped = run[-1].onset.year < last_year
        # UNTIL a day after the last change, which no yearly rule reaches again: dateutil
        # (vobject) compares UNTIL, in UTC, with the onsets in local time.
        until = run[-1].at + timedelta(days=1) if byday and stopped else None
        result.append(Observance(run[0], byday, until))
    return result


@lru_cache(maxsize=64)
def _zone_observances(zone_name: str, first_year: int, last_year: int) -> tuple:
    zone = ZoneInfo(zone_name)
    start = datetime(max(first_year - 1, 1), 1, 1, tzinfo=UTC)
    end = datetime(min(last_year + 2, 9999), 1, 1, tzinfo=UTC)  # within datetime's years
    changes = zone_changes(zone, start, end)
    if not changes:
        offset, _, name = _state(zone, start)
        return (Observance(Change(start - offset, offset, offset, name, False), None, None),)
    return tuple(observances(changes, end.year - 1))


def vtimezone(zone_name: str, first: datetime, last: datetime) -> Timezone:
    """The VTIMEZONE for events between ``first`` and ``last``."""
    component = Timezone()
    component.add("tzid", zone_name)
    for observance in _zone_observances(zone_name, first.year, last.year):
        change = observance.first
        part = TimezoneDaylight() if change.daylight else TimezoneStandard()
        part.add("dtstart", change.onset)
        if observance.byday:
            rule = {"freq": "yearly", "bymonth": change.onset.month, "byday": observance.byday}
            if observance.until:
                rule["until"] = observance.until
            part.add("rrule", rule)
        part.add("tzoffsetfrom", change.offset_from)
        part.add("tzoffsetto", change.offset_to)
        part.add("tzname", change.name)
        component.add_component(part)
    return component

