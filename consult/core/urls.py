"""Absolute links for e-mails and calendar files, built from BASE_URL."""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request


def site_url() -> str:
    """The address links in mail, calendar files and QR codes start with: BASE_URL, or, on
    a development server started without one (``make run``, BASE_URL_FROM_REQUEST), the
    address the page was actually asked at, so links work on another host or port.

    Never in production: there the Host header is whatever a client sends, and a password
    reset link must not lead to an address an attacker chose."""
    if current_app.config.get("BASE_URL_FROM_REQUEST") and has_request_context():
        return request.host_url.rstrip("/")
    return current_app.config["BASE_URL"]


def external_url(endpoint: str, **values) -> str:
    """Works with or without a request (CLI, background delivery)."""
    base = site_url()
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc or "localhost", script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
