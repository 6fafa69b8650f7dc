"""Independent clients the tests read consult's output with, installed by `make clients`
from the npm registry into tests/clients/node_modules: ical.js (the parser of Thunderbird)
run with node, and the Nu HTML checker (vnu-jar) run with Java."""

from pathlib import Path

HERE = Path(__file__).parent
NODE_MODULES = HERE / "node_modules"
