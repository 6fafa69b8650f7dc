"""Language of parts (WCAG 3.1.2): in the English interface what people and staff wrote —
titles, descriptions, comments, profiles — is Polish and marked lang="pl", so a screen
reader reads it with a Polish voice; axe finds nothing on these pages in English. In the
Polish interface the page's own lang says it all and nothing is marked."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.consultations.models import Comment
from consult.demo import seed_demo
from consult.events.models import Event
from consult.extensions import db
from consult.network.models import Member, MemberStatus

from .axe import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_app):
    with live_app.app_context():
        seed_demo()
        event = db.session.scalars(select(Event).where(Event.description != "")
                                   .order_by(Event.starts_at.desc())).first()
        comment = db.session.scalars(select(Comment).where(Comment.status == "published")
                                     .order_by(Comment.id)).first()
        member = db.session.scalars(select(Member).where(Member.status == MemberStatus.APPROVED)
                                    .order_by(Member.id)).first()
        world = {"event": event.slug, "event_title": event.title,
                 "description": event.description.split("\n")[0][:40],
                 "consultation": comment.consultation.slug,
                 "consultation_title": comment.consultation.title,
                 "comment": comment.id, "member": member.id, "member_name": member.full_name}
        db.session.remove()
        return world


def switch_to_english(page, base):
    page.goto(base + "/")
    page.locator("header button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_polish_content_is_marked_in_the_english_interface(page, live_server, demo):
    base = live_server
    switch_to_english(page, base)

    page.goto(f"{base}/events/{demo['event']}/")
    expect(page.locator("main h1")).to_have_attribute("lang", "pl")
    expect(page.locator("main h1")).to_have_text(demo["event_title"])
    description = page.locator("#description-heading + [lang=pl]")
    expect(description).to_contain_text(demo["description"])
    expect(page.locator("#description-heading")).not_to_have_attribute("lang", "pl")
    assert_accessible(page)

    page.goto(f"{base}/consultations/{demo['consultation']}/")
    expect(page.locator("main h1")).to_have_attribute("lang", "pl")
    expect(page.locator(f"#comment-{demo['comment']} .comment-body")).to_have_attribute(
        "lang", "pl")
    assert_accessible(page)

    page.goto(f"{base}/network/{demo['member']}")
    expect(page.locator("main h1[lang=pl]")).to_contain_text(demo["member_name"])
    assert_accessible(page)

    for path in ("/", "/events/", "/consultations/", "/network/", "/network/coverage"):
        page.goto(base + path)
        assert page.locator("main [lang=pl]").count() > 0, path
        assert_accessible(page)
    page.goto(base + "/events/")
    titles = page.locator("main .event-item h2 a")
    expect(titles.first).to_be_visible()
    expect(titles).to_have_count(page.locator("main .event-item h2 a[lang=pl]").count())


def test_nothing_is_marked_in_the_polish_interface(page, live_server, demo):
    for path in (f"/events/{demo['event']}/", f"/consultations/{demo['consultation']}/",
                 f"/network/{demo['member']}", "/events/"):
        page.goto(live_server + path)
        expect(page.locator("html")).to_have_attribute("lang", "pl")
        expect(page.locator("body [lang=pl]")).to_have_count(0)
