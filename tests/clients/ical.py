"""Calendars as ical.js reads them (Thunderbird's parser), through tests/clients/ical.mjs.

``read_calendar(ics)`` returns what a calendar client takes from the file: METHOD, and per
VEVENT its UID, SEQUENCE, STATUS, people and the UTC instants of DTSTART/DTEND, resolved
through the file's own VTIMEZONE as ical.js resolves them.
"""

import json
import shutil
import subprocess
from datetime import UTC, datetime

from tests.clients import HERE, NODE_MODULES

SCRIPT = HERE / "ical.mjs"


def available() -> bool:
    return shutil.which("node") is not None and (NODE_MODULES / "ical.js").is_dir()


def _run(data: bytes):
    if not available():
        raise RuntimeError("ical.js is missing: run `make clients` (needs node and npm)")
    done = subprocess.run(
        ["node", str(SCRIPT)], input=data, capture_output=True, check=False, timeout=60
    )
    if done.returncode:
        raise AssertionError(f"ical.js could not read the calendar:\n{done.stderr.decode()}")
    return json.loads(done.stdout)


def read_calendar(ics: bytes | str) -> dict:
    if isinstance(ics, str):
        ics = ics.encode()
    return _run(ics)


def read_calendars(files: list[bytes]) -> list[dict]:
    """Several files in one run of node (each start costs about half a second)."""
    return _run(json.dumps([ics.decode() for ics in files]).encode())


def utc_instant(moment: dict) -> datetime:
    """The UTC instant ical.js computed for a DTSTART/DTEND (a date-time, not a date)."""
    assert moment["utc"], f"not a date-time: {moment}"
    assert moment["zone"] not in (None, "floating"), f"floating time: {moment}"
    return datetime.fromisoformat(moment["utc"].replace("Z", "+00:00")).astimezone(UTC)
