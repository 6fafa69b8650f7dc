"""Polish first, English second: locale choice and localised formatting for templates."""

from flask import Flask, current_app, g, request
from flask_login import current_user

from consult.extensions import babel

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """The visitor's explicit choice (cookie), then the account's, then the browser's
    languages in their order of preference, then Polish.

    A browser language matches by its primary tag: "en-GB", "en-US" or "en-IE" get
    English, "pl-PL" Polish; a browser that asks for neither gets Polish."""
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not request:
        return default
    choice = request.cookies.get(LANGUAGE_COOKIE)
    if choice in languages:
        return choice
    user = getattr(g, "_login_user", None) or current_user
    if user is not None and getattr(user, "is_authenticated", False) and user.locale in languages:
        return user.locale
    return _browser_language(languages) or default


def _browser_language(languages) -> str | None:
    for value, _quality in request.accept_languages:
        primary = value.split("-")[0].split("_")[0].lower()
        if primary in languages:
            return primary
    return None


def select_timezone() -> str:
    return current_app.config["CONSULT_TIMEZONE"]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories="translations",
    )
