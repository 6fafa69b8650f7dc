"""The whole life of an account in a real browser, with axe on every page on the way."""

import json
import re

import pytest
from playwright.sync_api import expect

from consult.auth.services import find_user_by_email
from tests.conftest import PASSWORD as PASSWORD_OF_FACTORY_USERS
from tests.conftest import text_of

from .axe import assert_accessible
from .signing_in import submit_sign_in_form

pytestmark = pytest.mark.browser

NAME = "Anna Nowak-Przykładowa"
EMAIL = "anna.nowak@example.org"
PASSWORD = "Zielony-kangur-pije-herbate-42"


def is_verified(app, email: str) -> bool | None:
    """What the database says, read through the live app's own configuration."""
    with app.app_context():
        user = find_user_by_email(email)
        return None if user is None else user.email_verified


def signed_in(page):
    return page.locator("header form[action='/auth/logout']")


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/")
    page.locator("header a[href^='/auth/login']").click()
    expect(page).to_have_url(re.compile(r"/auth/login"))
    assert_accessible(page)
    submit_sign_in_form(page, email, password)


def test_sign_up_verify_sign_in_export_and_delete(page, new_context, live_server, live_app,
                                                   mailbox):
    base = live_server

    # Home, in Polish.
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "pl"
    expect(signed_in(page)).to_have_count(0)
    assert_accessible(page)

    # To the sign-up form through the link in the header.
    page.locator("header a[href='/auth/register']").click()
    expect(page).to_have_url(base + "/auth/register")
    assert_accessible(page)

    # First attempt: the passwords differ and the consent box is not ticked.
    page.locator("input[name=full_name]").fill(NAME)
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password_confirm]").fill(PASSWORD + "x")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    for name in ("password_confirm", "consent_rodo"):
        field = page.locator(f"input[name={name}]")
        expect(page.locator(f"#{name}-error")).to_be_visible()
        expect(field).to_have_attribute("aria-invalid", "true")
        assert f"{name}-error" in field.get_attribute("aria-describedby").split()
        # The message sits in the same field group as the input it belongs to.
        group = page.locator(f".field.has-error:has(input[name={name}])")
        expect(group.locator(f"#{name}-error")).to_have_count(1)
    expect(page.locator("#full_name-error")).to_have_count(0)
    expect(page.locator("#email-error")).to_have_count(0)
    expect(page.locator("input[name=full_name]")).to_have_value(NAME)
    expect(page.locator("input[name=email]")).to_have_value(EMAIL)
    # The summary links point at the fields.
    expect(page.locator(".error-summary a[href='#password_confirm']")).to_have_count(1)
    expect(page.locator(".error-summary a[href='#consent_rodo']")).to_have_count(1)
    assert is_verified(live_app, EMAIL) is None
    assert mailbox.to(EMAIL) == []
    assert_accessible(page)

    # Second attempt, correct.
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password_confirm]").fill(PASSWORD)
    page.locator("input[name=consent_rodo]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text(EMAIL)
    expect(page.locator("main form")).to_have_count(0)
    expect(signed_in(page)).to_have_count(0)
    assert_accessible(page)
    assert is_verified(live_app, EMAIL) is False

    # The link arrives by e-mail through the SMTP server.
    body = text_of(mailbox.last_to(EMAIL))
    match = re.search(re.escape(base) + r"/auth/verify/\S+", body)
    assert match, body
    link = match.group(0)

    # Opening the link shows a page with a button; that alone changes nothing.
    page.goto(link)
    button = page.locator("main form[method=post] button[type=submit]")
    expect(button).to_be_visible()
    expect(signed_in(page)).to_have_count(0)
    assert_accessible(page)
    assert is_verified(live_app, EMAIL) is False
    other = new_context().new_page()
    sign_in(other, base, EMAIL, PASSWORD)
    expect(other).to_have_url(re.compile(r"/auth/login"))
    expect(other.locator(".flash-warning")).to_be_visible()
    expect(signed_in(other)).to_have_count(0)
    assert is_verified(live_app, EMAIL) is False

    # Pressing the button confirms the address and signs in.
    button.click()
    expect(page).to_have_url(base + "/account")
    expect(signed_in(page)).to_have_count(1)
    expect(page.locator(".flash-success")).to_be_visible()
    assert is_verified(live_app, EMAIL) is True
    assert_accessible(page)

    # Sign out with the button in the header.
    signed_in(page).locator("button[type=submit]").click()
    expect(page).to_have_url(base + "/")
    expect(signed_in(page)).to_have_count(0)
    expect(page.locator("header a[href^='/auth/login']")).to_be_visible()
    assert_accessible(page)

    # Sign in again through the form.
    sign_in(page, base, EMAIL, PASSWORD)
    expect(signed_in(page)).to_have_count(1)
    expect(page).not_to_have_url(re.compile(r"/auth/login"))
    assert_accessible(page)

    # My account.
    page.locator("header a[href='/account']").click()
    expect(page).to_have_url(base + "/account")
    expect(page.locator("main")).to_contain_text(EMAIL)
    expect(page.locator("input[name=full_name]")).to_have_value(NAME)
    assert_accessible(page)

    # Download my data.
    with page.expect_download() as download_info:
        page.locator("main a[href='/account/export.json']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".json")
    exported = json.dumps(json.loads(download.path().read_text(encoding="utf-8")),
                          ensure_ascii=False)
    assert EMAIL in exported
    assert NAME in exported

    # Delete the account: a wrong attempt first (no tick), then with password and tick.
    page.locator("main a[href='/account/delete']").click()
    expect(page).to_have_url(base + "/account/delete")
    assert_accessible(page)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#confirm-error")).to_be_visible()
    assert_accessible(page)
    assert is_verified(live_app, EMAIL) is True
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(base + "/")
    expect(signed_in(page)).to_have_count(0)
    expect(page.locator(".flash-success")).to_be_visible()
    assert_accessible(page)
    assert is_verified(live_app, EMAIL) is None

    # The account is gone: signing in fails with a message by the password field.
    sign_in(page, base, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/auth/login"))
    expect(page.locator("#password-error")).to_be_visible()
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator("input[name=email]")).to_have_value(EMAIL)
    expect(signed_in(page)).to_have_count(0)
    assert_accessible(page)


def test_csrf_protection_is_on_in_the_browser(page, live_server, user_factory):
    """A form whose token was tampered with changes nothing; what was typed stays."""
    base = live_server
    user = user_factory(email="csrf@example.org")
    forge = "el => { el.value = 'forged-token'; }"

    page.goto(base + "/auth/login")
    page.locator("main form input[name=csrf_token]").evaluate(forge)
    page.locator("input[name=email]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD_OF_FACTORY_USERS)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator("input[name=email]")).to_have_value(user.email)
    expect(signed_in(page)).to_have_count(0)
    assert_accessible(page)

    page.locator("input[name=password]").fill(PASSWORD_OF_FACTORY_USERS)
    page.locator("main form button[type=submit]").click()
    expect(signed_in(page)).to_have_count(1)

    signed_in(page).locator("input[name=csrf_token]").evaluate(forge)
    with page.expect_response(lambda r: r.url == base + "/auth/logout") as response_info:
        signed_in(page).locator("button[type=submit]").click()
    assert response_info.value.status == 400
    assert_accessible(page)
    page.goto(base + "/")
    expect(signed_in(page)).to_have_count(1)
