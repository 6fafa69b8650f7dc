"""The draft: splitting Markdown and Word documents into sections, the statutory template,
importing with a preview first, editing and ordering sections, the statutory checklist."""

import io
from datetime import timedelta

import docx
import pytest
from sqlalchemy import select

from consult.consultations import drafting, editing
from consult.consultations.choices import OTHER_ACT
from consult.consultations.models import Section
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import counted_queries
from tests.consultations.conftest import comment_on
from tests.html import page_of

PROGRAMME = """\
# Rozdział I – Postanowienia ogólne

## § 1. Cel główny i cele szczegółowe

Celem głównym programu jest **budowanie partnerstwa**.

1. pierwszy cel;
2. drugi cel.

## § 2. Zasady współpracy

Współpraca opiera się na zasadzie pomocniczości.

# Rozdział II: Formy współpracy

§ 3. Priorytetowe zadania publiczne

Priorytetem jest pomoc społeczna.
"""


def labels(sections):
    return [(s.level, s.number, s.title) for s in sections]


def word_document() -> bytes:
    """A programme as officials write it in Word: heading styles for chapters, and
    paragraphs typed as "§ 4." without a heading style."""
    document = docx.Document()
    document.add_heading("Rozdział I – Postanowienia ogólne", level=1)
    document.add_heading("§ 1. Cel programu", level=2)
    paragraph = document.add_paragraph("Celem programu jest ")
    paragraph.add_run("wzmocnienie").bold = True
    paragraph.add_run(" organizacji * i 5_000 zł.")
    document.add_paragraph("pierwszy punkt", style="List Bullet")
    document.add_paragraph("drugi punkt", style="List Bullet")
    document.add_heading("Rozdział II", level=1)
    document.add_paragraph("§ 2")
    document.add_paragraph("Okres realizacji programu")
    document.add_paragraph("Program obowiązuje od 1 stycznia 2027 r.")
    document.add_paragraph("§ 3. Komisja konkursowa powoływana jest przez Burmistrza.")
    document.add_paragraph("3. Ustęp numerowany ręcznie.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- parsing


def test_markdown_headings_become_sections(app):
    sections = drafting.sections_from_markdown(PROGRAMME)
    assert labels(sections) == [
        (1, "Rozdział I", "Postanowienia ogólne"),
        (2, "§ 1", "Cel główny i cele szczegółowe"),
        (2, "§ 2", "Zasady współpracy"),
        (1, "Rozdział II", "Formy współpracy"),
        (2, "§ 3", "Priorytetowe zadania publiczne"),
    ]
    assert sections[1].text == ("Celem głównym programu jest **budowanie partnerstwa**.\n\n"
                                "1. pierwszy cel;\n2. drugi cel.")
    assert sections[4].text == "Priorytetem jest pomoc społeczna."
    assert [s.elements for s in sections] == [[], [1], [2], [4], [5]]


@pytest.mark.parametrize("heading, expected", [
    ("§ 3. Cel programu", ("§ 3", "Cel programu")),
    ("§3 Cel programu", ("§ 3", "Cel programu")),
    ("Rozdział II – Zasady", ("Rozdział II", "Zasady")),
    ("ROZDZIAŁ 4: Komisje", ("ROZDZIAŁ 4", "Komisje")),
    ("Art. 5. Okres", ("Art. 5", "Okres")),
    ("ust. 2", ("ust. 2", "")),
    ("3. Cel programu", ("3.", "Cel programu")),
    ("Cel programu", None),
])
def test_heading_number_and_title(heading, expected):
    assert drafting.split_heading(heading) == expected


def test_plain_paragraphs_starting_with_a_number_start_sections(app):
    text = ("Wstęp do programu.\n\n"
            "Rozdział I\n\nPostanowienia ogólne\n\n"
            "§ 1\n\nCel programu\n\nTreść paragrafu pierwszego, która odwołuje się do\n"
            "§ 3 ust. 2 programu.\n\n"
            "§ 2. Celem jest współpraca z organizacjami.\n")
    sections = drafting.sections_from_markdown(text)
    assert labels(sections) == [
        (1, "", "Preambuła"),
        (1, "Rozdział I", "Postanowienia ogólne"),
        (2, "§ 1", "Cel programu"),
        (2, "§ 2", ""),
    ]
    assert sections[0].text == "Wstęp do programu."
    # "§ 3" wrapped to the start of a line in the middle of a sentence stays text.
    assert sections[2].text.endswith("§ 3 ust. 2 programu.")
    # The rest of a long "§ 2. …" line is the section's text, not its title.
    assert sections[3].text == "Celem jest współpraca z organizacjami."


def test_paragraphs_without_chapters_are_top_level(app):
    sections = drafting.sections_from_markdown("## § 1 Cel\n\nA.\n\n## § 2 Zasady\n\nB.")
    assert labels(sections) == [(1, "§ 1", "Cel"), (1, "§ 2", "Zasady")]


def test_text_without_any_heading_is_one_section(app):
    sections = drafting.sections_from_markdown("Tylko tekst.\n\nDrugi akapit.")
    assert labels(sections) == [(1, "", "Tekst projektu")]
    assert sections[0].text == "Tylko tekst.\n\nDrugi akapit."


def test_code_blocks_and_deep_headings_stay_in_the_text(app):
    sections = drafting.sections_from_markdown(
        "# Rozdział I\n\n### Podtytuł\n\n```\n# nie nagłówek\n```\n")
    assert len(sections) == 1
    assert "### Podtytuł" in sections[0].text
    assert "# nie nagłówek" in sections[0].text


def test_word_document_becomes_markdown_and_sections(app):
    markdown = drafting.markdown_from_docx(word_document())
    assert "# Rozdział I – Postanowienia ogólne" in markdown
    assert "## § 1. Cel programu" in markdown
    assert "Celem programu jest **wzmocnienie** organizacji \\* i 5_000 zł." in markdown
    assert "- pierwszy punkt\n- drugi punkt" in markdown
    assert "3\\. Ustęp numerowany ręcznie." in markdown  # not turned into a list

    sections = drafting.sections_from_markdown(markdown)
    assert labels(sections) == [
        (1, "Rozdział I", "Postanowienia ogólne"),
        (2, "§ 1", "Cel programu"),
        (1, "Rozdział II", ""),
        (2, "§ 2", "Okres realizacji programu"),
        (2, "§ 3", ""),
    ]
    assert sections[3].text == "Program obowiązuje od 1 stycznia 2027 r."
    assert sections[4].text.startswith("Komisja konkursowa powoływana jest przez Burmistrza.")
    assert [s.elements for s in sections] == [[], [1], [], [6], []]


def test_a_file_that_is_not_docx_is_refused(app):
    with pytest.raises(drafting.DocxError):
        drafting.markdown_from_docx(b"%PDF-1.7 not a word file")


def test_the_template_covers_all_eleven_elements(app):
    sections = drafting.template_sections()
    assert len(sections) == 11
    assert [s.elements for s in sections] == [[n] for n in range(1, 12)]
    assert sections[0].label == "§ 1 Cel główny i cele szczegółowe programu"
    assert all(s.text for s in sections)
    # The guess from titles recognises the template's own titles, one element each.
    assert [drafting.guess_elements(s.title) for s in sections] == [[n] for n in range(1, 12)]
    assert drafting.guess_elements("Informacja o programie") == []


# ---------------------------------------------------------------- import pages


def import_url(consultation):
    return f"/manage/consultations/{consultation.id}/sections/import"


def test_import_markdown_shows_a_preview_then_replaces_the_sections(
        client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    page = page_of(client.get(import_url(consultation)))
    assert "Paste the text" in page.content

    response = client.post(import_url(consultation), data={
        "source": "markdown", "step": "preview", "markdown": PROGRAMME})
    assert response.status_code == 200
    page = page_of(response)
    rows = page.table_rows()
    assert rows[1][:3] == ["paragraph", "§ 1", "Cel główny i cele szczegółowe"]
    assert "Importing replaces the 3 sections the draft has now." in page.content
    # Nothing saved yet; the text rides along in the confirmation form.
    assert len(db.session.get(type(consultation), consultation.id).sections) == 3
    assert "Rozdział II: Formy współpracy" in page.text_by_id("markdown")

    response = client.post(import_url(consultation), data={
        "source": "markdown", "step": "confirm", "markdown": PROGRAMME})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/manage/consultations/{consultation.id}/sections")
    db.session.expire_all()
    stored = db.session.scalars(select(Section).where(
        Section.consultation_id == consultation.id).order_by(Section.position)).all()
    assert [(s.position, s.level, s.number, s.title) for s in stored] == [
        (0, 1, "Rozdział I", "Postanowienia ogólne"),
        (1, 2, "§ 1", "Cel główny i cele szczegółowe"),
        (2, 2, "§ 2", "Zasady współpracy"),
        (3, 1, "Rozdział II", "Formy współpracy"),
        (4, 2, "§ 3", "Priorytetowe zadania publiczne"),
    ]
    assert stored[1].elements == "1"


def test_preview_again_with_corrected_text_saves_nothing(client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    response = client.post(import_url(consultation), data={
        "source": "markdown", "step": "confirm", "again": "1",
        "markdown": "# Rozdział I\n\n## § 1. Poprawiony\n"})
    assert response.status_code == 200
    assert "Poprawiony" in page_of(response).text_by_id("preview-table")
    db.session.expire_all()
    assert [s.title for s in consultation.sections] == [
        "Postanowienia ogólne", "Cel główny", "Zasady współpracy"]


def test_empty_paste_is_an_error(client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    response = client.post(import_url(consultation), data={
        "source": "markdown", "step": "preview", "markdown": "  "})
    assert response.status_code == 200
    assert "Paste the text of the draft." in page_of(response).content


def test_import_docx_converts_on_upload_and_carries_markdown_to_confirm(
        client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    response = client.post(import_url(consultation), data={
        "source": "docx", "document": (io.BytesIO(word_document()), "program.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    page = page_of(response)
    assert [row[:3] for row in page.table_rows()][:2] == [
        ["chapter", "Rozdział I", "Postanowienia ogólne"], ["paragraph", "§ 1", "Cel programu"]]
    markdown = page.text_by_id("markdown")
    assert "## § 1. Cel programu" in markdown
    assert page.value_of("source") == "markdown"

    response = client.post(import_url(consultation), data={
        "source": "markdown", "step": "confirm",
        "markdown": drafting.markdown_from_docx(word_document())})
    assert response.status_code == 302
    db.session.expire_all()
    assert [s.label for s in consultation.sections] == [
        "Rozdział I Postanowienia ogólne", "§ 1 Cel programu", "Rozdział II",
        "§ 2 Okres realizacji programu", "§ 3"]


def test_import_docx_refuses_other_files(client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    response = client.post(import_url(consultation), data={
        "source": "docx", "document": (io.BytesIO(b"not a zip"), "program.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "cannot be read as a Word document" in page_of(response).content
    response = client.post(import_url(consultation), data={"source": "docx"},
                           content_type="multipart/form-data")
    assert "Choose the .docx file of the draft." in page_of(response).content


def test_import_the_template_fills_the_checklist(client, staff, consultation_factory):
    consultation = consultation_factory(sections=[], announced=False)
    response = client.post(import_url(consultation), data={"source": "template",
                                                           "step": "preview"})
    assert response.status_code == 200
    page = page_of(response)
    assert len(page.table_rows()) == 11
    assert page.by_id("markdown") is None
    response = client.post(import_url(consultation), data={"source": "template",
                                                           "step": "confirm"})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(consultation.sections) == 11
    assert editing.missing_elements(consultation) == []
    checklist = page_of(client.get(f"/manage/consultations/{consultation.id}/checklist"))
    assert checklist.by_id("checklist-complete") is not None


def test_import_is_refused_once_there_are_comments(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment_on(consultation, user_factory(), section=consultation.sections[1])
    postpone(consultation)  # so the rule about comments, not the opening, is what refuses
    page = page_of(client.get(import_url(consultation)))
    assert page.by_id("import-blocked") is not None
    assert page.by_id("markdown-form") is None

    response = client.post(import_url(consultation), data={
        "source": "markdown", "step": "confirm", "markdown": PROGRAMME})
    assert response.status_code == 302
    db.session.expire_all()
    assert len(consultation.sections) == 3
    assert "cannot be replaced" in page_of(client.get(response.headers["Location"])).content


# ---------------------------------------------------------------- sections one by one


def postpone(consultation) -> None:
    """Staff moved the opening to tomorrow after the first comments came in."""
    consultation.opens_at = utcnow() + timedelta(days=1)
    db.session.commit()


def test_sections_are_fixed_once_the_consultation_opens(client, staff, consultation_factory):
    consultation = consultation_factory()  # open since yesterday
    first, second = consultation.sections[1], consultation.sections[2]
    url = sections_url(consultation)
    for path, data in ((f"{url}/new", {"level": "2", "number": "§ 9", "title": "Nowy"}),
                       (f"{url}/{second.id}/move", {"direction": "up"}),
                       (f"{url}/{first.id}/delete", {}),
                       (import_url(consultation), {"source": "template", "step": "confirm"})):
        response = client.post(path, data=data)
        assert response.status_code == 302, path
        assert "can no longer be added, removed, moved or replaced" in page_of(
            client.get(response.headers["Location"])).content, path
    db.session.expire_all()
    assert [s.id for s in consultation.sections][1:] == [first.id, second.id]
    # Correcting the text of a section is still possible while it is open.
    response = client.post(f"{url}/{first.id}/edit", data={
        "level": "2", "number": "§ 1", "title": "Cel główny", "text": "Poprawiona literówka."})
    assert response.status_code == 302
    db.session.expire_all()
    assert consultation.sections[1].text == "Poprawiona literówka."


def sections_url(consultation):
    return f"/manage/consultations/{consultation.id}/sections"


def test_sections_page_shows_levels_numbers_text_and_counts(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    paragraph = consultation.sections[1]
    comment_on(consultation, user_factory(), section=paragraph)
    page = page_of(client.get(sections_url(consultation)))
    chapter = page.by_id(f"section-{consultation.sections[0].id}-heading")
    assert chapter["tag"] == "h2"
    heading = page.by_id(f"{paragraph.anchor}-heading")
    assert heading["tag"] == "h3"
    assert page.text(heading) == "§ 1 Cel główny"
    assert any(p["tag"] == "ol" for p in heading["parents"][1:])  # nested in the chapter
    assert "1 comment" in page.content
    assert "budowanie partnerstwa" in page.content


def test_add_edit_and_delete_a_section(client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    response = client.post(f"{sections_url(consultation)}/new", data={
        "level": "2", "number": "§ 3", "title": "Zakres przedmiotowy",
        "text": "Zakres obejmuje *wszystkie* zadania."})
    assert response.status_code == 302
    db.session.expire_all()
    added = consultation.sections[-1]
    assert (added.position, added.level, added.label) == (3, 2, "§ 3 Zakres przedmiotowy")

    response = client.post(f"{sections_url(consultation)}/{added.id}/edit", data={
        "level": "2", "number": "§ 3", "title": "Zakres", "text": "Nowy tekst."})
    assert response.status_code == 302
    db.session.expire_all()
    assert (added.title, added.text) == ("Zakres", "Nowy tekst.")

    response = client.post(f"{sections_url(consultation)}/{added.id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert [s.position for s in consultation.sections] == [0, 1, 2]


def test_section_needs_a_number_or_a_title(client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    response = client.post(f"{sections_url(consultation)}/new", data={
        "level": "1", "number": "", "title": "", "text": "Sam tekst."})
    assert response.status_code == 200
    page = page_of(response)
    assert "Give the section a number or a title." in page.content
    assert page.text_by_id("text") == "Sam tekst."


def test_a_section_with_comments_cannot_be_deleted(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    section = consultation.sections[1]
    comment_on(consultation, user_factory(), section=section)
    postpone(consultation)  # so the rule about comments, not the opening, is what refuses
    response = client.post(f"{sections_url(consultation)}/{section.id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Section, section.id) is not None
    assert "cannot be deleted" in page_of(client.get(response.headers["Location"])).content


def test_move_sections_up_and_down(client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    first, second, third = consultation.sections
    client.post(f"{sections_url(consultation)}/{third.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [s.id for s in consultation.sections] == [first.id, third.id, second.id]
    client.post(f"{sections_url(consultation)}/{first.id}/move", data={"direction": "down"})
    client.post(f"{sections_url(consultation)}/{first.id}/move", data={"direction": "down"})
    client.post(f"{sections_url(consultation)}/{first.id}/move", data={"direction": "down"})
    db.session.expire_all()
    assert [s.id for s in consultation.sections] == [third.id, second.id, first.id]
    assert [s.position for s in consultation.sections] == [0, 1, 2]


def test_section_of_another_consultation_is_404(client, staff, consultation_factory):
    one = consultation_factory()
    two = consultation_factory(title="Inny", institution=one.institution)
    response = client.get(f"{sections_url(one)}/{two.sections[0].id}/edit")
    assert response.status_code == 404


# ---------------------------------------------------------------- the statutory checklist


def test_checklist_maps_elements_to_sections_and_lists_missing_ones(
        client, staff, consultation_factory):
    consultation = consultation_factory()
    chapter, goal, rules = consultation.sections
    url = f"/manage/consultations/{consultation.id}/checklist"
    page = page_of(client.get(url))
    assert "11 elements are not covered by any section" in page.text_by_id("missing-elements")

    response = client.post(url, data={f"elements-{goal.id}": ["1", "5"],
                                      f"elements-{rules.id}": ["2", "99"]})
    assert response.status_code == 302
    db.session.expire_all()
    assert (chapter.elements, goal.elements, rules.elements) == ("", "1,5", "2")
    checklist = editing.checklist(consultation)
    assert checklist[0][0] == 1 and checklist[0][2] == [goal]
    assert checklist[4][2] == [goal]
    assert [number for number, _label in editing.missing_elements(consultation)] == [
        3, 4, 6, 7, 8, 9, 10, 11]

    page = page_of(client.get(url))
    assert "8 elements are not covered" in page.text_by_id("missing-elements")
    assert "principles of cooperation: § 2 Zasady współpracy" in page.text_by_id("checklist")
    box = page.by_id(f"element-{goal.id}-5")
    assert "checked" in box["attrs"]
    overview = page_of(client.get(f"/manage/consultations/{consultation.id}/"))
    assert "8 elements missing" in overview.content


def test_checklist_does_not_apply_to_other_acts(client, staff, consultation_factory):
    consultation = consultation_factory(kind=OTHER_ACT)
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/checklist"))
    assert page.by_id("checklist-not-applicable") is not None
    assert editing.missing_elements(consultation) == []


def test_sections_page_has_a_constant_number_of_queries(
        client, staff, consultation_factory, user_factory):
    def rows(n):
        return [(1 if i % 5 == 0 else 2, f"§ {i}", f"Tytuł {i}", f"Tekst **{i}**.")
                for i in range(n)]

    small = consultation_factory(sections=rows(3))
    big = consultation_factory(title="Duży program", institution=small.institution,
                               sections=rows(60))
    for section in big.sections[::6]:
        comment_on(big, user_factory(), section=section)
    small_url, big_url = sections_url(small), sections_url(big)
    client.get(small_url)  # warm-up: what is cached per process is not measured
    db.session.expunge_all()  # every object loaded afresh, as in a new process
    with counted_queries() as few:
        client.get(small_url)
    db.session.expunge_all()
    with counted_queries() as many:
        page = page_of(client.get(big_url))
    assert len(many) == len(few)
    assert "60 sections" in page.content
