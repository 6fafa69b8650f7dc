"""Just enough of a DOM for tests: elements with their attributes, text and parents."""

from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self._open: list[dict] = []
        self._data: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": [], "parents": list(self._open)}
        self.elements.append(element)
        if tag not in VOID_TAGS:
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                return

    def handle_data(self, data):
        self._data.append(data)
        for element in self._open:
            element["text"].append(data)

    @property
    def content(self) -> str:
        """All the text of the page, whitespace collapsed."""
        return " ".join("".join(self._data).split())

    @staticmethod
    def text(element) -> str:
        return " ".join("".join(element["text"]).split())

    def by_id(self, element_id: str) -> dict | None:
        return next((e for e in self.elements if e["attrs"].get("id") == element_id), None)

    def text_by_id(self, element_id: str) -> str:
        element = self.by_id(element_id)
        assert element is not None, f"no element with id {element_id!r}"
        return self.text(element)

    def value_of(self, name: str) -> str | None:
        """The value a form control named ``name`` shows (input or select)."""
        for i, element in enumerate(self.elements):
            if element["attrs"].get("name") != name:
                continue
            if element["tag"] == "input":
                return element["attrs"].get("value")
            if element["tag"] == "select":
                for option in self.elements[i + 1:]:
                    if option["tag"] != "option":
                        break
                    if "selected" in option["attrs"]:
                        return option["attrs"].get("value")
                return None
        raise AssertionError(f"no form control named {name!r}")

    def options_of(self, name: str) -> dict[str, str]:
        """value -> label of a <select>'s options."""
        options, inside = {}, False
        for element in self.elements:
            if element["tag"] == "select":
                inside = element["attrs"].get("name") == name
            elif inside and element["tag"] == "option":
                options[element["attrs"].get("value")] = self.text(element)
            elif inside:
                break
        return options

    def table_rows(self) -> list[list[str]]:
        rows = []
        for element in self.elements:
            if element["tag"] == "tr":
                rows.append([])
            elif element["tag"] == "td" and rows:
                rows[-1].append(self.text(element))
        return [row for row in rows if row]


def page_of(response) -> Page:
    return Page(response.get_data(as_text=True))
