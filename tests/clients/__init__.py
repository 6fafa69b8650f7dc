"""Independent clients the tests read consult's output with, installed by `make clients`
from the npm registry into tests/clients/node_modules: ical.js (the parser of Thunderbird)
run with node, and the Nu HTML checker (vnu-jar) run with Java; and, from Debian's packages,
LibreOffice and poppler for the office files and PDFs (office.py)."""

from pathlib import Path

HERE = Path(__file__).parent
NODE_MODULES = HERE / "node_modules"
