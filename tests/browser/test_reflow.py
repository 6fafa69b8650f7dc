"""Reflow (WCAG 1.4.10): at 320 CSS pixels no page scrolls sideways, public or staff, with
the longest things people type (long_content.py). Every page a visitor or an administrator
can reach by links is visited, one of each kind (URLs that differ only in numbers count
once). A wide data table may scroll inside its own labelled, focusable region."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from consult.core.pagination import PER_PAGE
from consult.demo import DEMO_PASSWORD

from .long_content import seed_long_content
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
NOT_PAGES = re.compile(r"\.(ics|csv|xlsx|docx|pdf|json|vcf|atom)$|/html$|/export|/logout"
                       r"|^/api/|^/static/|/attachments/")

STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== 'visible') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue;
    if (clipped(el)) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(box.right)}px`);
  }
  return out.slice(0, 5);
}"""


@pytest.fixture
def long_world(live_app):
    with live_app.app_context():
        busy = seed_long_content()
        return {"busy_event": busy.id}


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def pages_that_scroll_sideways(page, base: str, start: list[str]) -> tuple[int, list[str]]:
    """Visit every page reachable by links from ``start``, one of each kind; returns how
    many were visited and what was wrong on each page that was wider than the screen."""
    queue, kinds, visited, problems = list(start), set(), 0, []
    while queue:
        path = queue.pop(0)
        if kind_of(path) in kinds:
            continue
        kinds.add(kind_of(path))
        response = page.goto(base + path)
        assert response.status < 500, path
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        sticking_out = page.evaluate(STICKING_OUT)
        if width > PHONE["width"] or sticking_out:
            problems.append(f"{path}: {width}px wide; {sticking_out}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlsplit(urljoin(page.url, href))
            if url.netloc != urlsplit(base).netloc or NOT_PAGES.search(url.path):
                continue
            link = url.path + (f"?{url.query}" if url.query else "")
            if kind_of(link) not in kinds:
                queue.append(link)
    return visited, problems


def test_no_public_page_scrolls_sideways_on_a_phone(new_context, live_server, long_world):
    page = new_context(viewport=PHONE).new_page()
    visited, problems = pages_that_scroll_sideways(
        page, live_server, ["/", "/events/", "/consultations/", "/network/",
                            "/network/coverage", "/auth/register", "/embed/events"])
    assert visited > 20
    assert not problems, "\n".join(problems)


def test_no_staff_page_scrolls_sideways_on_a_phone(new_context, live_server, long_world):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    busy = long_world["busy_event"]
    visited, problems = pages_that_scroll_sideways(
        page, live_server, [f"/manage/events/{busy}/registrations", f"/manage/events/{busy}/",
                            "/manage/", "/account", "/network/me"])
    assert visited > 60
    assert not problems, "\n".join(problems)


def test_wide_tables_scroll_in_a_labelled_region_keyboard_users_can_reach(
        new_context, live_server, long_world):
    page = new_context(viewport=PHONE).new_page()
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server + f"/manage/events/{long_world['busy_event']}/registrations")
    region = page.locator(".table-wrap", has=page.locator("table#counts"))
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table fits anyway"
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_accessible_name("Zgłoszenia według grupy uczestników i statusu")
    region.focus()
    page.keyboard.press("ArrowRight")
    expect(region).not_to_have_js_property("scrollLeft", 0)


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 768}])
def test_registration_actions_are_on_screen_without_scrolling_sideways(
        new_context, live_server, long_world, viewport):
    page = new_context(viewport=viewport).new_page()
    sign_in(page, live_server, "admin@example.org", DEMO_PASSWORD)
    page.goto(live_server + f"/manage/events/{long_world['busy_event']}/registrations")
    expect(page.locator("table#registrations tbody tr")).to_have_count(PER_PAGE)
    screen = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    region = page.locator(".table-wrap", has=page.locator("table#registrations"))
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), (
        "the registrations table must fit, not hide its buttons to the right")
    buttons = page.locator("table#registrations tbody tr .button", has_text="Anuluj")
    assert buttons.count() > 10
    for button in (buttons.first, buttons.last):
        button.scroll_into_view_if_needed()
        expect(button).to_be_in_viewport(ratio=1)
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= screen, box
