"""The library of materials: validation of files, search and filters, downloads counted in
the database, drafts hidden, staff's pages."""

import io
import threading
import zipfile

import pytest
from sqlalchemy import select

from consult.events.funding import FundingProject
from consult.extensions import db
from consult.library import services
from consult.library.models import LibraryMaterial

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pptx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
    return buffer.getvalue()


def material(title="Poradnik dla urzędników i urzędniczek", *, upload=None, url="",
             published=True, **fields) -> LibraryMaterial:
    values = dict(title=title, authors="Anna Nowak", year=2024, type="guide", language="pl",
                  project_id=None, url=url, accessible=True, accessibility_note="",
                  tags="dialog, JST", published=published)
    values.update(fields)
    if upload is None and not url:
        upload = ("poradnik.pdf", PDF)
    found = services.save_material(LibraryMaterial(), upload=upload, **values)
    db.session.commit()
    return found


FORM = {"title": "Raport z badań", "authors": "Jan Kowalski", "year": "2023",
        "type": "report", "language": "pl", "project_id": "0", "url": "",
        "accessibility_note": "", "tags": "badania, współpraca", "published": "y"}


# --- validation ---------------------------------------------------------------------------


def test_files_are_told_by_their_content(app):
    assert material(upload=("slajdy.pdf", pptx())).content_type.endswith("presentation")
    with pytest.raises(services.LibraryError) as error:
        material(upload=("raport.pdf", b"MZ\x90\x00 not a document"))
    assert error.value.field == "document"


def test_a_file_over_the_limit_is_refused(app):
    too_big = PDF + b"0" * (services.MAX_FILE_MB * 1024 * 1024)
    with pytest.raises(services.LibraryError, match=f"{services.MAX_FILE_MB} MB"):
        material(upload=("duzy.pdf", too_big))


def test_a_document_marked_not_accessible_needs_a_note(app):
    with pytest.raises(services.LibraryError) as error:
        material(accessible=False, accessibility_note="  ")
    assert error.value.field == "accessibility_note"
    saved = material(accessible=False, accessibility_note="Skan; wersję dostępną wyślemy.")
    assert saved.accessibility_note == "Skan; wersję dostępną wyślemy."


def test_a_file_or_a_link_but_not_both(app):
    with pytest.raises(services.LibraryError):
        services.save_material(LibraryMaterial(), title="x", authors="", year=2024,
                               type="guide", language="pl", project_id=None, url="",
                               accessible=True, accessibility_note="", tags="",
                               published=True)
    with pytest.raises(services.LibraryError):
        material(upload=("a.pdf", PDF), url="https://example.org/a")


def test_tags_are_kept_once_each(app):
    assert services.tag_fields(" Dialog ,dialog, Łódź,, ") == ("Dialog, Łódź", ",dialog,lodz,")


def test_the_staff_form_shows_errors_next_to_fields_and_keeps_what_was_typed(client, staff):
    response = client.post("/manage/materials/new", data={
        **FORM, "not_accessible": "y", "title": "Raport o współpracy", "url": "",
        "document": (io.BytesIO(PDF), "raport.pdf")})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="accessibility_note-error"' in page
    assert 'value="Raport o współpracy"' in page and 'value="badania, współpraca"' in page
    assert "choose it again" in page
    assert db.session.scalar(select(LibraryMaterial)) is None


def test_staff_add_a_material_with_a_file(client, staff):
    response = client.post("/manage/materials/new", data={
        **FORM, "document": (io.BytesIO(PDF), "Raport z badań.pdf")})
    assert response.status_code == 302
    saved = db.session.scalar(select(LibraryMaterial))
    assert (saved.filename, saved.content_type, saved.published) == (
        "raport-z-badan.pdf", "application/pdf", True)


# --- the public list ----------------------------------------------------------------------


def test_search_with_and_without_polish_letters(app, client):
    material("Współpraca z organizacjami", tags="")
    material("Budżet obywatelski", authors="Łucja Żak", tags="")
    for query in ("współpraca", "wspolpraca", "WSPÓŁ"):
        page = client.get("/materials/", query_string={"q": query}).get_data(as_text=True)
        assert "Współpraca z organizacjami" in page and "Budżet obywatelski" not in page
    page = client.get("/materials/?q=lucja zak").get_data(as_text=True)
    assert "Budżet obywatelski" in page and "Współpraca z organizacjami" not in page


def test_filters(app, client):
    project = FundingProject(name="Mazowiecka Koalicja")
    db.session.add(project)
    db.session.commit()
    material("Alfa", type="guide", year=2022, tags="Dialog")
    material("Beta", type="report", year=2023, language="en", project_id=project.id,
             tags="")
    material("Gamma", url="https://example.org/nagranie", type="recording", year=2023)

    every = {"Alfa", "Beta", "Gamma"}

    def titles(**args):
        page = client.get("/materials/", query_string=args).get_data(as_text=True)
        return {title for title in every if f">{title}<" in page}

    assert titles() == every
    assert titles(type="report") == {"Beta"}
    assert titles(year="2023") == {"Beta", "Gamma"}
    assert titles(language="en") == {"Beta"}
    assert titles(project=str(project.id)) == {"Beta"}
    assert titles(tag="dialog") == {"Alfa", "Gamma"}  # Gamma keeps the default tags
    assert titles(type="nonsense", year="x") == every


def test_tags_link_to_the_filtered_list(app, client):
    found = material(tags="Łódź")
    page = client.get(f"/materials/{found.id}/").get_data(as_text=True)
    assert '/materials/?tag=%C5%81%C3%B3d%C5%BA"' in page


def test_the_list_is_paginated(app, client):
    for n in range(25):
        material(f"Materiał {n:02d}", url=f"https://example.org/{n}")
    first = client.get("/materials/").get_data(as_text=True)
    assert first.count('class="library-item"') == 20 and 'rel="next"' in first
    assert client.get("/materials/?page=2").get_data(as_text=True).count(
        'class="library-item"') == 5


def test_the_list_takes_the_same_number_of_queries_for_more_materials(app, client,
                                                                      count_queries):
    project = FundingProject(name="Mazowiecka Koalicja")
    db.session.add(project)
    db.session.commit()
    material("Pierwszy", project_id=project.id)
    client.get("/materials/")
    with count_queries as few:
        client.get("/materials/")
    for n in range(10):
        material(f"Kolejny {n}", project_id=project.id)
    with count_queries as many:
        client.get("/materials/")
    assert len(many.statements) == len(few.statements)


# --- drafts, downloads --------------------------------------------------------------------


def test_unpublished_materials_are_404_to_the_public_and_shown_to_staff(app, client,
                                                                       login_as):
    draft = material("Szkic poradnika", published=False)
    assert "Szkic poradnika" not in client.get("/materials/").get_data(as_text=True)
    assert client.get(f"/materials/{draft.id}/").status_code == 404
    assert client.get(f"/materials/{draft.id}/download").status_code == 404
    login_as("user")
    assert client.get(f"/materials/{draft.id}/").status_code == 404
    login_as("staff")
    assert client.get(f"/materials/{draft.id}/").status_code == 200
    assert client.get(f"/materials/{draft.id}/download").status_code == 200


def test_a_download_is_an_attachment_and_counted(app, client):
    found = material()
    response = client.get(f"/materials/{found.id}/download")
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    db.session.expire_all()
    assert db.session.get(LibraryMaterial, found.id).downloads == 1


def test_concurrent_downloads_both_count(app):
    # The threads read the id, not the test's object: an expired object reloads through the
    # test's session, which two threads at once may not use (one failed, and the other
    # waited at the barrier for ever).
    material_id = material().id
    db.session.commit()
    db.session.remove()
    barrier = threading.Barrier(2, timeout=30)

    def download():
        with app.app_context():
            db.session.get(LibraryMaterial, material_id)  # both have read the same number
            barrier.wait()
            services.count_download(material_id)
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=download) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert db.session.get(LibraryMaterial, material_id).downloads == 2


def test_a_link_has_no_download(app, client):
    found = material(url="https://example.org/nagranie", type="recording")
    assert client.get(f"/materials/{found.id}/download").status_code == 404
    assert 'href="https://example.org/nagranie"' in client.get(
        f"/materials/{found.id}/").get_data(as_text=True)


# --- staff --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["user", "manager"])
def test_only_staff_manage_the_library(app, client, login_as, role):
    found = material()
    login_as(role)
    for path in ("/manage/materials/", "/manage/materials/new",
                 f"/manage/materials/{found.id}/edit"):
        assert client.get(path).status_code == 403
    for path in (f"/manage/materials/{found.id}/unpublish",
                 f"/manage/materials/{found.id}/delete"):
        assert client.post(path).status_code == 403


def test_staff_edit_unpublish_and_delete(app, client, staff):
    found = material()
    page = client.get(f"/manage/materials/{found.id}/edit").get_data(as_text=True)
    assert "poradnik.pdf" in page
    response = client.post(f"/manage/materials/{found.id}/edit",
                           data={**FORM, "title": "Poradnik, wydanie 2"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(LibraryMaterial, found.id).title == "Poradnik, wydanie 2"
    assert db.session.get(LibraryMaterial, found.id).filename == "poradnik.pdf"  # kept
    client.post(f"/manage/materials/{found.id}/unpublish")
    db.session.expire_all()
    assert not db.session.get(LibraryMaterial, found.id).published
    client.post(f"/manage/materials/{found.id}/delete")
    db.session.expire_all()
    assert db.session.get(LibraryMaterial, found.id) is None
