"""Reading a status history table (templates/macros/history.html) in a page."""

from tests.html import Page


def history_rows(page: Page, table_id: str) -> list[list[str]]:
    """The rows of the history table ``table_id``: from, to, by, note (the time, which
    changes from run to run, left out)."""
    table = page.by_id(table_id)
    assert table is not None, f"no table {table_id!r}"
    rows: list[list[str]] = []
    for element in page.elements:
        if not any(parent is table for parent in element["parents"]):
            continue
        if element["tag"] == "tr":
            rows.append([])
        elif element["tag"] == "td" and rows:
            rows[-1].append(page.text(element))
    return [row[1:] for row in rows if row]
