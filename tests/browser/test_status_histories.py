"""The status histories staff read (an event, comments, a network member), on a desktop and
on a phone: axe with the histories open, two comments' histories on one page."""

import pytest
from playwright.sync_api import expect

from consult.auth.models import STAFF
from consult.consultations import services as consultations
from consult.events import lifecycle
from consult.events.models import EventStatus
from consult.extensions import db
from consult.network import services as network
from consult.network.models import MemberStatus
from tests.consultations.conftest import comment_on
from tests.network.conftest import member_factory  # noqa: F401 - the fixture

from .axe import assert_accessible
from .signing_in import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 360])
def test_staff_read_the_status_histories(
        new_context, live_server, event_factory, consultation_factory, user_factory,
        member_factory, width):  # noqa: F811 - the fixture imported above
    staff = user_factory(role=STAFF, email="staff@example.org", full_name="Anna Organizatorka")
    event = event_factory(status=EventStatus.DRAFT)
    lifecycle.publish(event, staff)
    consultation = consultation_factory()
    for body in ("Pierwsza uwaga.", "Druga uwaga."):
        consultations.hide_comment(comment_on(consultation, user_factory(), body=body), staff,
                                   "Narusza regulamin.")
    member = member_factory(status=MemberStatus.PENDING)
    network.approve(member, by=staff)
    db.session.commit()
    base = live_server
    page = new_context(viewport={"width": width, "height": 800},
                       locale="en-GB").new_page()
    sign_in(page, base, staff.email)

    page.goto(f"{base}/manage/events/{event.id}/")
    expect(page.locator("#event-history")).to_contain_text("Anna Organizatorka")
    assert_accessible(page)

    page.goto(f"{base}/manage/consultations/{consultation.id}/comments")
    for summary in page.locator("details.status-history summary").all():
        summary.click()
    expect(page.locator("details.status-history[open]")).to_have_count(2)
    assert_accessible(page)

    page.goto(f"{base}/manage/network/members/{member.id}")
    expect(page.locator("#member-status-history")).to_contain_text("Anna Organizatorka")
    assert_accessible(page)
