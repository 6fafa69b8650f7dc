"""An official joins with an address in the institution's domain, confirms it through the
captured e-mail and appears in the directory; another with a private address waits for
staff; a visitor finds the first by typing the name without Polish letters; the vCard holds
only the public fields. axe on every page, and on every network page for staff."""

import re

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.extensions import db
from consult.institutions.models import COUNTY, URBAN_GMINA
from consult.network.models import Member, MemberStatus
from tests.conftest import text_of
from tests.network.conftest import member_factory as member_factory_fixture  # noqa: F401

from .axe import assert_accessible
from .signing_in import sign_in
from .test_events_pages import check_both_languages

pytestmark = pytest.mark.browser

PHONE = "+48 23 662 26 51"


@pytest.fixture
def world(live_app, user_factory, institution_factory, event_factory):
    county = institution_factory(teryt="1420", name="płoński", kind=COUNTY)
    institution_factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA, domains="plonsk.pl",
                        parent=county)
    user_factory(full_name="Maria Łęcka", email="maria@example.org")
    user_factory(full_name="Jan Prywatny", email="jan@example.org")
    user_factory(role=STAFF, email="staff@example.org")
    event_factory(title="Spotkanie sieci urzędników", type="network_meeting")


def join(page, base, work_email, phone_visibility="public"):
    page.goto(base + "/network/join")
    assert_accessible(page)
    page.locator("input[name=institution_q]").fill("plonsk")
    page.locator("button[name=find]").click()
    page.locator("input[name=institution]").first.check()
    assert_accessible(page)
    page.locator("input[name=position]").fill("inspektorka ds. współpracy z NGO")
    page.locator("input[name=work_email]").fill(work_email)
    page.locator("input[name=work_phone]").fill(PHONE)
    for shown in ("full_name", "position"):  # the form proposes "members only"
        page.locator(f"input[name={shown}_visibility][value=public]").check()
    page.locator(f"input[name=work_phone_visibility][value={phone_visibility}]").check()
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]:not([name=find])").last.click()


def unfold(vcard: str) -> list[str]:
    return re.sub(r"\r\n[ \t]", "", vcard).split("\r\n")


def test_join_verify_find_and_vcard(page, new_context, live_server, live_app, world, mailbox):
    base = live_server
    sign_in(page, base, "maria@example.org")
    join(page, base, "maria.lecka@plonsk.pl", phone_visibility="staff")
    expect(page.locator("h1")).to_contain_text("skrzynkę")
    assert_accessible(page)

    link = re.search(r"https?://\S+/network/verify/\S+", text_of(
        mailbox.last_to("maria.lecka@plonsk.pl"))).group(0)
    page.goto(link)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Maria Łęcka")
    member_url = page.url
    page.goto(base + "/network/me")  # her own entry: status, preview, the edit form
    assert_accessible(page)
    page.goto(base + "/network/me/leave")
    assert_accessible(page)

    other = new_context().new_page()
    sign_in(other, base, "jan@example.org")
    join(other, base, "jan.prywatny@gmail.com")
    assert_accessible(other)
    with live_app.app_context():
        jan = db.session.scalar(db.select(Member).where(Member.full_name == "Jan Prywatny"))
        assert jan.status == MemberStatus.PENDING

    visitor = new_context().new_page()
    visitor.goto(base + "/network/")
    assert_accessible(visitor)
    visitor.locator("input[name=q]").fill("lecka")
    visitor.locator("form[role=search] button[type=submit], main form[method=get] button"
                    ).first.click()
    expect(visitor.locator("main")).to_contain_text("Maria Łęcka")
    expect(visitor.locator("main")).not_to_contain_text("Jan Prywatny")
    expect(visitor.locator("main")).not_to_contain_text(PHONE)
    assert_accessible(visitor)
    visitor.goto(member_url)
    assert_accessible(visitor)

    response = visitor.request.get(member_url + "/vcard.vcf")
    assert response.status == 200 and response.headers["content-type"].startswith("text/vcard")
    lines = unfold(response.text())
    assert lines[0] == "BEGIN:VCARD" and "VERSION:3.0" in lines
    assert "FN:Maria Łęcka" in lines
    assert not any(line.startswith(("TEL", "EMAIL")) for line in lines)  # staff / members only
    assert any(line.startswith("TITLE:") for line in lines)
    assert PHONE not in response.text()


def test_network_pages_are_accessible(page, live_server, world, request):
    base = live_server
    member_factory = request.getfixturevalue("member_factory_fixture")
    approved = member_factory(full_name="Anna Koordynatorka", is_coordinator=True, user=None,
                              topics=["Wolontariat"])
    waiting = member_factory(full_name="Piotr Czekający", status=MemberStatus.PENDING, user=None)
    for path in ("/network/", "/network/?q=anna", f"/network/{approved.id}",
                 "/network/coverage", f"/network/announcements/unsubscribe/"
                 f"{approved.announcements_token}"):
        check_both_languages(page, base + path)

    sign_in(page, base, "staff@example.org")
    for path in ("/manage/network/", "/manage/network/members",
                 f"/manage/network/members/{approved.id}",
                 f"/manage/network/members/{waiting.id}/reject", "/manage/network/topics",
                 "/manage/network/announcements", "/manage/network/coverage"):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert_accessible(page)
    # A rejection without a reason: the error next to the field.
    page.goto(f"{base}/manage/network/members/{waiting.id}/reject")
    page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page.locator(".field-error").first).to_be_visible()
    assert_accessible(page)
