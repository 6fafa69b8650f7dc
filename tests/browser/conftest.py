"""Fixtures for the browser suite: the app served over real HTTP, Chromium, one page a test.

The app comes from ``make_app`` (tests/conftest.py): a fresh app on the test database with
the in-process SMTP server and synchronous mail delivery. Here CSRF protection is really on
and BASE_URL points at the live server, so e-mailed links open in the browser.
"""

import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.conftest import free_port

from .axe import AXE_SOURCE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.fixture
def live_app(make_app):
    """The app the live server runs; use ``with live_app.app_context():`` to look at the DB."""
    port = free_port()
    app = make_app(WTF_CSRF_ENABLED=True, BASE_URL=f"http://127.0.0.1:{port}")
    app.config["LIVE_SERVER_PORT"] = port
    return app


@pytest.fixture
def live_server(live_app):
    """Serve ``live_app`` on 127.0.0.1 in a daemon thread; yields the base URL."""
    port = live_app.config["LIVE_SERVER_PORT"]
    server = make_server("127.0.0.1", port, live_app, threaded=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server",
        daemon=True,
    )
    thread.start()
    try:
        yield live_app.config["BASE_URL"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright_instance():
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    options = {"headless": True, "args": CHROMIUM_ARGS}
    if CHROMIUM.exists():
        options["executable_path"] = str(CHROMIUM)
    browser = playwright_instance.chromium.launch(**options)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser):
    """Open more browser contexts (another visitor, JavaScript off …); closed after the test.

    axe-core is added as an init script: the DevTools protocol puts it into each page
    without touching the site's CSP, and handing the 650 kB source over once per context
    instead of once per check keeps the suite fast (see axe.py).
    """
    contexts = []

    def factory(**options):
        context = browser.new_context(**{"locale": "pl-PL", **options})
        context.set_default_timeout(TIMEOUT_MS)
        if options.get("java_script_enabled", True):
            context.add_init_script(script=AXE_SOURCE)
        contexts.append(context)
        return context

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()
