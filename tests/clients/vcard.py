"""vCards as ical.js reads them, through tests/clients/vcard.mjs.

``read_vcard(text)`` returns the card's properties as a client takes them (line folding
undone, escapes resolved, structured values split): property name (lower case) → list of
``(parameters, values)``, ``values`` a list (one item for a plain text value; the
components for N and ORG; the items for CATEGORIES).
"""

import json
import subprocess

from tests.clients import HERE
from tests.clients.ical import available

SCRIPT = HERE / "vcard.mjs"


def read_vcard(text: bytes | str) -> dict[str, list[tuple[dict, list]]]:
    if isinstance(text, str):
        text = text.encode()
    if not available():
        raise RuntimeError("ical.js is missing: run `make clients` (needs node and npm)")
    done = subprocess.run(["node", str(SCRIPT)], input=text, capture_output=True,
                          check=False, timeout=60)
    if done.returncode:
        raise AssertionError(f"ical.js could not read the vCard:\n{done.stderr.decode()}")
    component = json.loads(done.stdout)
    assert component[0] == "vcard", component
    assert not component[2], f"nested components in a vCard: {component[2]}"
    properties: dict[str, list[tuple[dict, list]]] = {}
    for name, parameters, _type, *values in component[1]:
        if len(values) == 1 and isinstance(values[0], list):
            values = values[0]
        properties.setdefault(name, []).append((parameters, values))
    return properties


def text_value(properties, name: str) -> str | None:
    """The one text value of a property, or None when it is absent."""
    if name not in properties:
        return None
    (_parameters, values), = properties[name]
    assert len(values) == 1, (name, values)
    return values[0]
