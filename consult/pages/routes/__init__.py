"""The views of the public pages: ``public`` (home, about, accessibility statement,
privacy, health check, language)."""

from consult.pages.routes import public  # noqa: F401
