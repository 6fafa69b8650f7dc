"""The Nu HTML checker (vnu-jar, the validator behind validator.w3.org/nu), run with Java.

``check(pages)`` validates many pages in one run of the checker and returns its errors as
readable lines; tests/conftest.py hands it every HTML page the test client received.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.clients import NODE_MODULES

JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def available() -> bool:
    return shutil.which("java") is not None and JAR.is_file()


def check(pages: dict[str, str]) -> list[str]:
    """Errors in ``pages`` (a label, such as the URL, -> the HTML), one line each."""
    if not available():
        raise RuntimeError("the Nu HTML checker is missing: run `make clients` (needs Java)")
    with tempfile.TemporaryDirectory(prefix="nu-") as folder:
        labels = {}
        for number, (label, html) in enumerate(pages.items()):
            path = Path(folder) / f"{number}.html"
            path.write_text(html, encoding="utf-8")
            labels[path.name] = label
        done = subprocess.run(
            ["java", "-Xss4m", "-jar", str(JAR), "--errors-only", "--format", "json",
             "--exit-zero-always", folder],
            capture_output=True, check=False, timeout=1800,
        )
    report = json.loads(done.stderr or done.stdout or b'{"messages": []}')
    errors = []
    for message in report["messages"]:
        url = message.get("url", "")
        label = labels.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message['lastLine']}" if "lastLine" in message else "page"
        extract = " ".join(message.get("extract", "").split())
        errors.append(f"{label} ({where}): {message['message']} [{extract[:120]}]")
    return errors
