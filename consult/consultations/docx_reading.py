"""Reading a Word document that someone uploaded, within bounds of size and time.

A .docx is a ZIP archive: a 144 KB file can hold a 62 MB ``word/document.xml`` (an audit's
"zip bomb" kept a worker busy for 30 s and 700 MB). Before mammoth sees a file:

- the archive's own figures are checked: the number of parts, the unpacked size of all
  parts (pictures included) and of the XML parts mammoth reads, and the ratio of each large
  part's unpacked to packed size (Word's XML packs about 5–20 times; a bomb hundreds);
- the XML parts are then inflated and their bytes counted, since the figures in a ZIP's
  headers can lie (Python's zipfile never gives more than the declared size, and a part
  that holds more fails its CRC check: it is unreadable);

and mammoth runs in a process of its own (``docx_to_html.py``) that is killed after
CONSULTATIONS_DOCX_IMPORT_SECONDS and may take at most DOCX_MAX_MEMORY. Each refusal
carries a ``reason`` for the person who uploaded the file.
"""

import io
import subprocess
import sys
import zipfile
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import gettext as _

MB = 1024 * 1024
DOCX_MAX_PARTS = 2000
DOCX_MAX_UNCOMPRESSED = 64 * MB  # all parts together, pictures included (not read)
DOCX_MAX_TEXT = 10 * MB  # the XML parts mammoth reads; a long programme has about 1 MB
DOCX_MAX_RATIO, RATIO_FROM = 200, 1 * MB  # unpacked / packed, for parts over RATIO_FROM
DOCX_MAX_MEMORY = 1024 * MB  # the converting process's address space
DEFAULT_SECONDS = 20
CONVERTER = Path(__file__).with_name("docx_to_html.py")


class DocxError(ValueError):
    """The file is not a Word document we can read; ``reason``, when given, tells the
    person why it was refused (translated), else the form says it cannot be read."""

    def __init__(self, detail: str, reason: str | None = None):
        super().__init__(detail)
        self.reason = reason


def _too_large(limit: int) -> str:
    return _("This document is too large to import: it unpacks to more than %(mb)d MB. "
             "Split it into parts, or paste its text.", mb=limit // MB)


def _text_parts(parts: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """Every part that mammoth may read as text: all but the pictures (``word/media/``).
    Not by extension: a package may name its main document part anything (its content
    types and relationships say what it is)."""
    return [part for part in parts if not part.filename.lower().startswith("word/media/")]


# zipfile reads an archive's whole central directory when it opens it, ~500 bytes of
# memory per entry: 10 MB of empty entries cost 0.6 s and 70 MB before any check. The
# directory's size is read from the end record first (a real .docx: a few KB).
CENTRAL_DIRECTORY_MAX = DOCX_MAX_PARTS * 400
_END_RECORD, _END_RECORD_SIZE = b"PK\x05\x06", 22


def central_directory_size(data: bytes) -> int | None:
    """The size of a ZIP archive's central directory as its end record gives it (the
    number zipfile goes by), or None without an end record; ZIP64 counts as unbounded."""
    end = data.rfind(_END_RECORD, max(0, len(data) - _END_RECORD_SIZE - 0xFFFF))
    if end < 0 or len(data) < end + _END_RECORD_SIZE:
        return None
    size = int.from_bytes(data[end + 12:end + 16], "little")
    return sys.maxsize if size == 0xFFFFFFFF else size


def open_small_zip(data: bytes) -> zipfile.ZipFile:
    """``zipfile.ZipFile`` over ``data`` once its directory is known to be small; raises
    DocxError (with a reason) for a huge one, zipfile.BadZipFile for no archive."""
    size = central_directory_size(data)
    if size is not None and size > CENTRAL_DIRECTORY_MAX:
        raise DocxError(f"central directory of {size} bytes", _(
            "This file is made of more parts than a Word document has (at most %(max)d). "
            "Save it again as .docx in Word.", max=DOCX_MAX_PARTS))
    return zipfile.ZipFile(io.BytesIO(data))


def check_docx_archive(data: bytes) -> None:
    """Raise DocxError unless ``data`` is a ZIP archive within the limits above."""
    try:
        with open_small_zip(data) as archive:
            parts = archive.infolist()
            _check_declared(parts)
            _count_inflated(archive, _text_parts(parts))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError,
            EOFError, OSError) as exc:
        if isinstance(exc, DocxError):
            raise
        raise DocxError(f"not a readable ZIP archive: {exc}") from exc


def _check_declared(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > DOCX_MAX_PARTS:
        raise DocxError(f"{len(parts)} parts", _(
            "This file is made of %(num)d parts, more than a Word document has (at most "
            "%(max)d). Save it again as .docx in Word.", num=len(parts), max=DOCX_MAX_PARTS))
    if sum(part.file_size for part in parts) > DOCX_MAX_UNCOMPRESSED:
        raise DocxError("unpacked size", _too_large(DOCX_MAX_UNCOMPRESSED))
    if sum(part.file_size for part in _text_parts(parts)) > DOCX_MAX_TEXT:
        raise DocxError("unpacked text size", _too_large(DOCX_MAX_TEXT))
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FROM and ratio > DOCX_MAX_RATIO:
            raise DocxError(f"{part.filename}: packed {ratio:.0f} times", _(
                "This file unpacks to %(ratio)d times its size, which Word documents never "
                "do, so it is not read (it may be a \u201czip bomb\u201d).", ratio=int(ratio)))


def _count_inflated(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> None:
    total = 0
    for part in parts:
        with archive.open(part) as stream:
            while chunk := stream.read(MB):
                total += len(chunk)
                if total > DOCX_MAX_TEXT:
                    raise DocxError("inflated text size", _too_large(DOCX_MAX_TEXT))


def html_from_docx(data: bytes, seconds: float | None = None) -> str:
    """mammoth's HTML of a checked .docx, converted in a process stopped after ``seconds``
    (default: CONSULTATIONS_DOCX_IMPORT_SECONDS)."""
    if seconds is None:
        seconds = (current_app.config["CONSULTATIONS_DOCX_IMPORT_SECONDS"]
                   if has_app_context() else DEFAULT_SECONDS)
    check_docx_archive(data)
    try:
        done = subprocess.run(  # noqa: S603 - a fixed command; the file goes to stdin
            [sys.executable, "-I", str(CONVERTER), str(DOCX_MAX_MEMORY)],
            input=data, capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired as exc:  # subprocess.run has killed it
        raise DocxError(f"conversion stopped after {seconds} s", _(
            "Reading this document took too long (over %(seconds)d s), so it was stopped. "
            "Split it into parts, or paste its text.", seconds=seconds)) from exc
    if done.returncode != 0:
        raise DocxError(done.stderr.decode("utf-8", "replace").strip()[-500:] or
                        f"exit status {done.returncode}")
    return done.stdout.decode("utf-8")
