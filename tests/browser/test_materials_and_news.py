"""A visitor browses the library (search, a filter, a material) and the news (a post) in
Polish and English, at 360 and 320 px and on a desktop; staff write a post with an image
and its alt text. axe finds nothing on any page and nothing scrolls sideways."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.extensions import db
from consult.library import services as library
from consult.library.models import LibraryMaterial
from consult.news import services as news
from consult.news.models import NewsPost

from .axe import check_page
from .signing_in import sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PHONE = {"width": 360, "height": 640}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
VIEWS = [pytest.param(PHONE, "pl", id="phone-pl"), pytest.param(PHONE, "en", id="phone-en"),
         pytest.param(NARROW, "pl", id="320-pl"), pytest.param(NARROW, "en", id="320-en"),
         pytest.param(DESKTOP, "pl", id="desktop-pl"), pytest.param(DESKTOP, "en",
                                                                     id="desktop-en")]



def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def content(live_app):
    with live_app.app_context():
        common = dict(authors="Anna Nowak", year=2023, language="pl", project_id=None,
                      accessible=True, accessibility_note="", published=True)
        library.save_material(LibraryMaterial(), title="Poradnik współpracy z organizacjami",
                              type="guide", url="", tags="współpraca, JST",
                              upload=("poradnik.pdf", PDF), **common)
        library.save_material(LibraryMaterial(), title="Nagranie konferencji",
                              type="recording", url="https://example.org/nagranie",
                              tags="konferencja", **common)
        post = news.save_post(NewsPost(), title="Ruszają szkolenia", project_id=None,
                              lead="Zapraszamy urzędników i urzędniczki.",
                              body="Zapisy **trwają**.", image=png(),
                              image_alt="Sala szkoleniowa w Płońsku")
        news.publish(post)
        db.session.commit()


def choose_language(page, language) -> None:
    if language == "en":
        page.locator("header button[name=language][value=en]").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize(("viewport", "language"), VIEWS)
def test_a_visitor_browses_materials_and_news(new_context, live_server, content, viewport,
                                              language):
    base = live_server
    page = new_context(viewport=viewport).new_page()
    page.goto(f"{base}/")
    choose_language(page, language)
    expect(page.locator("#home-news-list")).to_contain_text("Ruszają szkolenia")
    page.locator('footer a[href="/materials/"]').click()
    expect(page.locator("#materials .library-item")).to_have_count(2)
    check_page(page, viewport)
    page.locator("#q").fill("wspolpraca")
    page.locator("#material-filters button[type=submit]").click()
    expect(page.locator("#materials .library-item")).to_have_count(1)
    page.locator("#type").select_option("recording")
    page.locator("#q").fill("")
    page.locator("#material-filters button[type=submit]").click()
    expect(page.locator("#materials .library-item")).to_have_count(1)
    expect(page.locator("#materials")).to_contain_text("Nagranie konferencji")
    check_page(page, viewport)
    page.goto(f"{base}/materials/")
    page.locator("#materials a", has_text="Poradnik").click()
    expect(page.locator("h1")).to_have_text("Poradnik współpracy z organizacjami")
    expect(page.locator("#material-download")).to_be_visible()
    check_page(page, viewport)
    page.locator(".tag-list a", has_text="JST").click()
    expect(page.locator("#tag-filter")).to_contain_text("JST")
    expect(page.locator("#materials .library-item")).to_have_count(1)
    check_page(page, viewport)

    page.locator('footer a[href="/news/"]').click()
    expect(page.locator("#posts .news-item")).to_have_count(1)
    check_page(page, viewport)
    page.locator("#posts a", has_text="Ruszają szkolenia").click()
    expect(page.locator(".prose strong")).to_have_text("trwają")
    expect(page.locator("img.news-image")).to_have_attribute("alt", "Sala szkoleniowa w Płońsku")
    check_page(page, viewport)


def test_staff_write_a_post_with_an_image_and_its_alt_text(new_context, live_server,
                                                           live_app, user_factory, tmp_path):
    base = live_server
    user_factory(role=STAFF, email="staff@example.org")
    page = new_context(viewport=DESKTOP).new_page()
    sign_in(page, base, "staff@example.org")
    page.goto(f"{base}/manage/news/new")
    check_page(page, DESKTOP)
    image = tmp_path / "sala.png"
    image.write_bytes(png())
    page.locator("#title").fill("Relacja ze szkolenia")
    page.locator("#body").fill("Dziękujemy za **udział**.")
    page.locator("#image").set_input_files(str(image))
    page.locator("#post-form button[type=submit]").click()
    expect(page.locator("#image_alt-error")).to_be_visible()
    expect(page.locator("#title")).to_have_value("Relacja ze szkolenia")
    check_page(page, DESKTOP)
    page.locator("#image").set_input_files(str(image))
    page.locator("#image_alt").fill("Uczestniczki przy stole")
    page.locator("#post-form button[type=submit]").click()
    expect(page.locator("#posts-table")).to_contain_text("Relacja ze szkolenia")
    page.locator("#posts-table form[action$='/publish'] button").click()
    expect(page.locator("#posts-table form[action$='/unpublish']")).to_have_count(1)
    page.goto(f"{base}/news/relacja-ze-szkolenia/")
    expect(page.locator("img.news-image")).to_have_attribute("alt", "Uczestniczki przy stole")
    check_page(page, DESKTOP)
