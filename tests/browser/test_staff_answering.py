"""Staff answer comments on a desktop and on a phone, in Polish and in English: a letter
entered with its scan, two identical comments answered at once, the same numbers in the
list and in the report; axe on every page."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.core.timeutil import local_day, utcnow
from tests.consultations.conftest import comment_on

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SAME = "Prosimy o zwiększenie środków na zadania dla seniorów."
LETTER = "Proponujemy dopisać konkurs na wolontariat sąsiedzki."
ANSWER = "Środki na 2027 r. są już rozdzielone; wrócimy do tego przy programie na 2028 r."
TEXTS = {
    "pl": {"added": "Dodano uwagę nr 3.", "saved": "Zapisano tę samą odpowiedź na uwagi nr 1, 2.",
           "decision": "nieuwzględniona", "channel": "na piśmie (list)"},
    "en": {"added": "Comment no. 3 is added.",
           "saved": "The same answer to comments no. 1, 2 is saved.",
           "decision": "not accepted", "channel": "on paper (letter)"},
}


@pytest.mark.parametrize(("width", "language"), [(1366, "pl"), (360, "en")])
def test_staff_enter_a_letter_and_answer_two_identical_comments_at_once(
        new_context, live_server, consultation_factory, user_factory, width, language):
    texts = TEXTS[language]
    consultation = consultation_factory()
    first = comment_on(consultation, user_factory(), body=SAME)
    second = comment_on(consultation, user_factory(), body=SAME + " ")
    staff = user_factory(role=STAFF, email="staff@example.org")
    base = live_server
    page = new_context(viewport={"width": width, "height": 800},
                       locale="pl-PL" if language == "pl" else "en-GB").new_page()
    sign_in(page, base, staff.email)

    page.goto(f"{base}/manage/consultations/{consultation.id}/comments")
    assert_accessible(page)
    page.locator("#add-paper-comment").click()
    assert_accessible(page)
    page.locator("input[name=channel][value=paper]").check()
    page.locator("input[name=received_on]").fill(local_day(utcnow()).isoformat())
    page.locator("input[name=author_name]").fill("Jan Nowak")
    page.locator("input[name=on_behalf][value=self]").check()
    page.locator("select[name=section]").select_option(str(consultation.sections[2].id))
    page.locator("textarea[name=body]").fill(LETTER)
    page.locator("input[name=scan]").set_input_files(
        files=[{"name": "pismo.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("#paper-comment-form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(texts["added"])
    assert_accessible(page)
    letter_row = page.locator("#comments-table tr", has_text=LETTER)
    expect(letter_row.locator("th")).to_have_text("3")
    expect(letter_row).to_contain_text("Jan Nowak")
    expect(letter_row.locator("a[href$='/scan']")).to_have_count(1)

    # The justification of a decision takes the row's (or the card's) width.
    field = page.locator(f"#decision-text-{first.id}").bounding_box()
    main = page.locator("main").bounding_box()
    assert field["width"] > 0.8 * main["width"]

    page.locator(f"#select-{first.id}").check()
    page.locator(f"#select-{second.id}").check()
    page.locator("#together-decision").select_option("rejected")
    page.locator("#together-decision_text").fill(ANSWER)
    page.locator("#answer-together button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(texts["saved"])
    assert_accessible(page)
    for comment in (first, second):
        expect(page.locator(f"#decision-text-{comment.id}")).to_have_value(ANSWER)

    page.goto(f"{base}/consultations/{consultation.slug}/report")
    assert_accessible(page)
    rows = page.locator("#comment-table tbody tr")
    expect(rows.locator("td.num")).to_have_text(["1", "2", "3"])
    for number in (0, 1):
        expect(rows.nth(number)).to_contain_text(texts["decision"])
        expect(rows.nth(number)).to_contain_text(ANSWER)
    expect(rows.nth(2)).to_contain_text(texts["channel"])
    expect(rows.nth(2)).to_contain_text(LETTER)
