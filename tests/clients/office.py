"""Office files as LibreOffice renders them: ``render_pdf(data, suffix)`` converts a DOCX or
XLSX file to PDF with ``soffice --headless`` (what many offices and public bodies open
Word and Excel files with), and ``pdf_text(pdf)`` reads a PDF's text as
poppler's ``pdftotext`` (Evince, Okular) lays it out. Both are Debian packages that `make
clients` installs."""

import shutil
import subprocess
import tempfile
from pathlib import Path


def available() -> bool:
    return shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


def render_pdf(data: bytes, suffix: str) -> bytes:
    """The PDF LibreOffice prints ``data`` (a ``.docx`` or ``.xlsx`` file) to. Each call has
    a profile of its own, so that parallel test workers do not share LibreOffice's lock."""
    if not available():
        raise RuntimeError("LibreOffice or poppler is missing: run `make clients` as root")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file{suffix}"
        path.write_bytes(data)
        done = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", folder, str(path)],
            capture_output=True, check=False, timeout=180)
        rendered = path.with_suffix(".pdf")
        if done.returncode or not rendered.exists():
            raise AssertionError(f"LibreOffice could not open the file:\n{done.stderr.decode()}")
        return rendered.read_bytes()


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, laid out as on its pages."""
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60)
    return done.stdout.decode()


def pdf_pages(pdf: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True,
                          timeout=60)
    line = next(line for line in done.stdout.decode().splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])
