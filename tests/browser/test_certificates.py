"""Certificates of attendance in the browser (issue 23, item 4): staff send them after a
past event, the attendee finds the e-mail (read from the outbox), opens the PDF (read back
with pdftotext) and the verification page; staff undo the attendance on the check-in page
and the verification page says the certificate is withdrawn. Polish and English, phone
(360 and 320 px) and desktop, axe at zero."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.auth.models import STAFF
from consult.core.mail import OutboxMessage
from consult.events.funding import FundingProject
from consult.extensions import db
from tests.clients.office import pdf_text
from tests.events.test_impact import PAST, attendee

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

NOTICE = "Projekt dofinansowany z Funduszy EOG w ramach programu Aktywni Obywatele."
VIEWPORTS = [({"width": 360, "height": 640}, False), ({"width": 320, "height": 640}, True),
             ({"width": 1280, "height": 800}, True), ({"width": 1280, "height": 800}, False)]


@pytest.fixture
def past_training(live_app, event_factory, user_factory):
    event = event_factory(
        title="Program współpracy krok po kroku", starts_in=PAST, hours=Decimal("5"),
        organiser="Federacja Organizacji Pozarządowych Regionu",
        funding_project=FundingProject(name="Mazowiecka Koalicja", notice=NOTICE))
    attendee(event, "zofia@example.org", full_name="Zofia Żądło-Łęcka")
    attendee(event, "nieobecny@example.org", full_name="Adam Nieobecny", days=0)
    user_factory(role=STAFF, email="staff@example.org")
    db.session.commit()
    return event.id


def use_language(page, english: bool) -> None:
    if english:
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize(("viewport", "english"), VIEWPORTS)
def test_an_attendee_gets_the_certificate_and_a_correction_withdraws_it(
        new_context, live_server, live_app, past_training, viewport, english):
    staff = new_context(viewport=viewport).new_page()
    sign_in(staff, live_server, "staff@example.org")
    use_language(staff, english)
    staff.goto(f"{live_server}/manage/events/{past_training}/certificates")
    assert_accessible(staff)
    staff.locator("form[action$='/certificates/send'] button").click()
    expect(staff.locator(".flash-success")).to_have_count(1)
    expect(staff.locator("#certificates")).to_contain_text("Zofia Żądło-Łęcka")
    assert_accessible(staff)

    with live_app.app_context():
        (message,) = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == "zofia@example.org")).all()
        body = message.text_body
        assert [a.content_type for a in message.attachments] == ["application/pdf"]
    pdf_link = re.search(r"https?://\S+/certificate\.pdf", body).group(0)
    verify_link = re.search(r"https?://\S+/certificates/[0-9A-Z-]+", body).group(0)

    # The attendee opens the PDF link and the verification page.
    person = new_context(viewport=viewport).new_page()
    pdf = person.request.get(pdf_link)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(pdf_text(pdf.body()).split())
    for expected in ("Zofia Żądło-Łęcka", "Program współpracy krok po kroku", NOTICE, "5"):
        assert expected in text, expected
    person.goto(pdf_link.removesuffix("/certificate.pdf"))  # their registration's page
    use_language(person, english)
    expect(person.locator("a[href$='/certificate.pdf']")).to_have_count(1)
    assert_accessible(person)
    person.goto(verify_link)
    expect(person.locator("#certificate-details")).to_contain_text("Zofia Żądło-Łęcka")
    assert "nieobecny" not in person.content().lower()
    assert_accessible(person)

    # Staff correct the attendance: the certificate is withdrawn.
    staff.goto(f"{live_server}/manage/events/{past_training}/checkin")
    staff.locator("#checkin-list li", has_text="Zofia").locator(
        "button[name=present][value=no]").click()
    expect(staff.locator(".flash-success")).to_have_count(1)
    person.reload()
    # (Polish until the catalogue has the new words: either reads as withdrawn.)
    expect(person.locator("#certificate-state")).to_contain_text(
        "withdrawn on" if english else re.compile("withdrawn on|wycofano"))
    expect(person.locator("#certificate-details")).to_have_count(0)
    assert_accessible(person)
    assert person.request.get(pdf_link).status == 404
