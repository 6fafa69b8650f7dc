"""Staff and an institution manager open /manage/ on a phone and on a desktop, in Polish and
in English, see what needs doing and follow a line of it to do it. axe on every page."""

import re
import secrets

import pytest
from playwright.sync_api import expect

from consult.auth.models import MANAGER, STAFF
from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import CommentStatus
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.events.services import RegistrationData, register
from consult.extensions import db
from consult.network.models import Member, MemberStatus
from tests.consultations.conftest import add_comments

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
LOCALES = {"pl": "pl-PL", "en": "en-GB"}
OURS, THEIRS = "Program współpracy Płońska na 2027 r.", "Program współpracy Raciąża na 2027 r."


@pytest.fixture
def world(live_app, consultation_factory, event_factory, user_factory, institution_factory):
    plonsk = institution_factory()
    raciaz = institution_factory(teryt="1420043", name="Raciąż")
    author = user_factory(full_name="Ewa Autorka")
    for title, institution, waiting in ((OURS, plonsk, 2), (THEIRS, raciaz, 5)):
        consultation = consultation_factory(title, institution=institution,
                                            moderation=PRE_MODERATION)
        add_comments(consultation, author, waiting, status=CommentStatus.PENDING)
    event = event_factory("Warsztat dla organizacji", requires_approval=True)
    person = user_factory(full_name="Olga Zgłoszona")
    register(event, RegistrationData(full_name=person.full_name, email=person.email,
                                     category="ngo"), user=person)
    db.session.add(Member(institution=plonsk, full_name="Jan Urzędnik",
                          work_email="jan@example.gov.pl", status=MemberStatus.PENDING,
                          announcements_token=secrets.token_urlsafe(32)))
    db.session.add(OutboxMessage(recipient="nieznany@example.org", subject="Potwierdzenie",
                                 text_body="Treść.", html_body="<p>Treść.</p>",
                                 status=OutboxStatus.FAILED))
    user_factory(STAFF, email="staff@example.org", full_name="Anna Koordynatorka")
    user_factory(MANAGER, email="kierownik@plonsk.example.org", full_name="Piotr Kierownik",
                 institutions=[plonsk])
    db.session.commit()


def open_inbox(new_context, base, email, viewport, language):
    page = new_context(viewport=viewport, locale=LOCALES[language]).new_page()
    sign_in(page, base, email)
    page.locator("header a[href='/manage/']").click()
    expect(page.locator("main h2#inbox-heading")).to_be_visible()
    assert_accessible(page)
    return page


@pytest.mark.parametrize(("viewport", "language"), [(PHONE, "pl"), (DESKTOP, "en")],
                         ids=["phone-pl", "desktop-en"])
def test_staff_see_everything_and_approve_a_registration_from_the_inbox(
        new_context, live_server, world, viewport, language):
    page = open_inbox(new_context, live_server, "staff@example.org", viewport, language)
    inbox = page.locator("main section[aria-labelledby=inbox-heading]")
    texts = {
        "pl": ("2 uwagi czekają na moderację", "5 uwag czeka na moderację",
               "1 zgłoszenie czeka na zatwierdzenie",
               "1 zgłoszenie do sieci urzędników i urzędniczek czeka na decyzję",
               "Niedoręczone wiadomości: 1"),
        "en": ("2 comments wait for moderation", "5 comments wait for moderation",
               "1 registration waits for approval",
               "1 request to join the officials' network waits for review",
               "1 e-mail could not be delivered"),
    }[language]
    for text in texts:
        expect(inbox.get_by_role("link", name=text)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    inbox.get_by_role("link", name=texts[2]).click()
    row = page.locator("main table tbody tr", has_text="Olga Zgłoszona")
    expect(row).to_be_visible()
    assert_accessible(page)
    row.locator("form[action$='/approve'] button").click()
    expect(page.locator(".flash").first).to_be_visible()

    page.goto(live_server + "/manage/")
    expect(page.locator("main")).not_to_contain_text(texts[2])
    assert_accessible(page)


@pytest.mark.parametrize(("viewport", "language"), [(PHONE, "en"), (DESKTOP, "pl")],
                         ids=["phone-en", "desktop-pl"])
def test_a_manager_sees_their_consultations_and_moderates_from_the_inbox(
        new_context, live_server, world, viewport, language):
    page = open_inbox(new_context, live_server, "kierownik@plonsk.example.org", viewport,
                      language)
    main = page.locator("main")
    expect(main).to_contain_text(OURS)
    expect(main).not_to_contain_text(THEIRS)
    for other in ("Jan Urzędnik", "Olga", "/manage/outbox", "/manage/network"):
        expect(main.locator(f"a[href*='{other}']")).to_have_count(0)
    expect(page.locator("#inbox-events")).to_have_count(0)
    link = {"pl": "2 uwagi czekają na moderację", "en": "2 comments wait for moderation"}
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    main.get_by_role("link", name=link[language]).click()
    expect(page).to_have_url(re.compile(r"/manage/consultations/\d+/comments"))
    assert_accessible(page)
    approve = page.locator("main form[action*='/publish'] button")
    expect(approve).to_have_count(2)
    approve.first.click()
    expect(page.locator(".flash").first).to_be_visible()

    page.goto(live_server + "/manage/")
    one = {"pl": "1 uwaga czeka na moderację", "en": "1 comment waits for moderation"}
    expect(main.get_by_role("link", name=one[language])).to_be_visible()

    # The e-mails about it are the manager's to choose.
    main.locator("a[href='/account/notifications']").click()
    expect(page).to_have_url(re.compile(r"/account/notifications$"))
    assert_accessible(page)
    page.locator("#flagged_comments").uncheck()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash").first).to_be_visible()
    expect(page.locator("#flagged_comments")).not_to_be_checked()
    expect(page.locator("#daily_digest")).to_be_checked()
    assert_accessible(page)
