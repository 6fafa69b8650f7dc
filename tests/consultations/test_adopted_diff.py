"""The public record of a consultation: the adopted version shows the change from the draft
as formatted text (Markdown rendered and sanitised, removed words in <del>, added in <ins>,
each said aloud by a visually hidden label) and, beside each change, the accepted comments
behind it with their numbers from the report."""

import pytest
from flask_babel import force_locale

from consult.consultations.adopted import markdown_diff, publish_final
from consult.consultations.report import publish_report
from consult.core.text import render_markdown
from consult.extensions import db
from tests.consultations.reporting import closed_consultation
from tests.html import Page, page_of

DRAFT = ("Celem głównym programu jest **budowanie partnerstwa**.\n\n"
         "Cele szczegółowe:\n\n- wzmacnianie organizacji,\n- promocja wolontariatu.\n\n"
         "Zdanie do usunięcia.")
ADOPTED = ("Celem głównym programu jest **budowanie partnerstwa** i *rozwój wolontariatu*.\n\n"
           "Cele szczegółowe:\n\n- wzmacnianie organizacji.")


def english(function, *args):
    with force_locale("en"):
        return str(function(*args))


def test_the_change_is_formatted_text_not_markdown():
    html = english(markdown_diff, DRAFT, ADOPTED)
    assert "**" not in html and "*rozwój" not in html
    assert "<strong>budowanie partnerstwa</strong>" in html
    assert ('<ins><span class="visually-hidden">added: </span>i <em>rozwój wolontariatu</em>'
            not in html)  # the marks never wrap tags: each run of words is marked alone
    assert '<ins><span class="visually-hidden">added: </span>i</ins>' in html
    assert '<em><ins><span class="visually-hidden">added: </span>rozwój wolontariatu</ins></em>' \
        in html
    text = Page(html).content
    assert "organizacji removed: , promocja wolontariatu." in text.replace("organizacjiremoved",
                                                                        "organizacji removed")
    assert "removed: Zdanie do usunięcia." in text


def test_removed_words_stand_where_text_may_stand():
    html = english(markdown_diff, "Akapit do usunięcia.\n\nZostaje.", "Zostaje.")
    assert html.startswith('<p><del><span class="visually-hidden">removed: </span>'
                           'Akapit do usunięcia.</del></p>')
    rows = english(markdown_diff, "| Rok | Kwota |\n|---|---|\n| 2027 | 100 |\n| 2028 | 200 |",
                   "| Rok | Kwota |\n|---|---|\n| 2027 | 100 |")
    assert "<tr><td><del>" in rows  # a removed row is a row, not text inside <tbody>
    items = english(markdown_diff, "- a\n- b", "- a\n- b\n- c")
    assert '<li><ins><span class="visually-hidden">added: </span>c</ins></li>' in items


def test_the_marks_are_said_in_polish_and_the_text_is_sanitised(app):
    with app.test_request_context(), force_locale("pl"):
        html = str(markdown_diff("Zapis <b>stary</b>.", "Zapis <script>alert(1)</script>nowy."))
    assert "<script" not in html and "alert(1)" not in html
    assert '<span class="visually-hidden">usunięto: </span>' in html
    assert '<span class="visually-hidden">dodano: </span>nowy' in html


def test_equal_texts_are_the_rendered_text_without_marks():
    assert markdown_diff(DRAFT, DRAFT) == render_markdown(DRAFT)


@pytest.fixture
def adopted(consultation_factory, user_factory):
    record = closed_consultation(consultation_factory, user_factory)
    first = record.consultation.sections[1]
    first.text = DRAFT
    first.final_text = ADOPTED
    publish_report(record.consultation)
    publish_final(record.consultation)
    db.session.commit()
    return record


def test_the_adopted_page_shows_formatted_changes_with_numbered_comments(client, adopted):
    consultation, first = adopted.consultation, adopted.consultation.sections[1]
    client.post("/language", data={"language": "en", "next": "/"})
    response = client.get(f"/consultations/{consultation.slug}/adopted")
    assert response.status_code == 200
    page = page_of(response)
    diff = page.by_id(f"{first.anchor}-diff")
    assert diff is not None
    diff_text = page.text_by_id(f"{first.anchor}-diff")
    assert "**" not in diff_text
    assert "added: rozwój wolontariatu" in diff_text
    assert "removed: Zdanie do usunięcia." in diff_text
    assert "<strong>budowanie partnerstwa</strong>" in response.get_data(as_text=True)

    # The accepted comment beside the change, with the number the report gives it.
    report = page_of(client.get(f"/consultations/{consultation.slug}/report"))
    row = report.text_by_id(f"comment-row-{adopted.org_comment.id}")
    number = row.split()[0]
    comment = page.text_by_id(f"adopting-comment-{adopted.org_comment.id}")
    assert comment.startswith(f"Comment no. {number} in the report:")
    assert (f'href="/consultations/{consultation.slug}/report#comment-row-'
            f'{adopted.org_comment.id}"') in response.get_data(as_text=True)
