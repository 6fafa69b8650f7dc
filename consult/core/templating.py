"""Template filters and globals: localised dates and numbers, sanitised Markdown."""

from functools import lru_cache

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale, get_timezone

from consult.core.text import render_markdown
from consult.core.timeutil import format_moment


@lru_cache(maxsize=16384)
def _formatted(formatter, value, fmt: str, locale: str, timezone: str) -> str:
    """Babel's formatting is slow and a list page formats the same moments again and again;
    the language and time zone it reads from the request are part of the key."""
    return formatter(value, fmt)


def _memoised(formatter):
    def format_value(value, fmt):
        if not value:
            return ""
        return _formatted(formatter, value, fmt, str(get_locale()), str(get_timezone()))
    return format_value


def init_app(app: Flask) -> None:
    datetime_filter, date_filter = _memoised(format_datetime), _memoised(format_date)
    moment_filter = _memoised(lambda value, _fmt: format_moment(value))
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": datetime_filter(value, fmt)
    app.jinja_env.filters["date"] = lambda value, fmt="long": date_filter(value, fmt)
    app.jinja_env.filters["moment"] = lambda value: moment_filter(value, "")
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "pl")
