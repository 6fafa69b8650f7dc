"""The OpenAPI 3.1 description of /api/v1, assembled from plain dicts.

Each area documents its endpoints by adding to PATHS (keys relative to /api/v1) and its
objects to SCHEMAS; ``document()`` puts them together. Nullable values are written the
JSON Schema way of OpenAPI 3.1: ``"type": ["integer", "null"]``.
"""

import copy

from flask import current_app

from consult.api import problems
from consult.consultations.models import PUBLIC_STATUSES, Decision
from consult.core.urls import site_url
from consult.events.choices import FORMATS, TYPES
from consult.institutions.models import KINDS as INSTITUTION_KINDS
from consult.network.directory import KINDS as JST_KINDS

OPENAPI_VERSION = "3.1.0"

# The largest ?page=: far past the end of every list, and small enough that the OFFSET fits
# a database integer (SQLite fails on one over 2**63: ?page=10**18 was a server error).
MAX_PAGE = 100_000
# Ids are database integers (PostgreSQL's integer: 32 bits).
MAX_ID = 2**31 - 1
# Years of programmes of cooperation: art. 5a of the act (a programme adopted by 30 November)
# dates from 2010, as on /cooperation/.
FIRST_PROGRAMME_YEAR, LAST_PROGRAMME_YEAR = 2010, 2100


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
    "Institution": {
        "type": "object",
        "required": ["name", "teryt"],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string"},
            "teryt": {"type": "string", "pattern": "^[0-9]{2}([0-9]{2}([0-9]{3})?)?$",
                      "description": "TERYT code: 2 digits (województwo), 4 (powiat) or "
                                     "7 (gmina)."},
        },
    },
    "Consultation": {
        "type": "object",
        "required": ["slug", "title", "institution", "status", "opens_on", "closes_on",
                     "comments_count", "url"],
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "institution": ref("schemas", "Institution"),
            "status": {"type": "string", "enum": list(PUBLIC_STATUSES)},
            "opens_on": {"type": "string", "format": "date",
                         "description": "First day comments are accepted (Europe/Warsaw)."},
            "closes_on": {"type": "string", "format": "date",
                          "description": "Last day comments are accepted (Europe/Warsaw)."},
            "comments_count": {"type": "integer", "minimum": 0,
                               "description": "Published comments."},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "ConsultationList": {
        "type": "object",
        "required": ["items"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": ref("schemas", "Consultation")},
            "next": {"type": "string", "format": "uri",
                     "description": "The next page; absent on the last page."},
        },
    },
    "Section": {
        "type": "object",
        "required": ["id", "number", "title", "text"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "number": {"type": "string", "examples": ["§ 3", "Rozdział II"]},
            "title": {"type": "string"},
            "text": {"type": "string", "description": "The draft's wording (Markdown)."},
        },
    },
    "CommentResponse": {
        "type": "object",
        "required": ["decision", "text"],
        "additionalProperties": False,
        "properties": {
            "decision": {"type": "string", "enum": list(Decision)},
            "text": {"type": "string", "description": "The justification of the decision."},
        },
    },
    "Comment": {
        "type": "object",
        "required": ["id", "section_id", "author", "organisation", "body", "proposed_text",
                     "justification", "created_at", "response"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "section_id": {"type": ["integer", "null"],
                           "description": "null: a comment on the whole document."},
            "author": {"type": "string", "description": "The organisation, the person's "
                       "name if they agreed to publish it, or a neutral label."},
            "organisation": {"type": ["string", "null"]},
            "body": {"type": "string"},
            "proposed_text": {"type": "string"},
            "justification": {"type": "string"},
            "created_at": DATE_TIME,
            "response": {
                "oneOf": [ref("schemas", "CommentResponse"), {"type": "null"}],
                "description": "The authority's answer; null until the report is published.",
            },
        },
    },
    "ConsultationDetail": {
        "allOf": [
            ref("schemas", "Consultation"),
            {
                "type": "object",
                "required": ["sections", "comments"],
                "properties": {
                    "sections": {"type": "array", "items": ref("schemas", "Section")},
                    "comments": {"type": "array", "items": ref("schemas", "Comment")},
                },
            },
        ],
    },
    "NetworkMember": {
        "type": "object",
        "required": ["id", "institution", "powiat", "is_coordinator", "url", "vcard_url"],
        "additionalProperties": False,
        "description": "An approved member of the officials' network. Each personal field "
                       "is present only when the member made it public (and filled it in).",
        "properties": {
            "id": {"type": "integer"},
            "full_name": {"type": "string"},
            "position": {"type": "string"},
            "department": {"type": "string"},
            "work_email": {"type": "string"},
            "work_phone": {"type": "string"},
            "topics": {"type": "array", "items": {"type": "string"},
                       "description": "Subjects the member works on."},
            "bio": {"type": "string"},
            "institution": ref("schemas", "Institution"),
            "powiat": {
                "oneOf": [ref("schemas", "Institution"), {"type": "null"}],
                "description": "The powiat-level unit of the institution (itself for a "
                               "powiat or a city with county rights).",
            },
            "is_coordinator": {"type": "boolean", "description": "The institution's "
                               "designated coordinator of cooperation with NGOs."},
            "url": {"type": "string", "format": "uri", "description": "The profile page."},
            "vcard_url": {"type": "string", "format": "uri",
                          "description": "The public fields as a vCard 3.0 file."},
        },
    },
    "NetworkMemberList": {
        "type": "object",
        "required": ["items"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": ref("schemas", "NetworkMember")},
            "next": {"type": "string", "format": "uri",
                     "description": "The next page; absent on the last page."},
        },
    },
    "CooperationProgramme": {
        "type": "object",
        "required": ["teryt", "name", "kind", "year", "consulted", "consultation_url",
                     "adopted_on", "resolution", "source_url", "adopted_on_time",
                     "report_published_on", "report_on_time"],
        "additionalProperties": False,
        "description": "One JST and the cycle of its annual programme of cooperation with "
                       "NGOs for a year (UDPP art. 5a): adopted by the council by 30 "
                       "November of the year before, the report on its execution published "
                       "by 31 May of the year after (days in Poland, Europe/Warsaw).",
        "properties": {
            "teryt": {"type": "string", "pattern": "^[0-9]{2}([0-9]{2}([0-9]{3})?)?$",
                      "description": "TERYT code: 2 digits (województwo), 4 (powiat) or "
                                     "7 (gmina)."},
            "name": {"type": "string", "description": "The name in the TERC register."},
            "kind": {"type": "string", "enum": list(INSTITUTION_KINDS)},
            "year": {"type": "integer", "description": "The year of the programme."},
            "consulted": {"type": "boolean",
                          "description": "The draft was consulted with NGOs: on this "
                                         "platform (see `consultation_url`) or elsewhere, "
                                         "as recorded."},
            "consultation_url": {"type": ["string", "null"], "format": "uri",
                                 "description": "The consultation of the draft on this "
                                                "platform; null when it was not held here."},
            "adopted_on": {"type": ["string", "null"], "format": "date",
                           "description": "The day the council adopted the programme; "
                                          "null when not recorded."},
            "resolution": {"type": ["string", "null"],
                           "description": "The resolution's number, e.g. XLII/312/2025."},
            "source_url": {"type": ["string", "null"], "format": "uri",
                           "description": "Where the adopted programme is published (the "
                                          "resolution in the BIP)."},
            "adopted_on_time": {"type": ["boolean", "null"],
                                "description": "Adopted by 30 November of the year before; "
                                               "null while nothing is recorded."},
            "report_published_on": {"type": ["string", "null"], "format": "date",
                                    "description": "The day the report on the programme's "
                                                   "execution was published."},
            "report_on_time": {"type": ["boolean", "null"],
                               "description": "Published by 31 May of the year after; null "
                                              "while nothing is recorded."},
        },
    },
    "ProjectCounters": {
        "type": "object",
        "required": ["recipients", "organisations", "institutions", "events_held",
                     "training_hours", "advice_hours", "kilometres"],
        "additionalProperties": False,
        "description": "Counted from the record whenever asked: the project's events that "
                       "have ended with someone present, and its advice log. Each person, "
                       "organisation and JST counts once.",
        "properties": {
            "recipients": {"type": "integer", "description": "People present at the "
                                                             "project's events."},
            "organisations": {"type": "integer", "description": "NGOs met at events or "
                                                                "advised."},
            "institutions": {"type": "integer", "description": "JST met at events or "
                                                               "advised."},
            "events_held": {"type": "integer"},
            "training_hours": {"type": "number", "description": "Hours of trainings and "
                                                                "meetings held."},
            "advice_hours": {"type": "number", "description": "Hours of individual advice "
                                                              "(doradztwo)."},
            "kilometres": {"type": "integer", "description": "Kilometres travelled to "
                                                             "events."},
        },
    },
    "Project": {
        "type": "object",
        "required": ["slug", "title", "funder", "programme", "starts_on", "ends_on",
                     "total_cost", "grant", "currency", "partners", "url", "counters"],
        "additionalProperties": False,
        "description": "A funding project of the federation with a public page.",
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "funder": {"type": "string"},
            "programme": {"type": "string"},
            "starts_on": {"type": ["string", "null"], "format": "date"},
            "ends_on": {"type": ["string", "null"], "format": "date"},
            "total_cost": {"type": ["string", "null"], "pattern": r"^\d+\.\d{2}$",
                           "description": "A decimal amount in `currency`, e.g. "
                                          "\"135940.00\"."},
            "grant": {"type": ["string", "null"], "pattern": r"^\d+\.\d{2}$"},
            "currency": {"type": "string", "description": "ISO 4217, e.g. PLN or EUR."},
            "partners": {"type": "array", "items": {"type": "string"}},
            "url": {"type": "string", "format": "uri", "description": "The project's page."},
            "counters": ref("schemas", "ProjectCounters"),
        },
    },
    "ProjectList": {
        "type": "object",
        "required": ["items", "next"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": ref("schemas", "Project")},
            "next": {"type": ["string", "null"], "format": "uri",
                     "description": "The next page; null on the last page."},
        },
    },
    "ResearchDiagnosis": {
        "type": "object",
        "required": ["slug", "title", "teryt", "institution", "year", "index", "published_at",
                     "url", "detail_url"],
        "additionalProperties": False,
        "description": "A published diagnosis of the quality of cooperation between a JST "
                       "and NGOs (a survey of NGOs, officials and councillors, the Local "
                       "Cooperation Quality Index method).",
        "properties": {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "teryt": {"type": "string", "description": "The JST's TERYT code."},
            "institution": {"type": "string", "description": "The JST's name."},
            "year": {"type": "integer"},
            "index": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                      "description": "The overall index 0–100: the mean of the shown "
                                     "groups' indexes, each group weighing the same; null "
                                     "when no group has enough answers."},
            "published_at": DATE_TIME,
            "url": {"type": "string", "format": "uri", "description": "The results page."},
            "detail_url": {"type": "string", "format": "uri"},
        },
    },
    "ResearchDiagnosisList": {
        "type": "object",
        "required": ["items", "next"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": ref("schemas", "ResearchDiagnosis")},
            "next": {"type": ["string", "null"], "format": "uri",
                     "description": "The next page; null on the last page."},
        },
    },
    "ResearchDiagnosisDetail": {
        "type": "object",
        "required": ["slug", "title", "teryt", "institution", "year", "index", "published_at",
                     "url", "detail_url", "min_group_answers", "areas", "groups", "gap"],
        "additionalProperties": False,
        "description": "A diagnosis's index by area and respondent group. A group with fewer "
                       "answers than `min_group_answers` has no figure (`shown` false), so "
                       "that no respondent can be identified.",
        "properties": {
            # and every property of ResearchDiagnosis (added below)
            "min_group_answers": {"type": "integer"},
            "areas": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["number", "title_pl", "title_en", "weight", "index"],
                "properties": {
                    "number": {"type": "integer", "description": "The area's number, from 1."},
                    "title_pl": {"type": "string"}, "title_en": {"type": "string"},
                    "weight": {"type": "integer"},
                    "index": {"type": ["number", "null"],
                              "description": "The mean of the shown groups' indexes."},
                }}},
            "groups": {"type": "array", "items": {
                "type": "object", "additionalProperties": False,
                "required": ["key", "name_pl", "name_en", "shown", "index", "areas", "note"],
                "properties": {
                    "key": {"type": "string"}, "name_pl": {"type": "string"},
                    "name_en": {"type": "string"},
                    "shown": {"type": "boolean",
                              "description": "False for a group under the threshold."},
                    "index": {"type": ["number", "null"]},
                    "areas": {"type": "object", "description": "The area's number → the "
                              "group's index in it (null: no answers); empty when not shown.",
                              "additionalProperties": {"type": ["number", "null"]}},
                    "note": {"type": ["string", "null"],
                             "description": "Why no figure is shown."},
                }}},
            "gap": {"type": ["object", "null"], "additionalProperties": False,
                    "required": ["high", "low", "points"],
                    "description": "The highest and the lowest shown group (their keys) and "
                                   "the difference of their indexes.",
                    "properties": {"high": {"type": "string"}, "low": {"type": "string"},
                                   "points": {"type": "number"}}},
        },
    },
    "CooperationProgrammeList": {
        "type": "object",
        "required": ["items", "next"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": ref("schemas", "CooperationProgramme")},
            "next": {"type": ["string", "null"], "format": "uri",
                     "description": "The next page; null on the last page."},
        },
    },
    "Problem": {
        "type": "object",
        "description": "Problem details (RFC 9457, media type application/problem+json), "
                       "the shape of every error of this API. Ignore members you do not "
                       "know: more may be added.",
        "required": ["type", "title", "status", "detail", "error"],
        "properties": {
            "type": {"type": "string", "const": "about:blank",
                     "description": "The HTTP status says what kind of problem it is."},
            "title": {"type": "string", "description": "The HTTP status phrase.",
                      "examples": ["Bad Request"]},
            "status": {"type": "integer", "description": "The HTTP status code."},
            "detail": {"type": "string", "description": "What went wrong, in English, "
                       "for the programmer of the client."},
            "error": {
                "type": "string",
                "description": "A stable code to compare: `invalid_parameter` (a value the "
                               "parameter does not take, a parameter given twice, or a "
                               "required one missing), "
                               "`unknown_parameter` (a parameter this URL does not take), "
                               "or the status's own code.",
                "examples": [problems.INVALID_PARAMETER, problems.UNKNOWN_PARAMETER,
                             *problems.CODES.values()],
            },
            "parameter": {"type": "string",
                          "description": "400 only: the query parameter at fault."},
            "allowed": {"type": "array", "items": {"type": "string"},
                        "description": "400 only, when there is a fixed set: the values the "
                                       "parameter takes, or for an unknown parameter the "
                                       "parameters the URL takes."},
        },
    },
}

SCHEMAS["ResearchDiagnosisDetail"]["properties"].update(
    copy.deepcopy(SCHEMAS["ResearchDiagnosis"]["properties"]))

PARAMETERS: dict[str, dict] = {
    "page": {
        "name": "page", "in": "query", "required": False,
        "description": "Page number, from 1; 20 items a page. A page past the last one is "
                       "an empty list.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    "eventType": {
        "name": "type", "in": "query", "required": False,
        "description": "Only events of this type.",
        "schema": {"type": "string", "enum": list(TYPES)},
    },
    "past": {
        "name": "past", "in": "query", "required": False,
        "description": "1: past events, latest first, instead of upcoming ones; 0 (the "
                       "default): upcoming ones.",
        "schema": {"type": "string", "enum": ["0", "1"]},
    },
    "slug": {
        "name": "slug", "in": "path", "required": True, "schema": {"type": "string"},
    },
    "consultationStatus": {
        "name": "status", "in": "query", "required": False,
        "description": "Only consultations in this state.",
        "schema": {"type": "string", "enum": list(PUBLIC_STATUSES)},
    },
    "networkQuery": {
        "name": "q", "in": "query", "required": False,
        "description": "Words to find in the public fields and the institution's name, "
                       "regardless of case and Polish letters (\"plonsk\" finds "
                       "\"Płońsk\").",
        "schema": {"type": "string", "maxLength": 200},
    },
    "powiat": {
        "name": "powiat", "in": "query", "required": False,
        "description": "Only members in this powiat-level unit (its TERYT code); a code "
                       "no unit of the region has gives an empty list.",
        "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
    },
    "jstKind": {
        "name": "kind", "in": "query", "required": False,
        "description": "Only members of a local government of this kind.",
        "schema": {"type": "string", "enum": list(JST_KINDS)},
    },
    "topic": {
        "name": "topic", "in": "query", "required": False,
        "description": "Only members who made public that they work on this topic (its "
                       "id); an id no topic has gives an empty list.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    },
    "programmeYear": {
        "name": "year", "in": "query", "required": True,
        "description": "The year of the programme (the year it is carried out in).",
        "schema": {"type": "integer", "minimum": FIRST_PROGRAMME_YEAR,
                   "maximum": LAST_PROGRAMME_YEAR},
    },
    "programmePowiat": {
        "name": "powiat", "in": "query", "required": False,
        "description": "Only the JST of this powiat-level unit (its TERYT code): the powiat "
                       "or city with powiat rights and its gminas; a code no unit of the "
                       "region has gives an empty list.",
        "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
    },
}

HEADERS: dict[str, dict] = {
    "ETag": {"description": "Version of the data; send it back in If-None-Match.",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "When the data last changed.",
                      "schema": {"type": "string"}},
    "Access-Control-Allow-Origin": {"description": "Always `*`: the data is public.",
                                    "schema": {"type": "string", "const": "*"}},
    "Allow": {"description": "The methods this URL answers.",
              "schema": {"type": "string", "examples": ["GET, HEAD, OPTIONS"]}},
    "Retry-After": {"description": "Seconds to wait before the next request.",
                    "schema": {"type": "string"}},
}
CACHE_HEADERS = ("ETag", "Last-Modified", "Access-Control-Allow-Origin")


def problem_content() -> dict:
    return {problems.MEDIA_TYPE: {"schema": ref("schemas", "Problem")}}


RESPONSES: dict[str, dict] = {
    "NotModified": {
        "description": "Not changed since the version named in If-None-Match or "
                       "If-Modified-Since.",
        "headers": {"ETag": ref("headers", "ETag")},
    },
    "InvalidParameter": {
        "description": "A query parameter this URL does not take, one given twice, or a "
                       "value outside its schema (`error`: `unknown_parameter` or "
                       "`invalid_parameter`; `parameter` names it).",
        "content": problem_content(),
    },
    "NotFound": {
        "description": "No such public item.",
        "content": problem_content(),
    },
    "MethodNotAllowed": {
        "description": "A method other than GET, HEAD or OPTIONS; `Allow` lists them.",
        "headers": {"Allow": ref("headers", "Allow")},
        "content": problem_content(),
    },
    "TooManyRequests": {
        "description": "Too many requests from this address; wait as `Retry-After` says.",
        "headers": {"Retry-After": ref("headers", "Retry-After")},
        "content": problem_content(),
    },
    "ServerError": {
        "description": "The server failed; the error has been logged.",
        "content": problem_content(),
    },
}


def _errors(*statuses: str) -> dict:
    """The error responses of an operation: those every URL can give, and ``statuses``."""
    names = {"400": "InvalidParameter", "404": "NotFound", "405": "MethodNotAllowed",
             "429": "TooManyRequests", "500": "ServerError"}
    return {status: ref("responses", names[status])
            for status in sorted({"400", "405", "429", "500", *statuses})}


def _cached(description: str, schema: dict) -> dict:
    return {
        "description": description,
        "headers": {name: ref("headers", name) for name in CACHE_HEADERS},
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
                **_errors(),
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
                **_errors("404"),
            },
        },
    },
    "/consultations": {
        "get": {
            "operationId": "listConsultations",
            "summary": "Announced consultations, latest closing first.",
            "tags": ["consultations"],
            "parameters": [ref("parameters", name) for name in ("page", "consultationStatus")],
            "responses": {
                "200": _cached("A page of consultations.", ref("schemas", "ConsultationList")),
                "304": ref("responses", "NotModified"),
                **_errors(),
            },
        },
    },
    "/consultations/{slug}": {
        "get": {
            "operationId": "getConsultation",
            "summary": "One consultation with its draft and published comments.",
            "tags": ["consultations"],
            "parameters": [ref("parameters", "slug")],
            "responses": {
                "200": _cached("The consultation.", ref("schemas", "ConsultationDetail")),
                "304": ref("responses", "NotModified"),
                **_errors("404"),
            },
        },
    },
    "/network/members": {
        "get": {
            "operationId": "listNetworkMembers",
            "summary": "Approved members of the officials' network with the fields each "
                       "made public, by institution.",
            "tags": ["network"],
            "parameters": [ref("parameters", name)
                           for name in ("page", "networkQuery", "powiat", "jstKind", "topic")],
            "responses": {
                "200": _cached("A page of members.", ref("schemas", "NetworkMemberList")),
                "304": ref("responses", "NotModified"),
                **_errors(),
            },
        },
    },
    "/cooperation/programmes": {
        "get": {
            "operationId": "listCooperationProgrammes",
            "summary": "The JST of the region (or of one powiat), in TERYT order, with the "
                       "cycle of their annual programme of cooperation for a year.",
            "tags": ["cooperation"],
            "parameters": [ref("parameters", name)
                           for name in ("programmeYear", "programmePowiat", "page")],
            "responses": {
                "200": _cached("A page of JST.", ref("schemas", "CooperationProgrammeList")),
                "304": ref("responses", "NotModified"),
                **_errors(),
            },
        },
    },
    "/projects": {
        "get": {
            "operationId": "listProjects",
            "summary": "The federation's projects with a public page, the latest first, with "
                       "their live counters.",
            "tags": ["projects"],
            "parameters": [ref("parameters", "page")],
            "responses": {
                "200": _cached("A page of projects.", ref("schemas", "ProjectList")),
                "304": ref("responses", "NotModified"),
                **_errors(),
            },
        },
    },
    "/projects/{slug}": {
        "get": {
            "operationId": "getProject",
            "summary": "One project with its live counters.",
            "tags": ["projects"],
            "parameters": [ref("parameters", "slug")],
            "responses": {
                "200": _cached("The project.", ref("schemas", "Project")),
                "304": ref("responses", "NotModified"),
                **_errors("404"),
            },
        },
    },
    "/research/diagnoses": {
        "get": {
            "operationId": "listResearchDiagnoses",
            "summary": "Published diagnoses of the quality of cooperation, newest year first.",
            "tags": ["research"],
            "parameters": [ref("parameters", "page")],
            "responses": {
                "200": _cached("A page of diagnoses.", ref("schemas", "ResearchDiagnosisList")),
                "304": ref("responses", "NotModified"),
                **_errors(),
            },
        },
    },
    "/research/diagnoses/{slug}": {
        "get": {
            "operationId": "getResearchDiagnosis",
            "summary": "One published diagnosis: the index by area and respondent group.",
            "tags": ["research"],
            "parameters": [ref("parameters", "slug")],
            "responses": {
                "200": _cached("The diagnosis.", ref("schemas", "ResearchDiagnosisDetail")),
                "304": ref("responses", "NotModified"),
                **_errors("404"),
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
                **_errors(),
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
                           "origin (CORS). Every error is a `Problem` (RFC 9457, "
                           "application/problem+json), including an unknown URL under /api/ "
                           "(404) and a method other than GET, HEAD or OPTIONS (405, with "
                           "`Allow`). A query parameter a URL does not describe, one given "
                           "twice, or a value outside its schema is refused with 400, never "
                           "ignored.",
        },
        "servers": [{"url": f"{site_url()}/api/v1"}],
        "paths": copy.deepcopy(PATHS),
        "components": copy.deepcopy({
            "schemas": SCHEMAS, "parameters": PARAMETERS, "headers": HEADERS,
            "responses": RESPONSES,
        }),
    }
