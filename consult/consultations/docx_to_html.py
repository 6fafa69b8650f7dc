"""DOCX bytes on stdin → mammoth's HTML on stdout, in a process of its own.

Run by :func:`consult.consultations.docx_reading.html_from_docx` as a script (it imports
mammoth only, not the application), so that the application can stop it: mammoth's time
grows quickly with a document's size and shape (a 4 MB document.xml of short runs takes
about half a minute), and a thread cannot be interrupted. Exit status 0 with the HTML,
2 with the reason on stderr when the file cannot be read.
"""

import io
import resource
import sys

import mammoth

# Word's built-in heading styles (stored in English whatever the language of Word) and
# the Title style become Markdown headings.
STYLE_MAP = """
p[style-name='Title'] => h1:fresh
p[style-name='Heading 1'] => h1:fresh
p[style-name='Heading 2'] => h2:fresh
p[style-name='Heading 3'] => h3:fresh
"""


def main() -> int:
    memory = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if memory:  # the address space this process may take; past it, MemoryError
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read()
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP,
            # Pictures are dropped from the Markdown anyway: do not read them (mammoth's
            # default turns each one into a base64 data URI in memory).
            convert_image=mammoth.images.img_element(lambda _image: {"src": ""}))
    except Exception as exc:  # noqa: BLE001 - mammoth raises zipfile/KeyError/XML errors
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(result.value.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
