"""Errors of the JSON API as problem details (RFC 9457, ``application/problem+json``).

Whatever goes wrong at an /api/ URL (a parameter the API cannot use, an unknown path, a
method other than GET, too many requests, a server error) is answered in JSON, never with
the site's HTML error page, in one shape::

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "status must be one of: planned, open, closed, reported.",
     "error": "invalid_parameter", "parameter": "status",
     "allowed": ["planned", "open", "closed", "reported"]}

``type``, ``title``, ``status`` and ``detail`` are RFC 9457's members (``about:blank``: the
HTTP status says what kind of problem it is, so ``title`` is the status phrase); ``error``
is the stable code a program compares (the contract's ``{"error": …}``); ``parameter`` and
``allowed`` name the query parameter at fault and, when there is a fixed set, its values
(or, for an unknown parameter, the names the URL takes). RFC 9457 asks clients to ignore
members they do not know, so codes and members may be added. Messages are English: they
are read by the programmers of the clients, not shown to the public.
"""

import json

from flask import Response, current_app, request
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.http import HTTP_STATUS_CODES

MEDIA_TYPE = "application/problem+json"

INVALID_PARAMETER = "invalid_parameter"
UNKNOWN_PARAMETER = "unknown_parameter"
# The code of each status an /api/ URL can answer with; any other is "http_<status>".
CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    414: "uri_too_long",
    429: "too_many_requests",
    431: "request_headers_too_large",
    500: "server_error",
}
DETAILS = {
    404: "No such public item, or no such URL in this API.",
    405: "This URL answers only the methods listed in the Allow header.",
    429: "Too many requests from this address: wait as long as Retry-After says.",
    500: "The server failed to answer; the error has been logged. Try again later.",
}


class InvalidParameter(BadRequest):
    """A query parameter the operation cannot use: unknown, repeated, or a value outside
    what the OpenAPI description allows."""

    def __init__(self, parameter: str, detail: str, allowed: list | None = None,
                 error: str = INVALID_PARAMETER):
        super().__init__(detail)
        self.parameter, self.allowed, self.error = parameter, allowed, error


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def problem(status: int, error: str, detail: str, headers=(), **members) -> Response:
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"),
            "status": status, "detail": detail, "error": error}
    body |= {name: value for name, value in members.items() if value is not None}
    response = current_app.response_class(json.dumps(body, ensure_ascii=False),
                                          status=status, mimetype=MEDIA_TYPE)
    response.headers.extend(headers)
    return response


def from_http_error(error: HTTPException, status: int | None = None) -> Response:
    """The problem details of an HTTP error raised anywhere under /api/ (``status``: the
    code the site's error handling settled on, e.g. 500 for an unexpected exception)."""
    status = status or error.code or 500
    if isinstance(error, InvalidParameter):
        return problem(status, error.error, error.description, parameter=error.parameter,
                       allowed=error.allowed)
    # Werkzeug's own headers (Allow of a 405, Retry-After…) but not its text/html type.
    headers = [(name, value) for name, value in error.get_headers()
               if name.lower() != "content-type"] if status == error.code else []
    detail = DETAILS.get(status) or error.description or HTTP_STATUS_CODES.get(status, "")
    return problem(status, CODES.get(status, f"http_{status}"), detail, headers)
