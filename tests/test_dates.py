"""Dates and times as people write them in each language — no seconds, no zone names, no
American month-first dates in English — and <time datetime> values HTML accepts."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale

from consult.core import datetext
from consult.events import services
from consult.extensions import db
from tests.conftest import text_of
from tests.html import Page, page_of

WINTER = datetime(2030, 1, 9, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 CET in Warsaw
SUMMER = datetime(2030, 7, 9, 8, 0, tzinfo=UTC)  # Tuesday, 10:00 CEST in Warsaw

LOG_LIKE = re.compile(r"\d:\d\d:\d\d|\bCES?T\b|GMT|UTC|[+-]0[12]00|\bAM\b|\bPM\b")

# The HTML standard's valid date, time, local and global date-and-time strings
# (https://html.spec.whatwg.org/multipage/common-microsyntaxes.html#dates-and-times).
HTML_DAY = re.compile(r"\d{4,}-\d\d-\d\d")
HTML_CLOCK = re.compile(r"(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,3})?)?")
HTML_ZONE = re.compile(r"Z|[+-](\d\d):?(\d\d)")


def valid_html_datetime(value: str) -> bool:
    """Whether ``value`` is a date, a time or a (local or global) date and time as HTML
    defines them, with every number in its range."""
    if HTML_DAY.fullmatch(value):
        day, clock, zone = value, "", ""
    elif HTML_CLOCK.fullmatch(value):
        day, clock, zone = "", value, ""
    else:
        day, _, rest = value.replace(" ", "T", 1).partition("T")
        found = HTML_CLOCK.match(rest)
        if not HTML_DAY.fullmatch(day) or not found:
            return False
        clock, zone = found.group(0), rest[found.end():]
        if zone and not HTML_ZONE.fullmatch(zone):
            return False
    try:
        if day:
            date.fromisoformat(day)
    except ValueError:
        return False
    hour, minute, second = HTML_CLOCK.fullmatch(clock).groups() if clock else (0, 0, 0)
    offset = HTML_ZONE.fullmatch(zone).groups() if zone and zone != "Z" else (0, 0)
    return (int(hour) <= 23 and int(minute) <= 59 and int(second or 0) <= 59
            and int(offset[0]) <= 23 and int(offset[1]) <= 59)


def time_values(page) -> list[str]:
    return [e["attrs"].get("datetime") for e in page.elements if e["tag"] == "time"]


def assert_written_for_people(text: str) -> None:
    assert not LOG_LIKE.search(text), LOG_LIKE.search(text).group(0)


# --------------------------------------------------------------------------- named formats

@pytest.mark.parametrize(("language", "expected"), [
    ("pl", {
        "day": ["9 stycznia 2030", "9 lipca 2030"],
        "weekday": ["środa, 9 stycznia 2030", "wtorek, 9 lipca 2030"],
        "short_day": ["9.01.2030", "9.07.2030"],
        "clock": ["10:00", "10:00"],
        "moment": ["9 stycznia 2030, 10:00", "9 lipca 2030, 10:00"],
        "short_moment": ["9.01.2030, 10:00", "9.07.2030, 10:00"],
    }),
    ("en", {
        "day": ["9 January 2030", "9 July 2030"],
        "weekday": ["Wednesday, 9 January 2030", "Tuesday, 9 July 2030"],
        "short_day": ["9 Jan 2030", "9 Jul 2030"],
        "clock": ["10:00", "10:00"],
        "moment": ["9 January 2030, 10:00", "9 July 2030, 10:00"],
        "short_moment": ["9 Jan 2030, 10:00", "9 Jul 2030, 10:00"],
    }),
])
def test_named_formats_in_winter_and_summer(app, language, expected):
    formats = {"day": datetext.format_day, "weekday": datetext.format_weekday,
               "short_day": datetext.format_short_day, "clock": datetext.format_clock,
               "moment": datetext.format_moment, "short_moment": datetext.format_short_moment}
    with app.test_request_context(), force_locale(language):
        shown = {name: [formatter(WINTER), formatter(SUMMER)]
                 for name, formatter in formats.items()}
    assert shown == expected


def test_a_day_is_shown_as_it_is_and_a_moment_on_its_local_day(app):
    late = datetime(2029, 12, 31, 23, 30, tzinfo=UTC)  # already 2030 in Warsaw
    with app.test_request_context(), force_locale("pl"):
        assert datetext.format_day(date(2030, 3, 5)) == "5 marca 2030"
        assert datetext.format_moment(late) == "1 stycznia 2030, 00:30"
        assert datetext.format_moment(late.replace(tzinfo=None)) == "1 stycznia 2030, 00:30"


@pytest.mark.parametrize(("language", "same_month", "two_months", "two_years"), [
    ("pl", "9–23 stycznia 2030", "9 stycznia – 3 lutego 2030", "9 stycznia 2030 – 3 lutego 2031"),
    ("en", "9–23 Jan 2030", "9 Jan – 3 Feb 2030", "9 Jan 2030 – 3 Feb 2031"),
])
def test_day_ranges_name_the_shared_month_and_year_once(app, language, same_month, two_months,
                                                        two_years):
    first = date(2030, 1, 9)
    with app.test_request_context(), force_locale(language):
        shown = [datetext.format_day_range(first, last).replace("\u2009", " ")
                 for last in (date(2030, 1, 23), date(2030, 2, 3), date(2031, 2, 3))]
        assert datetext.format_day_range(first, first) == datetext.format_day(first)
    assert shown == [same_month, two_months, two_years]


@pytest.mark.parametrize(("language", "one_day", "two_days"), [
    ("pl", "środa, 9 stycznia 2030, 10:00–16:00",
     "9 stycznia 2030, 10:00 – 10 stycznia 2030, 16:00"),
    ("en", "Wednesday, 9 January 2030, 10:00–16:00",
     "9 January 2030, 10:00 – 10 January 2030, 16:00"),
])
def test_an_event_names_its_day_once_when_it_has_one(app, language, one_day, two_days):
    with app.test_request_context(), force_locale(language):
        shown = [datetext.format_moment_range(WINTER, WINTER + length).replace("\u2009", " ")
                 for length in (timedelta(hours=6), timedelta(days=1, hours=6))]
    assert shown == [one_day, two_days]


def test_machine_time_is_what_html_accepts():
    assert datetext.machine_time(date(2030, 1, 9)) == "2030-01-09"
    assert datetext.machine_time(WINTER) == "2030-01-09T09:00Z"
    assert datetext.machine_time(SUMMER.replace(second=5, microsecond=123456)) == \
        "2030-07-09T08:00:05Z"
    assert datetext.machine_time(datetime(2030, 1, 9, 9, 0)) == "2030-01-09T09:00Z"  # SQLite
    for value in ("2030-01-09", "2030-01-09T09:00Z", "2030-07-09T08:00:05Z",
                  "2030-07-09T10:00+02:00"):
        assert valid_html_datetime(value), value
    for value in ("2030-01-09T09:00:00.123456+00:00", "2030-02-30", "2030-01-09T24:00Z"):
        assert not valid_html_datetime(value), value


# --------------------------------------------------------------------------- pages and mail

@pytest.fixture
def events(event_factory):
    """A one-day event in summer and a two-day one in winter."""
    return {
        "summer": event_factory(title="Szkolenie letnie", starts_at=SUMMER,
                                ends_at=SUMMER + timedelta(hours=6)),
        "winter": event_factory(title="Forum zimowe", starts_at=WINTER,
                                ends_at=WINTER + timedelta(days=1, hours=6)),
    }


SHOWN = {
    "pl": {"summer": "wtorek, 9 lipca 2030, 10:00–16:00",
           "winter": "9 stycznia 2030, 10:00 – 10 stycznia 2030, 16:00",
           "home": "9 stycznia 2030, 10:00"},
    "en": {"summer": "Tuesday, 9 July 2030, 10:00–16:00",
           "winter": "9 January 2030, 10:00 – 10 January 2030, 16:00",
           "home": "9 January 2030, 10:00"},
}


@pytest.mark.parametrize("language", ["pl", "en"])
def test_pages_write_dates_for_people_and_html(client, events, language):
    client.set_cookie("lang", language)
    shown = SHOWN[language]
    pages = {url: page_of(client.get(url)) for url in (
        "/", "/embed/events", f"/events/{events['summer'].slug}/",
        f"/events/{events['winter'].slug}/")}
    home, embed, summer, winter = pages.values()
    assert shown["home"] in home.content
    assert shown["summer"] in summer.content and shown["winter"] in winter.content
    assert shown["summer"] in embed.content and shown["winter"] in embed.content
    assert {"2030-07-09T08:00Z", "2030-07-09T14:00Z"} <= set(time_values(summer))
    assert {"2030-01-09T09:00Z", "2030-01-10T15:00Z"} <= set(time_values(winter))
    for url, page in pages.items():
        assert_written_for_people(page.content)
        values = time_values(page)
        assert values, url
        assert all(valid_html_datetime(value or "") for value in values), (url, values)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_registration_mail_writes_dates_in_the_registrants_language(app, events, mailbox,
                                                                    language):
    for name in ("summer", "winter"):
        data = services.RegistrationData(full_name="Maria Łęcka", category="ngo",
                                         email=f"{name}-{language}@example.org")
        services.register(events[name], data, staff=object(), locale=language)
        db.session.commit()
        message = mailbox.last_to(f"{name}-{language}@example.org")
        html = message.get_body(preferencelist=("html",)).get_content()
        for text in (" ".join(text_of(message).split()), Page(html).content):
            assert SHOWN[language][name] in text
            assert_written_for_people(text)
