"""The management area, signed in as staff through the login form: axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.extensions import db
from consult.institutions.models import COUNTY, URBAN_GMINA

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def staff(user_factory, institution_factory):
    county = institution_factory(teryt="1420000", name="Powiat płoński", kind=COUNTY)
    institution_factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA,
                        domains="plonsk.pl", parent=county)
    institution_factory(teryt="1465011", name="Warszawa", kind=URBAN_GMINA)
    user_factory(full_name="Zwykła Osoba")
    return user_factory(role=STAFF, full_name="Pracownik Biura", email="staff@example.org")


@pytest.fixture
def failed_message(app):
    message = OutboxMessage(
        recipient="unreachable@example.org", subject="Wiadomość, która nie doszła",
        text_body="Treść.", html_body="<p>Treść.</p>", status=OutboxStatus.FAILED, attempts=8,
        last_error="SMTPRecipientsRefused: unreachable@example.org",
    )
    db.session.add(message)
    db.session.commit()
    return message


def test_management_pages_are_accessible(page, live_server, staff, failed_message, mailbox):
    base = live_server

    # A real message in the outbox: a password reset asked for through the site.
    page.goto(base + "/auth/reset")
    page.locator("input[name=email]").fill(staff.email)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(staff.email)
    assert mailbox.last_to(staff.email)

    # Sign in through the form.
    sign_in(page, base, staff.email)

    page.locator("header a[href='/manage/']").click()
    expect(page).to_have_url(base + "/manage/")
    assert_accessible(page)

    for path in ("/manage/users", "/manage/institutions", "/manage/organisations",
                 "/manage/organisations/new", "/manage/outbox", "/manage/accessibility",
                 "/account"):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert_accessible(page)
        if path == "/manage/institutions":
            expect(page.locator("main table tbody tr")).to_have_count(3)
        if path == "/manage/outbox":
            expect(page.locator("main table tbody tr")).to_have_count(2)

    # Detail pages reached by their links: a sent message, a failed one, a user, an
    # institution.
    page.goto(base + "/manage/outbox")
    reset_link = page.locator("main table tbody tr", has_text=staff.email).locator("a")
    reset_link.click()
    expect(page).to_have_url(re.compile(r"/manage/outbox/\d+$"))
    # A password-reset link is for administrators' eyes only: staff see a notice instead.
    expect(page.locator("main pre")).to_have_count(0)
    assert "/auth/reset/" not in page.content()
    assert_accessible(page)

    page.goto(base + f"/manage/outbox/{failed_message.id}")
    expect(page.locator(f"main form[action='/manage/outbox/{failed_message.id}/retry']"))\
        .to_have_count(1)
    assert_accessible(page)

    page.goto(base + "/manage/users")
    page.locator("main table a", has_text="Zwykła Osoba").click()
    expect(page).to_have_url(re.compile(r"/manage/users/\d+$"))
    assert_accessible(page)

    page.goto(base + "/manage/institutions")
    page.locator("main table a", has_text="Płońsk").first.click()
    expect(page).to_have_url(re.compile(r"/manage/institutions/\d+$"))
    assert_accessible(page)
