"""News: the image and its alt text, Markdown sanitised, drafts hidden, the Atom feed, the
home page, staff's pages."""

import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from consult.account.services import delete_account
from consult.core.timeutil import utcnow
from consult.events.funding import FundingProject
from consult.extensions import db
from consult.news import queries, services
from consult.news.models import NewsPost

ATOM = "{http://www.w3.org/2005/Atom}"


def image(kind="PNG", size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


def post(title="Ruszają szkolenia dla urzędników i urzędniczek", *, published=True,
         body="Zapraszamy **wszystkich**.", lead="Nabór trwa do końca miesiąca.",
         **fields) -> NewsPost:
    found = services.save_post(NewsPost(), title=title, lead=lead, body=body,
                               project_id=fields.pop("project_id", None),
                               image_alt=fields.pop("image_alt", ""), **fields)
    if published:
        services.publish(found)
    db.session.commit()
    return found


FORM = {"title": "Nowy poradnik", "lead": "Krótko.", "body": "Tekst.", "project_id": "0",
        "image_alt": ""}


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_images_are_told_by_their_content(app, kind):
    found = post(image=image(kind), image_alt="Sala szkoleniowa")
    assert (found.image_content_type, found.image_width, found.image_height) == (
        f"image/{kind.lower()}", 4, 3)


def test_other_files_are_not_images(app):
    for data in (image("GIF"), b"%PDF-1.4 not an image"):
        with pytest.raises(services.NewsError) as error:
            post(image=data, image_alt="Coś")
        assert error.value.field == "image"


def test_an_image_needs_its_alt_text(app):
    with pytest.raises(services.NewsError) as error:
        post(image=image(), image_alt=" ")
    assert error.value.field == "image_alt"


def test_the_staff_form_keeps_what_was_typed_and_says_to_choose_the_image_again(client,
                                                                                 staff):
    response = client.post("/manage/news/new", data={
        **FORM, "title": "Relacja z konferencji", "image": (io.BytesIO(image()), "a.png")})
    page = response.get_data(as_text=True)
    assert 'id="image_alt-error"' in page and 'value="Relacja z konferencji"' in page
    assert "choose it again" in page
    assert db.session.scalar(select(NewsPost)) is None


def test_markdown_is_sanitised(app, client):
    found = post(body="Tekst <script>alert(1)</script> i [link](javascript:alert(1)).")
    page = client.get(f"/news/{found.slug}/").get_data(as_text=True)
    assert "<script>alert" not in page and 'href="javascript:' not in page


# --- drafts, list, home ---------------------------------------------------------------------


def test_drafts_are_404_to_the_public_and_shown_to_staff(app, client, login_as):
    draft = post("Szkic wiadomości", published=False, image=image(), image_alt="Sala")
    assert "Szkic wiadomości" not in client.get("/news/").get_data(as_text=True)
    assert client.get(f"/news/{draft.slug}/").status_code == 404
    assert client.get(f"/news/{draft.id}/image").status_code == 404
    login_as("manager")
    assert client.get(f"/news/{draft.slug}/").status_code == 404
    login_as("staff")
    assert client.get(f"/news/{draft.slug}/").status_code == 200
    assert client.get(f"/news/{draft.id}/image").status_code == 200


def test_the_list_is_newest_first_and_paginated(app, client):
    for n in range(12):
        found = post(f"Wiadomość {n:02d}")
        found.published_at = utcnow() - timedelta(days=12 - n)
    db.session.commit()
    first = client.get("/news/").get_data(as_text=True)
    assert first.index("Wiadomość 11") < first.index("Wiadomość 10")
    assert "Wiadomość 01" not in first and 'rel="next"' in first
    assert "Wiadomość 00" in client.get("/news/?page=2").get_data(as_text=True)


def test_the_list_takes_the_same_number_of_queries_for_more_posts(app, client, count_queries):
    post("Pierwsza")
    client.get("/news/")
    with count_queries as few:
        client.get("/news/")
    for n in range(8):
        post(f"Kolejna {n}")
    with count_queries as many:
        client.get("/news/")
    assert len(many.statements) == len(few.statements)


def test_the_home_page_shows_the_latest_three_and_links_the_feed(app, client):
    for n in range(4):
        found = post(f"Wiadomość numer {n}")
        found.published_at = utcnow() - timedelta(days=4 - n)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert 'type="application/atom+xml"' in page and "/news/feed.atom" in page
    assert all(f"Wiadomość numer {n}" in page for n in (1, 2, 3))
    assert "Wiadomość numer 0" not in page


def test_news_of_a_project(app):
    project = FundingProject(name="Mazowiecka Koalicja")
    db.session.add(project)
    db.session.commit()
    mine = post("Projekt ruszył", project_id=project.id)
    post("Inna wiadomość")
    post("Szkic projektu", project_id=project.id, published=False)
    assert queries.news_of_project(project.id) == [mine]


# --- the feed -------------------------------------------------------------------------------


def test_the_atom_feed_parses_with_entries_ids_and_dates(app, client):
    first = post("Pierwsza wiadomość")
    post("Szkic", published=False)
    response = client.get("/news/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - the app's own feed
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Pierwsza wiadomość"]
    entry = entries[0]
    assert entry.findtext(f"{ATOM}id").endswith(f":news-{first.id}")
    assert entry.findtext(f"{ATOM}published").endswith("+00:00")
    assert entry.findtext(f"{ATOM}updated").endswith("+00:00")
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/news/{first.slug}/")
    assert client.get("/news/feed.atom", headers={
        "If-None-Match": response.headers["ETag"]}).status_code == 304


# --- staff ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["user", "manager"])
def test_only_staff_manage_news(app, client, login_as, role):
    found = post()
    login_as(role)
    for path in ("/manage/news/", "/manage/news/new", f"/manage/news/{found.id}/edit"):
        assert client.get(path).status_code == 403
    for action in ("publish", "unpublish", "delete"):
        assert client.post(f"/manage/news/{found.id}/{action}").status_code == 403


def test_staff_write_publish_unpublish_and_delete(app, client, staff):
    response = client.post("/manage/news/new", data={
        **FORM, "image": (io.BytesIO(image("JPEG")), "zdjecie.jpg"),
        "image_alt": "Uczestniczki warsztatu"})
    assert response.status_code == 302
    found = db.session.scalar(select(NewsPost))
    assert (found.slug, found.published_at, found.author_id) == ("nowy-poradnik", None,
                                                                  staff.id)
    client.post(f"/manage/news/{found.id}/publish")
    db.session.expire_all()
    assert db.session.get(NewsPost, found.id).published_at is not None
    page = client.get(f"/news/{found.slug}/").get_data(as_text=True)
    assert 'alt="Uczestniczki warsztatu"' in page
    client.post(f"/manage/news/{found.id}/unpublish")
    db.session.expire_all()
    assert db.session.get(NewsPost, found.id).published_at is None
    client.post(f"/manage/news/{found.id}/delete")
    db.session.expire_all()
    assert db.session.get(NewsPost, found.id) is None


def test_deleting_the_authors_account_keeps_the_post_without_the_author(app, user_factory):
    author = user_factory(role="staff")
    found = post(author=author)
    delete_account(author)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(NewsPost, found.id).author_id is None
