"""Error pages in the site's layout."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

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
    title, message = MESSAGES[code]
    if isinstance(error, CSRFError):
        message = CSRF_MESSAGE
    return render_template("errors/error.html", title=title, message=message), code


def register(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _error_page)
