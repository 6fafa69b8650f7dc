"""The query string of every /api/v1 URL, checked against the OpenAPI description.

The description (``description.PATHS``) is the one list of what each URL takes; before a view
runs, its query string must fit it, or the answer is 400 (``problems.InvalidParameter``):

- a parameter the operation does not describe (``?stauts=open``: a typo would otherwise
  return the whole list as if it were filtered);
- a parameter given more than once;
- a value outside its schema: not in the ``enum`` (``?status=bogus``), not a whole number
  or outside ``minimum``/``maximum`` (``?page=0``), not matching the ``pattern``
  (``?powiat=14``), longer than ``maxLength``.

A well-formed value that names nothing (a powiat code no unit has, a topic id no topic
has) is not an error: nobody matches it, so the list is empty.

Query-string values arrive without NUL and other control characters
(``consult.core.request_data``). The CORS preflight (OPTIONS) is not checked: a browser
sends it with the query string of the real request, and must see the 400 of that one.
"""

import re
from functools import cache

from flask import abort, request

from consult.api import bp, description
from consult.api.problems import UNKNOWN_PARAMETER, InvalidParameter

# Longer digit strings are out of every range here (and int() of 5,000 digits refuses).
MAX_DIGITS = 20


@cache
def query_parameters(rule: str) -> dict[str, dict]:
    """name → parameter object of the GET operation at a URL rule of this blueprint
    ("/api/v1/events/<slug>" is the description's "/events/{slug}")."""
    path = re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(bp.url_prefix))
    parameters = (description.PARAMETERS[item["$ref"].rpartition("/")[2]] if "$ref" in item
                  else item for item in description.PATHS[path]["get"].get("parameters", []))
    return {parameter["name"]: parameter for parameter in parameters
            if parameter["in"] == "query"}


def schema_violation(value: str, schema: dict) -> str | None:
    """What is wrong with a query-string value for a (flat) JSON Schema, or None."""
    if "enum" in schema and value not in schema["enum"]:
        return "must be one of: " + ", ".join(schema["enum"])
    if schema.get("type") == "integer":
        if not re.fullmatch(r"-?[0-9]+", value):
            return "must be a whole number"
        low, high = schema.get("minimum"), schema.get("maximum")
        if len(value.lstrip("-")) > MAX_DIGITS or not (
                (low is None or int(value) >= low) and (high is None or int(value) <= high)):
            return f"must be a whole number from {low} to {high}"
    # The description's patterns are anchored at both ends (^…$); $ must not let a
    # trailing line break through, as it would in Python.
    if "pattern" in schema and not re.fullmatch(
            schema["pattern"].removeprefix("^").removesuffix("$"), value):
        return f"must match {schema['pattern']}"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return f"must be at most {schema['maxLength']} characters long"
    return None


@bp.before_request
def _check_query_string() -> None:
    if request.method == "OPTIONS" or request.url_rule is None:
        return
    described = query_parameters(request.url_rule.rule)
    for name in request.args:
        if name not in described:
            raise InvalidParameter(
                name, f"{name} is not a parameter of this URL"
                + (f"; it takes: {', '.join(described)}." if described else "; it takes none."),
                allowed=list(described), error=UNKNOWN_PARAMETER)
        values = request.args.getlist(name)
        if len(values) > 1:
            raise InvalidParameter(name, f"{name} is given {len(values)} times; give it once.")
        schema = described[name]["schema"]
        wrong = schema_violation(values[0], schema)
        if wrong:
            raise InvalidParameter(name, f"{name} {wrong}.", allowed=schema.get("enum"))


@bp.url_value_preprocessor
def _no_nul_in_slugs(_endpoint, values) -> None:
    """A slug with a NUL character names nothing, and PostgreSQL's text cannot even hold
    one to compare (/api/v1/events/a%00 was a server error)."""
    if values and any("\x00" in str(value) for value in values.values()):
        abort(404)
