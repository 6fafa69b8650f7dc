"""Security baseline: CSRF on every POST, security headers, safe redirects."""

from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, current_app, request

from consult.extensions import csrf

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Public widgets (the embeddable list of events) that partners show in an iframe.
FRAMEABLE_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


def csrf_checked_by_form(view):
    """Mark a view whose FlaskForm validates the CSRF token itself.

    Such a view re-shows the form with everything the user typed and a clear message
    when the token is missing or expired, instead of failing with a bare error page.
    """
    view.csrf_checked_by_form = True
    return view


def _protect_post() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_app.config["WTF_CSRF_ENABLED"]:
        return
    if request.url_rule is None:
        return  # no view matched: the answer is a 404 or a 405, whatever the token
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "csrf_checked_by_form", False):
        return
    csrf.protect()


def _headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    if not getattr(response, "frameable", False):
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def is_safe_redirect(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    return target if is_safe_redirect(target) else default


def no_store(view):
    """Pages with personal data or tokens: not cached, not indexed."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = current_app.make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def frameable(view):
    """Any site may show the page in an iframe: the policy allows every frame ancestor and
    the response is marked so that no X-Frame-Options header is added."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = current_app.make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = FRAMEABLE_CSP
        response.frameable = True
        return response

    return wrapper


def init_app(app: Flask) -> None:
    app.before_request(_protect_post)
    app.after_request(_headers)
