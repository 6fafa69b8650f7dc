"""Template filters and globals: localised dates and numbers, sanitised Markdown."""

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from consult.core.text import render_markdown
from consult.core.timeutil import format_moment


def init_app(app: Flask) -> None:
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    app.jinja_env.filters["date"] = lambda value, fmt="long": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["moment"] = lambda value: format_moment(value) if value else ""
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "pl")
