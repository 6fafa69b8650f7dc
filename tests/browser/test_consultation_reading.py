"""Reading a consultation on a phone and a desktop, in Polish and English: the draft starts
on the first screen, the statutory table fits 320 px, the adopted version shows formatted
changes with the comments behind them, and staff shorten a running consultation through a
confirmation with a reason that then appears publicly. axe finds nothing on any page."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.consultations import adopted, report, services
from consult.consultations.models import Subscription
from consult.core.timeutil import to_local, utcnow
from consult.extensions import db
from tests.conftest import text_of
from tests.consultations.reporting import closed_consultation

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
TITLE = "Program współpracy Gminy Płońsk z organizacjami pozarządowymi na 2027 rok"
SECTIONS = [
    (1, "§ 1", "Cel główny i cele szczegółowe programu",
     "Celem głównym programu jest **budowanie partnerstwa** między samorządem a "
     "organizacjami pozarządowymi."),
    (1, "§ 2", "Zasady współpracy", "Współpraca opiera się na zasadach pomocniczości, "
     "suwerenności stron, partnerstwa, efektywności, uczciwej konkurencji i jawności."),
    (1, "§ 3", "Priorytetowe zadania publiczne", "- pomoc społeczna,\n- kultura,\n- sport."),
]
REASON = "Rada Gminy przyspieszyła sesję budżetową."
FOLLOWER = "obserwator@example.org"


@pytest.fixture
def world(live_app, app, consultation_factory, user_factory):
    """An open programme (long title, summary, statutory elements) with a follower, and a
    closed one whose adopted version changed a formatted section."""
    record = closed_consultation(consultation_factory, user_factory)
    closed = record.consultation
    first = closed.sections[1]
    first.text = "Celem głównym programu jest **budowanie partnerstwa**."
    first.final_text = ("Celem głównym programu jest **budowanie partnerstwa** i "
                        "*rozwój wolontariatu*.")
    with app.test_request_context():
        report.publish_report(closed)
        adopted.publish_final(closed)
    db.session.commit()
    today = to_local(utcnow()).date()
    consultation = consultation_factory(
        title=TITLE, kind="annual", sections=SECTIONS, institution=closed.institution,
        summary="Projekt programu współpracy na rok 2027. **Zapraszamy** do zgłaszania uwag.")
    services.set_period(consultation, today - timedelta(days=2), None,
                        today + timedelta(days=12), None)
    for section, elements in zip(consultation.sections, ("1", "2", "5"), strict=True):
        section.elements = elements
    db.session.add(Subscription(email=FOLLOWER, token="o" * 43, locale="pl",
                                consultation_id=consultation.id, confirmed_at=utcnow()))
    user_factory(role=STAFF, email="staff@example.org")
    db.session.commit()

    return {"open": consultation, "closed": closed, "changed": first,
            "accepted": record.org_comment}


def open_page(new_context, viewport, base, path, english=False):
    page = new_context(viewport=viewport).new_page()
    response = page.goto(base + path)
    assert response.status == 200, path
    if english:
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    return page


def bottom_of(locator) -> float:
    box = locator.bounding_box()
    return box["y"] + box["height"]


@pytest.mark.parametrize(("viewport", "english"), [(PHONE, False), (DESKTOP, True)])
def test_the_draft_starts_on_the_first_screen(new_context, live_server, world, viewport,
                                              english):
    consultation = world["open"]
    first = consultation.sections[0]
    page = open_page(new_context, viewport, live_server, f"/consultations/{consultation.slug}/",
                     english)
    heading = page.locator(f"#{first.anchor}-title")
    text = page.locator(f"#{first.anchor} .prose")
    expect(heading).to_have_text("§ 1 Cel główny i cele szczegółowe programu")
    expect(text).to_contain_text("Celem głównym programu jest budowanie partnerstwa")
    assert page.evaluate("window.scrollY") == 0
    # Its heading and the start of its text are on the first screen, without scrolling.
    assert bottom_of(heading) <= viewport["height"]
    first_line = text.locator("p").first.evaluate(
        "el => parseFloat(getComputedStyle(el).lineHeight)")
    assert text.bounding_box()["y"] + first_line <= viewport["height"], "the text is below the fold"
    # The contents and the facts stay on the page: folded above, or after the draft.
    expect(page.locator("details.toc summary")).to_have_text(
        "Contents" if english else "Spis treści")
    assert page.locator("#about-heading").bounding_box()["y"] > bottom_of(text)
    assert_accessible(page)
    page.locator("details.toc summary").click()
    expect(page.locator(f"details.toc a[href='#{first.anchor}']")).to_be_visible()
    assert_accessible(page)


def test_the_statutory_table_fits_a_320_px_phone(new_context, live_server, world):
    consultation = world["open"]
    page = open_page(new_context, NARROW, live_server, f"/consultations/{consultation.slug}/")
    table = page.locator("#elements-table")
    table.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    region = page.locator(".table-wrap:has(#elements-table)")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    # Stacked: each element is a card with its label, not a row of three columns.
    row = table.locator("tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    expect(row).to_contain_text("główny")
    assert_accessible(page)


@pytest.mark.parametrize(("viewport", "english"), [(PHONE, False), (DESKTOP, True)])
def test_the_adopted_version_shows_formatted_changes(new_context, live_server, world, viewport,
                                                     english):
    closed, changed = world["closed"], world["changed"]
    page = open_page(new_context, viewport, live_server, f"/consultations/{closed.slug}/adopted",
                     english)
    diff = page.locator(f"#{changed.anchor}-diff")
    expect(diff.locator("strong")).to_have_text("budowanie partnerstwa")
    expect(diff.locator("em ins")).to_have_text(
        ("added: " if english else "dodano: ") + "rozwój wolontariatu")
    assert "**" not in diff.inner_text()
    comment = page.locator(f"#adopting-comment-{world['accepted'].id}")
    expect(comment).to_contain_text("in the report" if english else "w sprawozdaniu")
    if viewport is DESKTOP:  # beside the change on a wide screen
        assert comment.bounding_box()["x"] > diff.bounding_box()["x"] + diff.bounding_box()["width"]
    assert_accessible(page)


def test_staff_shorten_a_running_consultation_with_a_public_reason(
        new_context, live_server, world, mailbox):
    consultation = world["open"]
    new_last_day = to_local(utcnow()).date() + timedelta(days=3)
    staff = new_context(viewport=PHONE).new_page()
    sign_in(staff, live_server, "staff@example.org")
    staff.goto(f"{live_server}/manage/consultations/{consultation.id}/edit")
    staff.locator("input[name=closes_on]").fill(new_last_day.isoformat())
    staff.locator("textarea[name=summary]").fill("Skrócony termin: zapraszamy wcześniej.")
    staff.locator("textarea[name=period_reason]").fill(REASON)
    staff.locator("#consultation-form button[type=submit]").last.click()

    confirmation = staff.locator("#period-confirmation")
    expect(confirmation).to_contain_text("Skracasz trwające konsultacje")
    expect(confirmation).to_contain_text(REASON)
    expect(staff.locator("textarea[name=summary]")).to_have_value(
        "Skrócony termin: zapraszamy wcześniej.")
    assert_accessible(staff)
    confirmation.locator("button[name=confirm_period]").click()
    expect(staff.locator(".flash-info, .flash")).not_to_have_count(0)
    assert_accessible(staff)

    for viewport, english in ((PHONE, False), (DESKTOP, True)):
        page = open_page(new_context, viewport, live_server,
                         f"/consultations/{consultation.slug}/", english)
        deadline = page.locator("#deadline")
        expect(deadline).to_contain_text(REASON)
        expect(deadline).to_contain_text("Shortened on" if english else "Termin skrócono")
        assert_accessible(page)
    message = mailbox.last_to(FOLLOWER)
    assert message["Subject"].startswith("Skrócono termin konsultacji")
    assert REASON in text_of(message)
