"""What the apps of one test process share: the code compiled for templates and URLs.

Each test builds its apps afresh (tests/conftest.py, ``make_app``), and a new app would
compile the same code again: werkzeug turns each of the ~165 routes into two URL-building
functions (Python source built and compiled: nearly all of ``create_app``'s 60 ms), and a
new Jinja environment parses and compiles every template it renders. Together that was
a quarter of a typical test's CPU time (104 tests of four areas: 19.8 CPU seconds with
fresh compiling, 15.3 with this). Both are pure functions of their input (a route's
rule and defaults; a template's source and the environment's settings, the same for every
app ``create_app`` builds), so the tests keep the first result and reuse it.

``pytest --fresh-apps`` turns both off (every app compiles everything itself), for when a
test seems to depend on this.
"""

import functools
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.routing.rules import Rule

OPTION = "--fresh-apps"


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(OPTION, action="store_true",
                     help="every test app compiles its templates and URL builders itself "
                          "(by default the apps of a test process share them: "
                          "tests/compiled.py)")


class CompiledTemplates(BytecodeCache):
    """Jinja's cache of compiled templates, here in memory: a template is found by its name
    and file and its kept code used only while the source's checksum is the same."""

    def __init__(self):
        self.code: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.code.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = (bucket.checksum, bucket.code)


compiled_templates = CompiledTemplates()


def _builder_key(rule: Rule, append_unknown: bool) -> tuple:
    """All that werkzeug's ``Rule._compile_builder`` reads: the rule's text (the function's
    name), its parsed parts, the names of its defaults (arguments) and the URL text of
    those that fill a part of the path."""
    defaults = rule.defaults or {}
    dynamic = {name for is_dynamic, name in rule._trace if is_dynamic}
    return (append_unknown, rule.rule, tuple(rule._trace), tuple(defaults),
            tuple((name, rule._converters[name].to_url(value))
                  for name, value in defaults.items() if name in dynamic))


@contextmanager
def shared_url_builders() -> Iterator[None]:
    """Rules with the same key get the same (unbound) builder function; each rule binds it
    to itself as werkzeug does, and it reads the rule's own converters when called."""
    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    @functools.wraps(compile_builder)
    def kept_builder(rule: Rule, append_unknown: bool = True):
        key = _builder_key(rule, append_unknown)
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = compile_builder(rule, append_unknown)
        return builder

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", kept_builder)
        yield
