"""Public pages: home, the accessibility statement edited by staff, errors in the layout."""

from datetime import date

from consult.demo import demo_accessibility_statement
from consult.extensions import db


def test_home_and_static_pages_render_in_the_layout(client):
    for url in ("/", "/about", "/privacy", "/accessibility"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<a class="skip-link" href="#main">' in response.text
        assert '<main id="main"' in response.text
        assert "/accessibility" in response.text  # the statement is linked from every page


def test_error_pages_use_the_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert '<main id="main"' in response.text


def test_accessibility_statement_uses_the_official_element_ids(client):
    db.session.add(demo_accessibility_statement())
    db.session.commit()
    page = client.get("/accessibility").text
    for element_id in (
        "a11y-podmiot", "a11y-url", "a11y-data-publikacja", "a11y-data-aktualizacja",
        "a11y-status", "a11y-data-sporzadzenie", "a11y-kontakt", "a11y-osoba", "a11y-email",
        "a11y-telefon", "a11y-procedura", "a11y-architektura", "a11y-aplikacje",
    ):
        assert f'id="{element_id}"' in page, element_id
    assert 'datetime="2026-09-01"' in page
    assert "dostepnosc@example.org" in page


def test_staff_edit_the_statement_and_the_public_page_follows(client, login_as):
    login_as("staff")
    form = {
        "entity_name": "Federacja Testowa",
        "published_on": "2026-01-15",
        "updated_on": "2026-11-02",
        "compliance": "full",
        "prepared_on": "2026-03-30",
        "reviewed_on": "",
        "contact_person": "Ewa Kontaktowa",
        "contact_email": "ewa@example.org",
        "contact_phone": "22 000 00 00",
        "architectural_accessibility": "Wejście **bez progów**.",
        "non_accessible_content": "<script>alert(1)</script>",
    }
    response = client.post("/manage/accessibility", data=form)
    assert response.status_code == 302
    page = client.get("/accessibility").text
    assert "Federacja Testowa" in page
    assert 'datetime="2026-11-02"' in page
    assert "<strong>bez progów</strong>" in page  # Markdown is rendered …
    assert "<script>alert(1)</script>" not in page  # … and sanitised


def test_statement_form_errors_keep_what_was_typed(client, login_as):
    login_as("staff")
    response = client.post(
        "/manage/accessibility",
        data={"entity_name": "Federacja Testowa", "contact_email": "nie-email",
              "published_on": "nie-data"},
    )
    assert response.status_code == 200
    assert 'id="contact_email-error"' in response.text
    assert 'id="published_on-error"' in response.text
    assert 'value="Federacja Testowa"' in response.text


def test_the_statement_defaults_are_shown_before_staff_fill_it_in(client):
    page = client.get("/accessibility").text
    assert f'datetime="{date.today().isoformat()}"' in page
