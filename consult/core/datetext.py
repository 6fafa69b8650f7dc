"""Dates and times as people write them, in the current language (the one place that names
the formats), and as HTML's <time datetime> reads them.

Every value is shown in the site's zone (CONSULT_TIMEZONE) and so without a zone name or
offset; no format shows seconds. Babel's "medium", "long" and "full" date-and-time formats
carry both ("9 stycznia 2027 10:00:00 CET"), so they are not used anywhere.
"""

from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_interval, format_time
from flask_babel import get_locale

from consult.core.timeutil import as_utc, to_local

CLDR_LOCALES = {"en": "en_150"}
"""English pages are read in Europe: CLDR's "English (Europe)" writes the day before the
month and a 24-hour clock ("9 January 2027, 10:00"), where plain "en" is American
("January 9, 2027, 10:00 AM", "1/9/27")."""

SHORT_DATE_FORMATS = {"pl": "short", "en_150": "medium"}
"""Tables: "9.01.2027" in Polish; English keeps the month's name ("9 Jan 2027"), because
readers on both sides of the Atlantic take 9/1 for different days."""


def _locale() -> Locale:
    language = str(get_locale() or "pl")
    return Locale.parse(CLDR_LOCALES.get(language, language))


def _day(value: date) -> date:
    """The local date of a moment; a date as it is."""
    return to_local(value).date() if isinstance(value, datetime) else value


def _joined(day: str, time: str, locale: Locale) -> str:
    """A day and a time joined as the language joins them ("{1}, {0}" in Polish and English)."""
    return locale.datetime_formats["medium"].format(time, day)


def format_day(value: date) -> str:
    """"9 stycznia 2027" / "9 January 2027"."""
    return format_date(_day(value), "long", locale=_locale())


def format_weekday(value: date) -> str:
    """"sobota, 9 stycznia 2027" / "Saturday, 9 January 2027"."""
    return format_date(_day(value), "full", locale=_locale())


def format_short_day(value: date) -> str:
    """For tables: "9.01.2027" / "9 Jan 2027"."""
    locale = _locale()
    return format_date(_day(value), SHORT_DATE_FORMATS.get(str(locale), "medium"), locale=locale)


def format_clock(value: datetime) -> str:
    """"10:00" (the language's short time: a 24-hour clock in Polish and European English)."""
    return format_time(to_local(value), "short", locale=_locale())


def format_moment(value: datetime) -> str:
    """"9 stycznia 2027, 10:00" / "9 January 2027, 10:00"."""
    locale = _locale()
    return _joined(format_day(value), format_clock(value), locale)


def format_short_moment(value: datetime) -> str:
    """For tables: "9.01.2027, 10:00" / "9 Jan 2027, 10:00"."""
    return _joined(format_short_day(value), format_clock(value), _locale())


def format_day_range(start: date, end: date) -> str:
    """"9–23 stycznia 2027", "9 stycznia – 3 lutego 2027" / "9–23 Jan 2027": the language's
    own interval patterns (CLDR), which write the shared month and year once."""
    first, last = _day(start), _day(end)
    if first == last:
        return format_day(first)
    return format_interval(first, last, "yMMMMd", locale=_locale())


def moment_range(start: datetime, end: datetime) -> tuple[str, str, str]:
    """An event's time as (beginning, separator, end), for a page to mark up each end.

    A one-day event names its day once: "sobota, 9 stycznia 2027, 10:00", "–", "16:00";
    a longer one names both: "9 stycznia 2027, 10:00", " – ", "10 stycznia 2027, 16:00"."""
    locale = _locale()
    if _day(start) == _day(end):
        return _joined(format_weekday(start), format_clock(start), locale), "–", format_clock(end)
    separator = locale.interval_formats[None].format("", "")
    return format_moment(start), separator, format_moment(end)


def format_moment_range(start: datetime, end: datetime) -> str:
    """moment_range() as one line of text (e-mails)."""
    return "".join(moment_range(start, end))


def machine_time(value: date) -> str:
    """A valid HTML <time datetime> value: "2027-01-09" for a day; for a moment the global
    form in UTC, to the minute unless seconds are set ("2027-01-09T09:00Z"). Python's
    isoformat() writes microseconds, which HTML's grammar allows only up to three digits."""
    if not isinstance(value, datetime):
        return value.isoformat()
    moment = as_utc(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ" if moment.second else "%Y-%m-%dT%H:%MZ")
