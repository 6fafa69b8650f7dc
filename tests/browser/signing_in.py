"""Signing in through the real form: the one helper every browser test uses."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD

SIGNED_IN = "header form[action='/auth/logout']"


def submit_sign_in_form(page, email: str, password: str = PASSWORD) -> None:
    """Fill the sign-in form already on screen and send it (the outcome is the caller's)."""
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()


def sign_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Sign in at /auth/login and wait until the header shows the person signed in."""
    page.goto(base + "/auth/login")
    submit_sign_in_form(page, email, password)
    expect(page.locator(SIGNED_IN)).to_have_count(1)
