"""Signing in through the sign-in form, as a person would, for the browser tests."""

from playwright.sync_api import expect


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("header form[action='/auth/logout']")).to_have_count(1)
