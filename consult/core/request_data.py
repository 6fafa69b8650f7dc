"""What every view may take for granted about a request's input.

Whatever a visitor types into the address bar or a form, it must not reach the database
in a form the database rejects, since that is a server error (500) instead of a "not
found" or an ignored filter:

- a whole number in the URL (``/network/<int:member_id>``) fits the id columns (PostgreSQL
  INTEGER, up to 2**31 - 1); a bigger one is a 404 (PostgreSQL refuses it as out of range,
  SQLite raises OverflowError over 2**63);
- ``request.args.get(name, type=int)`` (and ``request.form``) gives the default for a
  number outside that range, as for any other value that is not a number;
- text never holds a NUL character (PostgreSQL's text cannot hold one, SQLite would store
  it): it is removed from query-string and form values, and a path with one (a slug, a
  token) is a 404 of the view's own kind (the API answers it in JSON);
- nor anything else XML 1.0 forbids (the other C0 controls but tab and line breaks,
  U+FFFE, U+FFFF): every export must be able to write what was typed, so query-string
  and form values pass through ``consult.core.text.storable_text`` (Word's vertical tab
  and form feed become line breaks). This is the one input rule for every form, whether
  WTForms reads it or a view does (custom questions ``q_<id>``).
"""

from flask import Request, abort
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

from consult.core.text import storable_text

MAX_INT = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL
MAX_DIGITS = len(str(MAX_INT))


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` that fits an id column: longer digit strings do not match at all, and
    values over MAX_INT are refused by the converter (both give a 404)."""

    regex = rf"[0-9]{{1,{MAX_DIGITS}}}"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(url_map, *args, **kwargs)


def _no_nul_in_the_path(_endpoint, values) -> None:
    """Run once the URL has matched a view, so that its blueprint's 404 handler answers."""
    if values and any(isinstance(value, str) and "\x00" in value for value in values.values()):
        abort(404)


def bounded_int(value) -> int:
    number = int(value)
    if abs(number) > MAX_INT:
        raise ValueError(f"{value!r} is out of the range of an id column")
    return number


def _typed_text(value):
    return storable_text(value) if isinstance(value, str) else value


class Parameters(ImmutableMultiDict):
    """The query string and the form fields (files untouched): see the module docstring."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, dict | MultiDict):
            # What Werkzeug's parsers give: (name, value) pairs as received.
            mapping = [(_typed_text(key), _typed_text(value)) for key, value in mapping]
        super().__init__(mapping)

    def get(self, key, default=None, type=None):  # noqa: A002 - Werkzeug's signature
        return super().get(key, default, bounded_int if type is int else type)


class ConsultRequest(Request):
    parameter_storage_class = Parameters


def init_app(app) -> None:
    """Before any blueprint is registered: rules pick their converters when added."""
    app.request_class = ConsultRequest
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.url_value_preprocessor(_no_nul_in_the_path)
