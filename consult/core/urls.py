"""Absolute links for e-mails and calendar files, built from BASE_URL."""

from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    """Works with or without a request (CLI, background delivery)."""
    base = current_app.config["BASE_URL"]
    parts = urlsplit(base)
    adapter = current_app.url_map.bind(
        parts.netloc or "localhost", script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
