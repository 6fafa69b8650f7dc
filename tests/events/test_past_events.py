"""Past events do not look bookable, and offer the materials staff share after them."""

import io
import zipfile
from datetime import timedelta

from sqlalchemy import func, select

from consult.events.models import EventMaterial, EventStatus
from consult.extensions import db
from tests.html import page_of

PDF = b"%PDF-1.7\n% slajdy\n"


def pptx() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("ppt/presentation.xml", "<p:presentation/>")
    return archive.getvalue()


def past(event_factory, **fields):
    return event_factory(title="Szkolenie, które już było", starts_in=timedelta(days=-3),
                         **fields)


def english(client):
    client.set_cookie("lang", "en")


def test_a_past_event_page_offers_no_booking(client, event_factory):
    english(client)
    event = past(event_factory)
    response = client.get(f"/events/{event.slug}/")
    page, html = page_of(response), response.get_data(as_text=True)
    assert "took place" in page.content
    assert "seats left" not in page.content and "Add to calendar" not in page.content
    assert f"/events/{event.slug}/register" not in html
    assert f"/events/{event.slug}/calendar.ics" not in html
    assert "have not shared any materials" in page.text_by_id("materials")


def test_the_past_events_list_shows_no_seats_or_calendar(client, event_factory):
    english(client)
    event = past(event_factory)
    page = page_of(client.get("/events/?past=1"))
    assert event.title in page.content and "took place" in page.content
    assert "seats left" not in page.content
    assert "Subscribe in your calendar" not in page.content
    # An upcoming event still shows its seats.
    event_factory(title="Szkolenie przyszłe")
    assert "20 seats left" in page_of(client.get("/events/")).content


def test_staff_share_a_file_and_a_link_that_anyone_downloads(client, staff, event_factory):
    event = past(event_factory)
    url = f"/manage/events/{event.id}/materials"
    assert url in client.get(f"/manage/events/{event.id}/").get_data(as_text=True)
    # The page as kept before anything was shared changes as soon as something is.
    assert "have not shared" in page_of(client.get(f"/events/{event.slug}/")).content

    response = client.post(url, data={"title": "Slajdy ze szkolenia",
                                      "document": (io.BytesIO(PDF), "Slajdy szkolenie.pdf"),
                                      "url": ""}, content_type="multipart/form-data")
    assert response.status_code == 302
    client.post(url, data={"title": "Prezentacja gminy",
                           "document": (io.BytesIO(pptx()), "gmina.pptx"), "url": ""},
                content_type="multipart/form-data")
    client.post(url, data={"title": "Nagranie spotkania",
                           "url": "https://www.youtube.com/watch?v=abc"})

    client.post("/auth/logout")
    public = client.get(f"/events/{event.slug}/")
    materials = page_of(public).text_by_id("materials")
    assert "Slajdy ze szkolenia (PDF, 18 bytes)" in materials
    assert "Prezentacja gminy (PPTX," in materials
    assert "Nagranie spotkania (link)" in materials
    file = db.session.scalar(select(EventMaterial).where(EventMaterial.title.like("Slajdy%")))
    download = client.get(f"/events/{event.slug}/materials/{file.id}/{file.filename}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf" and file.filename == "slajdy-szkolenie.pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_file_of_another_kind_or_neither_file_nor_link_is_refused(client, staff,
                                                                    event_factory):
    event = past(event_factory)
    url = f"/manage/events/{event.id}/materials"
    response = client.post(url, data={"title": "Program", "url": "",
                                      "document": (io.BytesIO(b"MZ\x90\x00"), "program.exe")},
                           content_type="multipart/form-data")
    page = page_of(response)
    assert "Upload a PDF, Word (.docx)" in page.text_by_id("document-error")
    assert page.value_of("title") == "Program"
    page = page_of(client.post(url, data={"title": "Nic", "url": ""}))
    assert "Choose a file or give a link" in page.text_by_id("document-error")
    page = page_of(client.post(url, data={
        "title": "Oba", "url": "https://example.org/a",
        "document": (io.BytesIO(PDF), "a.pdf")}, content_type="multipart/form-data"))
    assert "Choose a file or give a link" in page.text_by_id("document-error")
    assert db.session.scalar(select(func.count()).select_from(EventMaterial)) == 0


def test_removing_a_material(client, staff, event_factory):
    event = past(event_factory)
    material = EventMaterial(event_id=event.id, title="Stare slajdy", filename="s.pdf",
                             content_type="application/pdf", size=len(PDF), data=PDF)
    db.session.add(material)
    db.session.commit()
    response = client.post(f"/manage/events/{event.id}/materials/{material.id}/delete")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(EventMaterial)) == 0


def test_materials_of_a_draft_or_of_another_event_are_not_served(client, event_factory):
    event = past(event_factory)
    draft = event_factory(title="Szkic", starts_in=timedelta(days=-2), status=EventStatus.DRAFT)
    material = EventMaterial(event_id=draft.id, title="Szkic", filename="s.pdf",
                             content_type="application/pdf", size=len(PDF), data=PDF)
    db.session.add(material)
    db.session.commit()
    assert client.get(f"/events/{draft.slug}/materials/{material.id}/s.pdf").status_code == 404
    assert client.get(f"/events/{event.slug}/materials/{material.id}/s.pdf").status_code == 404


def test_materials_show_only_once_the_event_has_taken_place(client, event_factory):
    event = event_factory(title="Szkolenie jutro", starts_in=timedelta(days=1))
    db.session.add(EventMaterial(event_id=event.id, title="Slajdy", filename="s.pdf",
                                 content_type="application/pdf", size=len(PDF), data=PDF))
    db.session.commit()
    response = client.get(f"/events/{event.slug}/")
    assert page_of(response).by_id("materials") is None
    assert f"/events/{event.slug}/register" in response.get_data(as_text=True)
