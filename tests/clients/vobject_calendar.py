"""Calendars as vobject reads them: a second reader, independent of icalendar and ical.js.

vobject keeps the first VTIMEZONE it meets per TZID for the whole process, so the file is
read without its conversions and each VTIMEZONE is turned into a time zone with dateutil's
tzical (what vobject itself uses); the wall-clock DTSTART/DTEND are placed in it, as a
client opening that one file would.
"""

import io
from datetime import UTC, datetime

import vobject
from dateutil import tz


def utc_instants(ics: bytes) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of each VEVENT, resolved through the file's own VTIMEZONE."""
    calendar = vobject.readOne(ics.decode(), transform=False)
    zones = {}
    for component in calendar.getChildren():
        if component.name == "VTIMEZONE":
            zone = tz.tzical(io.StringIO(component.serialize(validate=False))).get()
            zones[component.contents["tzid"][0].value] = zone
    return [tuple(_instant(event.contents[name][0], zones) for name in ("dtstart", "dtend"))
            for event in calendar.contents.get("vevent", [])]


def _instant(line, zones) -> datetime:
    if line.value.endswith("Z"):
        return datetime.strptime(line.value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    wall = datetime.strptime(line.value, "%Y%m%dT%H%M%S")
    return wall.replace(tzinfo=zones[line.params["TZID"][0]]).astimezone(UTC)
