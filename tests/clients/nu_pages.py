"""Every HTML page the test client receives, checked with the Nu HTML checker once, at the
end of the test session (one run of the checker is fast; one per page is not).

tests/conftest.py hands each response to ``html_pages.keep`` and reports the checker's
errors in the session's summary; any error fails the session.
"""

import hashlib

from tests.clients import nu


class HtmlPages:
    def __init__(self):
        self.pages: dict[str, tuple[str, str]] = {}  # digest of the HTML -> (label, HTML)

    def keep(self, response) -> None:
        if response.mimetype != "text/html":
            return
        html = response.get_data(as_text=True)
        if not html.strip():
            return
        digest = hashlib.sha256(html.encode()).hexdigest()
        if digest not in self.pages:
            request = response.request
            label = f"{request.method} {request.full_path.rstrip('?')} → {response.status_code}"
            self.pages[digest] = (label, html)

    def errors(self) -> list[str]:
        if not self.pages:
            return []
        return nu.check({f"{label} #{n}": html
                         for n, (label, html) in enumerate(self.pages.values())})


html_pages = HtmlPages()
