"""Polish first, English second: locale choice and localised formatting for templates."""

from flask import Flask, current_app, g, request
from flask_login import current_user

from consult.extensions import babel

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """The visitor's explicit choice (cookie), then the account's, then Polish."""
    languages = current_app.config["LANGUAGES"]
    choice = request.cookies.get(LANGUAGE_COOKIE) if request else None
    if choice in languages:
        return choice
    user = getattr(g, "_login_user", None) or (current_user if request else None)
    if user is not None and getattr(user, "is_authenticated", False) and user.locale in languages:
        return user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["CONSULT_TIMEZONE"]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories="translations",
    )
