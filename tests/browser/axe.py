"""Run axe-core (vendored in vendor/, MPL-2.0) in a Playwright page and fail on violations.

The site's Content-Security-Policy (script-src 'self') blocks inline <script> elements, so
``page.add_script_tag(content=...)`` cannot load axe. ``page.evaluate`` runs the source
through the DevTools protocol, which CSP does not govern, so the page keeps its real CSP
while axe is checked. The ``new_context`` fixture adds the same source as an init script
(also outside CSP), so usually axe is already there and only ``axe.run`` is evaluated.
"""

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_RUN = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {
    passes: results.passes.length,
    violations: results.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
    })),
  };
}"""


# What evaluating in a page says when a click's navigation replaced the document meanwhile.
_NAVIGATED = ("Execution context was destroyed", "reading 'documentElement'",
              "axe is not defined")


def axe_violations(page) -> list[dict]:
    """axe's violations on the page once it has loaded.

    A test often runs axe right after a click that follows a link; the new document may
    replace the old one while axe runs. Then wait for the new one to load and run again. (A
    test that must check the new page waits for it first, e.g. with ``to_have_url``.)"""
    for _attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return _run_axe(page)
        except PlaywrightError as error:
            if not any(sign in error.message for sign in _NAVIGATED):
                raise
    return _run_axe(page)


def _run_axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE + "\n;undefined")
    assert page.evaluate("typeof window.axe !== 'undefined' && typeof axe.run === 'function'"), (
        "axe-core did not load"
    )
    results = page.evaluate(_RUN, AXE_TAGS)
    assert results["passes"] > 0, "axe ran no checks at all"
    return results["violations"]


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(page.url, violations)


def check_page(page, viewport) -> None:
    """axe finds nothing on the page, and nothing scrolls sideways at the viewport's width."""
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
