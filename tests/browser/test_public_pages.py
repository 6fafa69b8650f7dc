"""Public pages: no axe violations in either language, keyboard and no-JavaScript use."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import text_of

from .axe import assert_accessible, axe_violations

pytestmark = pytest.mark.browser

PUBLIC_PATHS = [
    "/",
    "/about",
    "/accessibility",
    "/privacy",
    "/auth/login",
    "/auth/register",
    "/auth/reset",
    "/no-such-page",
]


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_page_is_accessible_in_polish_and_english(page, live_server, path):
    response = page.goto(live_server + path)
    assert response.status == (404 if path == "/no-such-page" else 200)
    assert html_lang(page) == "pl"
    assert_accessible(page)

    page.locator("header").locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == live_server + path
    assert_accessible(page)

    page.locator("header").locator("button[name=language][value=pl]").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert page.url == live_server + path


def test_axe_really_reports_violations(page, live_server):
    """Guards the guard: a broken page must fail, so a clean result means something."""
    page.goto(live_server + "/")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = '/static/img/favicon.svg';
        document.querySelector('main').append(img);
    }""")
    assert "image-alt" in {v["id"] for v in axe_violations(page)}


def test_first_tab_focuses_visible_skip_link(page, live_server):
    page.goto(live_server + "/about")
    skip = page.locator("a.skip-link")
    assert skip.get_attribute("href") == "#main"
    hidden_box = skip.bounding_box()
    assert hidden_box is None or hidden_box["x"] + hidden_box["width"] <= 0 or (
        hidden_box["width"] <= 1 and hidden_box["height"] <= 1
    ), f"skip link is on screen before it has focus: {hidden_box}"

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box["width"] > 20 and box["height"] > 10, box

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("/about#main")


def test_login_form_works_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server + "/auth/login")
    page.locator("input[name=email]").fill("nobody@example.org")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#password-error")).to_be_visible()
    expect(page.locator("input[name=password]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=email]")).to_have_value("nobody@example.org")
    expect(page.locator("header form[action='/auth/logout']")).to_have_count(0)


def test_sign_up_works_without_javascript(new_context, live_server, live_app, mailbox):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server + "/auth/register")
    page.locator("input[name=full_name]").fill("Jan Bezskryptowy")
    page.locator("input[name=email]").fill("noscript@example.org")
    page.locator("input[name=password]").fill("Zielony-kangur-pije-herbate-42")
    page.locator("input[name=password_confirm]").fill("Zielony-kangur-pije-herbate-42")
    page.locator("input[name=consent_rodo]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("noscript@example.org")
    expect(page.locator("main form")).to_have_count(0)
    assert re.search(r"/auth/verify/\S+", text_of(mailbox.last_to("noscript@example.org")))
