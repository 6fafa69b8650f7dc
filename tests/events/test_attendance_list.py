"""The attendance list to sign: the funder's logos at the top, the time and the trainers,
empty rows for people who come unregistered, a line for the trainer's signature, and the
funder's notice in English (issue 20, H3)."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from consult.events import mail
from consult.events.funding import FundingProject, FundingProjectLogo
from consult.events.models import AgendaItem
from consult.extensions import db
from tests.events.conftest import add
from tests.events.test_exports import pdf_pages
from tests.html import page_of

START = datetime(2030, 3, 12, 9, 0, tzinfo=UTC)  # Tuesday, 10:00 in Warsaw
NOTICE_PL = "Projekt dofinansowany z Funduszy EOG w ramach programu Aktywni Obywatele."
NOTICE_EN = "The project is funded by the EEA Grants under the Active Citizens Fund."


def image(kind: str, size=(400, 100), colour=(11, 79, 138)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def images_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Subtype\s*/Image", pdf))


@pytest.fixture
def project(app):
    project = FundingProject(name="Aktywni Razem", notice=NOTICE_PL, notice_en=NOTICE_EN,
                             blank_rows=3)
    db.session.add(project)
    db.session.commit()
    return project


def flashes(response) -> str:
    page = page_of(response)
    return " ".join(page.text(e) for e in page.elements
                    if "flash" in e["attrs"].get("class", ""))


def upload(client, project, data: bytes, name="logo.png", alt_text="Fundusze EOG"):
    return client.post(f"/manage/events/projects/{project.id}/logos",
                       data={"logo": (io.BytesIO(data), name), "alt_text": alt_text},
                       content_type="multipart/form-data", follow_redirects=True)


def test_staff_upload_png_and_jpeg_logos_and_other_files_are_refused(client, staff, project):
    assert "The logo is added." in flashes(upload(client, project, image("PNG")))
    upload(client, project, image("JPEG", (300, 300)), name="eog.jpg",
           alt_text="Aktywni Obywatele")
    refused = page_of(upload(client, project, b"%PDF-1.4 not an image", name="logo.png"))
    assert "Upload a PNG or JPEG image." in refused.text_by_id("logo-error")
    gif = page_of(upload(client, project, image("GIF"), name="logo.png"))
    assert "Upload a PNG or JPEG image." in gif.text_by_id("logo-error")
    db.session.expire_all()
    logos = db.session.get(FundingProject, project.id).logos
    assert [(logo.content_type, logo.width, logo.height) for logo in logos] == [
        ("image/png", 400, 100), ("image/jpeg", 300, 300)]

    page = page_of(client.get(f"/manage/events/projects/{project.id}"))
    assert "Aktywni Obywatele" in [e["attrs"].get("alt") for e in page.elements
                                   if e["tag"] == "img"]
    shown = client.get(f"/manage/events/projects/{project.id}/logos/{logos[1].id}")
    assert shown.headers["Content-Type"] == "image/jpeg" and shown.data.startswith(b"\xff\xd8")

    client.post(f"/manage/events/projects/{project.id}/logos/{logos[0].id}/delete")
    db.session.expire_all()
    assert [logo.content_type for logo in db.session.get(FundingProject, project.id).logos] \
        == ["image/jpeg"]


def test_a_too_large_logo_is_refused(client, staff, project):
    noise = Image.effect_noise((1500, 1500), 100).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    assert len(buffer.getvalue()) > 2 * 1024 * 1024
    page = page_of(upload(client, project, buffer.getvalue()))
    assert "larger than 2 MB" in page.text_by_id("logo-error")


def test_the_list_has_logos_time_trainers_blank_rows_and_a_signature_line(
    client, staff, project, event_factory
):
    project.logos = [
        FundingProjectLogo(content_type="image/png", width=400, height=100,
                           data=image("PNG")),
        FundingProjectLogo(content_type="image/jpeg", width=300, height=300,
                           data=image("JPEG", (300, 300), (200, 30, 30))),
    ]
    event = event_factory(starts_at=START, duration=timedelta(hours=6),
                          funding_project=project, speakers="Anna Trenerska\nPiotr Prowadzący")
    add(event, "Maria Łęcka", "maria@example.org", organisation="Stowarzyszenie")
    add(event, "Jan Kowalski", "jan@example.org")
    db.session.commit()

    data = client.get(f"/manage/events/{event.id}/attendance.pdf").get_data()
    assert images_in(data) == 2
    [text] = pdf_pages(data)
    assert "Date: Tuesday, 12 March 2030 Time: 10:00–16:00" in text
    assert "Trainers: Anna Trenerska, Piotr Prowadzący" in text
    assert re.search(r"2\. Maria Łęcka Stowarzyszenie NGO 3\. 4\. 5\. Anna Trenerska", text)
    assert "6." not in text  # three empty rows, as the project asks
    assert text.count("Signature of the trainer:") == 2
    assert NOTICE_EN in text  # the English list takes the English notice

    client.post("/language", data={"language": "pl", "next": "/"})
    [polish] = pdf_pages(client.get(f"/manage/events/{event.id}/attendance.pdf").get_data())
    assert "Godziny: 10:00–16:00" in polish and "Prowadzący: Anna Trenerska" in polish
    assert polish.count("Podpis prowadzącego:") == 2
    assert NOTICE_PL in polish


def test_without_a_project_five_empty_rows_and_one_unnamed_signature_line(
    client, staff, event_factory
):
    day_two = START + timedelta(days=1)
    event = event_factory(starts_at=START, ends_at=day_two + timedelta(hours=5),
                          agenda=[AgendaItem(starts_at=day_two - timedelta(hours=1),
                                             ends_at=day_two + timedelta(hours=2),
                                             title="Warsztaty")])
    add(event, "Maria Łęcka", "maria@example.org")
    data = client.get(f"/manage/events/{event.id}/attendance.pdf?day=2030-03-13").get_data()
    [text] = pdf_pages(data)
    assert images_in(data) == 0
    assert "Time: 09:00–15:00" in text  # the agenda's start, the event's end
    assert "6. Signature of the trainer:" in text and "7." not in text
    assert text.count("Signature of the trainer:") == 1
    first = pdf_pages(client.get(f"/manage/events/{event.id}/attendance.pdf").get_data())[0]
    assert "Time: from 10:00" in first


def test_pages_and_mail_in_english_take_the_english_notice(client, project, event_factory,
                                                          mailbox):
    event = event_factory(funding_project=project)
    english = add(event, "Ola Angielska", "ola@example.org")
    english.locale = "en"
    db.session.commit()
    client.post("/language", data={"language": "en", "next": "/"})
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert NOTICE_EN in page and NOTICE_PL not in page
    client.post("/language", data={"language": "pl", "next": "/"})
    page = client.get(f"/events/{event.slug}/").get_data(as_text=True)
    assert NOTICE_PL in page and NOTICE_EN not in page

    mail.registration_confirmed(english)
    polish = add(event, "Jan Polski", "jan@example.org")
    db.session.commit()
    assert polish.locale == "pl"
    assert NOTICE_EN in mailbox.last_to("ola@example.org").get_body(("plain",)).get_content()
    assert NOTICE_PL in mailbox.last_to("jan@example.org").get_body(("plain",)).get_content()

    project.notice_en = ""
    db.session.commit()
    mail.registration_confirmed(english)
    db.session.commit()
    assert NOTICE_PL in mailbox.last_to("ola@example.org").get_body(("plain",)).get_content()
