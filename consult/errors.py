"""Error pages in the site's layout; under /api/ problem details in JSON instead."""

from flask import Flask, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest, HTTPException

from consult.api import problems
from consult.extensions import db

MESSAGES = {
    400: (
        _l("The request could not be processed"),
        _l("Something in the request was wrong. Go back and try again."),
    ),
    403: (
        _l("No access"),
        _l("You do not have permission to open this page. If you think you should, contact "
           "the federation's team."),
    ),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. It may have been moved or deleted."),
    ),
    405: (
        _l("This action is not allowed here"),
        _l("The page cannot be used this way. Go back and use the buttons on the page."),
    ),
    413: (
        _l("The file is too large"),
        _l("What you sent is larger than the platform accepts. Send a smaller file."),
    ),
    429: (
        _l("Too many attempts"),
        _l("There were too many attempts from your connection in a short time. Wait a few "
           "minutes and try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("The error has been logged. Try again in a moment; if it happens again, contact us."),
    ),
}
CSRF_MESSAGE = _l(
    "The form expired or your session ended, so we could not accept it. Go back, refresh the "
    "page and send it again."
)


def _error_page(error):
    code = error.code if getattr(error, "code", None) in MESSAGES else 500
    if code == 500:
        db.session.rollback()
    if problems.is_api_request():
        return problems.from_http_error(error, code)
    title, message = MESSAGES[code]
    if isinstance(error, CSRFError):
        message = CSRF_MESSAGE
    return render_template("errors/error.html", title=title, message=message), code


def _value_out_of_range(error):
    """A value no column can hold reached the database (a number of 30 digits in a form
    field, text PostgreSQL refuses): the request was wrong, not the server. The last
    resort behind consult.core.request_data, which keeps most such values out."""
    db.session.rollback()
    current_app.logger.warning("value out of range: %s", error)
    if problems.is_api_request():
        return problems.from_http_error(BadRequest(), 400)
    title, message = MESSAGES[400]
    return render_template("errors/error.html", title=title, message=message), 400


def _other_http_error(error: HTTPException):
    """A status without a page of its own: Werkzeug's page, but JSON under /api/."""
    return problems.from_http_error(error) if problems.is_api_request() else error


def register(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(HTTPException, _other_http_error)
    app.register_error_handler(CSRFError, _error_page)
    # SQLite's driver raises OverflowError for an integer over 2**63; PostgreSQL's a
    # DataError (numeric value out of range, NUL in text).
    app.register_error_handler(OverflowError, _value_out_of_range)
    app.register_error_handler(DataError, _value_out_of_range)
