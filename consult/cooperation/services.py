"""The rules of the cooperation monitor: when a step of a programme's cycle is on time, who
may record what, and recording a value with its source.

Deadlines (UDPP art. 5a; DOMAIN.md): the annual programme for year Y is adopted by the
council by 30 November of Y−1 (ust. 1); the report on its execution is published in BIP by
31 May of Y+1 (ust. 3). Both are calendar days in Poland: a resolution dated 30 November is
on time, and "today" is the day in Europe/Warsaw, so at 00:30 on 1 December in Warsaw
(23:30 UTC on 30 November) the deadline has passed.
"""

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from consult.cooperation.documents import Upload, document_type
from consult.cooperation.models import JST_STEPS, YEAR_STEPS, CycleRecord, Step, Timeliness
from consult.core.documents import download_filename
from consult.core.timeutil import local_day, utcnow
from consult.extensions import db


class CooperationError(Exception):
    """A value that cannot be recorded; ``field``: the form field it concerns."""

    def __init__(self, message, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def adoption_deadline(year: int) -> date:
    """The last day to adopt the annual programme for ``year``."""
    return date(year - 1, 11, 30)


def report_deadline(year: int) -> date:
    """The last day to publish the report on the execution of ``year``'s programme."""
    return date(year + 1, 5, 31)


def warsaw_today(now: datetime | None = None) -> date:
    """The calendar day in Poland at ``now`` (default: this moment)."""
    return local_day(now or utcnow())


def current_programme_year(today: date | None = None) -> int:
    """The year whose programme is being carried out: this year on Warsaw's calendar."""
    return (today or warsaw_today()).year


def timeliness(happened_on: date | None, deadline: date, today: date) -> Timeliness:
    """On time (on or before the deadline), late, missing (nothing recorded and the deadline
    has passed) or not due yet."""
    if happened_on is not None:
        return Timeliness.ON_TIME if happened_on <= deadline else Timeliness.LATE
    return Timeliness.MISSING if today > deadline else Timeliness.NOT_DUE


def may_record(user, institution) -> bool:
    """Staff record for any JST; an institution manager for the JSTs they manage."""
    return bool(user is not None and user.is_authenticated
                and user.can_manage_institution(institution))


@dataclass(frozen=True)
class Entry:
    """What a person records: the step, the year (None for a JST's standing facts), the
    date it happened, the resolution's number, the source (a link, or a document when
    there is no page to link to), a note; ``withdrawn``: the step did not happen after all
    (a resolution annulled, an earlier entry wrong)."""

    step: Step
    year: int | None
    happened_on: date | None
    reference: str = ""
    source_url: str = ""
    note: str = ""
    withdrawn: bool = False
    document: Upload | None = None


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check(entry: Entry) -> None:
    """Raise ``CooperationError`` when ``entry`` breaks a rule of the record."""
    if entry.step in YEAR_STEPS and entry.year is None:
        raise CooperationError(_l("Choose the year of the programme."), "year")
    if entry.step in JST_STEPS and entry.year is not None:
        raise CooperationError(_l("This is recorded for the local government, not for a "
                                  "year."), "year")
    if entry.withdrawn:
        if not entry.note.strip():
            raise CooperationError(_l("Say why the earlier entry no longer holds."), "note")
        return
    if entry.happened_on is None and entry.step != Step.BENEFIT_COUNCIL:
        raise CooperationError(_l("Enter the date."), "happened_on")
    if entry.happened_on is not None and entry.happened_on > warsaw_today():
        raise CooperationError(_l("The date is in the future: record a step once it has "
                                  "happened."), "happened_on")
    if entry.document is not None:
        _content_type, problem = document_type(entry.document)
        if problem is not None:
            raise CooperationError(problem, "document")
    if entry.source_url and not _is_web_address(entry.source_url):
        raise CooperationError(_l("Enter the address of the source (a page in the BIP or "
                                  "the document), starting with https://."), "source_url")
    if not entry.source_url and entry.document is None:
        raise CooperationError(_l("Give the source: the address of the page in the BIP, or "
                                  "the document itself."), "source_url")


def record(institution, entry: Entry, by) -> CycleRecord:
    """Add ``entry`` to ``institution``'s record, entered by ``by``. Earlier values stay as
    the history; the newest is the current value."""
    if not may_record(by, institution):
        raise CooperationError(_l("You may record only for the local governments you "
                                  "manage."))
    check(entry)
    added = CycleRecord(
        institution_id=institution.id, year=entry.year, step=entry.step,
        happened_on=None if entry.withdrawn else entry.happened_on,
        reference=entry.reference.strip(), source_url=entry.source_url.strip(),
        note=entry.note.strip(), withdrawn=entry.withdrawn, entered_by_id=by.id)
    if entry.document is not None and not entry.withdrawn:
        content_type, _problem = document_type(entry.document)
        added.document_content_type = content_type
        added.document_size = len(entry.document.data)
        added.document_data = entry.document.data
        added.document_filename = download_filename(
            f"{institution.name} {entry.step} {entry.year or ''}",
            entry.document.original_name, content_type)
    db.session.add(added)
    return added
