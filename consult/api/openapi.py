"""The OpenAPI 3.1 description of /api/v1, assembled from plain dicts.

Each area documents its endpoints by adding to PATHS (keys relative to /api/v1) and its
objects to SCHEMAS; ``document()`` puts them together. Nullable values are written the
JSON Schema way of OpenAPI 3.1: ``"type": ["integer", "null"]``.
"""

import copy

from flask import current_app

from consult.events.models import FORMATS, TYPES

OPENAPI_VERSION = "3.1.0"


def ref(kind: str, name: str) -> dict:
    return {"$ref": f"#/components/{kind}/{name}"}


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


DATE_TIME = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with the UTC offset, in the zone given by `timezone`.",
}

SCHEMAS: dict[str, dict] = {
    "Venue": {
        "type": "object",
        "required": ["name", "address"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "address": {"type": "string"},
        },
    },
    "Event": {
        "type": "object",
        "required": [
            "slug", "title", "type", "format", "starts_at", "ends_at", "timezone", "venue",
            "online", "capacity", "seats_left", "waitlist_length", "registration_open",
            "url", "ics_url",
        ],
        "additionalProperties": False,
        "properties": {
            "slug": {"type": "string", "description": "Identifies the event in URLs."},
            "title": {"type": "string"},
            "type": {"type": "string", "enum": list(TYPES)},
            "format": {"type": "string", "enum": list(FORMATS)},
            "starts_at": DATE_TIME,
            "ends_at": DATE_TIME,
            "timezone": {"type": "string", "description": "IANA time zone, e.g. Europe/Warsaw."},
            "venue": {
                "oneOf": [ref("schemas", "Venue"), {"type": "null"}],
                "description": "Where it takes place; null for an online-only event.",
            },
            "online": {"type": "boolean", "description": "Online or hybrid. The meeting "
                       "link is sent only to confirmed participants."},
            "capacity": {"type": ["integer", "null"], "minimum": 0,
                         "description": "Seats; null when there is no limit."},
            "seats_left": {"type": ["integer", "null"], "minimum": 0,
                           "description": "Free seats now; null when there is no limit."},
            "waitlist_length": {"type": "integer", "minimum": 0},
            "registration_open": {
                "type": "boolean",
                "description": "The registration form accepts registrations now (for a "
                               "seat or a place on the waiting list).",
            },
            "url": {"type": "string", "format": "uri", "description": "The event's page."},
            "ics_url": {"type": "string", "format": "uri",
                        "description": "The event as an iCalendar file."},
        },
    },
    "EventList": {
        "type": "object",
        "required": ["items"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": ref("schemas", "Event")},
            "next": {"type": "string", "format": "uri",
                     "description": "The next page; absent on the last page."},
        },
    },
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "examples": ["not_found"]},
            "message": {"type": "string"},
        },
    },
}

PARAMETERS: dict[str, dict] = {
    "page": {
        "name": "page", "in": "query", "required": False,
        "description": "Page number, from 1; 20 items a page.",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    "eventType": {
        "name": "type", "in": "query", "required": False,
        "description": "Only events of this type.",
        "schema": {"type": "string", "enum": list(TYPES)},
    },
    "past": {
        "name": "past", "in": "query", "required": False,
        "description": "1: past events, latest first, instead of upcoming ones.",
        "schema": {"type": "string", "enum": ["1"]},
    },
    "slug": {
        "name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
    },
}

HEADERS: dict[str, dict] = {
    "ETag": {"description": "Version of the data; send it back in If-None-Match.",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "When the data last changed.",
                      "schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"description": "Always `*`: the data is public.",
                                    "schema": {"type": "string", "const": "*"}},
}

RESPONSES: dict[str, dict] = {
    "NotModified": {
        "description": "Not changed since the version named in If-None-Match or "
                       "If-Modified-Since.",
        "headers": {"ETag": ref("headers", "ETag")},
    },
    "NotFound": {
        "description": "No such public item.",
        "content": json_content(ref("schemas", "Error")),
    },
}


def _cached(description: str, schema: dict) -> dict:
    return {
        "description": description,
        "headers": {name: ref("headers", name) for name in HEADERS},
        "content": json_content(schema),
    }


PATHS: dict[str, dict] = {
    "/events": {
        "get": {
            "operationId": "listEvents",
            "summary": "Published events: upcoming ones, soonest first (or past ones).",
            "tags": ["events"],
            "parameters": [ref("parameters", name) for name in ("page", "eventType", "past")],
            "responses": {
                "200": _cached("A page of events.", ref("schemas", "EventList")),
                "304": ref("responses", "NotModified"),
            },
        },
    },
    "/events/{slug}": {
        "get": {
            "operationId": "getEvent",
            "summary": "One published event.",
            "tags": ["events"],
            "parameters": [ref("parameters", "slug")],
            "responses": {
                "200": _cached("The event.", ref("schemas", "Event")),
                "304": ref("responses", "NotModified"),
                "404": ref("responses", "NotFound"),
            },
        },
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "This description.",
            "tags": ["meta"],
            "responses": {
                "200": {"description": "The OpenAPI document.",
                        "content": json_content({"type": "object"})},
            },
        },
    },
}


def document() -> dict:
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"{current_app.config['CONSULT_SITE_NAME']} — API",
            "version": "1",
            "description": "Read-only public data. Lists are paginated with `page` and carry "
                           "`next` while there are more items. Every response allows any "
                           "origin (CORS).",
        },
        "servers": [{"url": f"{current_app.config['BASE_URL']}/api/v1"}],
        "paths": copy.deepcopy(PATHS),
        "components": copy.deepcopy({
            "schemas": SCHEMAS, "parameters": PARAMETERS, "headers": HEADERS,
            "responses": RESPONSES,
        }),
    }
