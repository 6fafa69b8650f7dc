"""Open redirects: every parameter that says where to go next.

Sign-in and the language switch with the baseline's list of targets are in
tests/test_security_baseline.py; here are more tricks (a tab or a newline inside, which
browsers drop; a backslash; userinfo) for those, and every other `next` there is: the
staff decisions on registrations and on network requests. Plus the links in e-mails, which
must not follow a forged Host header.
"""

import re
import secrets
from html import unescape as html_unescape
from urllib.parse import urlsplit

import pytest

from consult.auth.models import STAFF
from consult.core.mail import OutboxMessage
from consult.events.models import RegistrationStatus
from consult.extensions import db
from consult.network.models import Member, MemberStatus
from tests.events.conftest import add
from tests.security.conftest import rows, signed_in
from tests.test_security_baseline import EVIL_NEXT, PASSWORD

TARGETS = EVIL_NEXT + [
    "//evil.example/%2e%2e",
    "///evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "https:evil.example",
    "//localhost@evil.example",
    "https://localhost.evil.example/",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "%2F%2Fevil.example",
]


def stays_on_site(location: str) -> bool:
    """A path of this site, or an absolute URL of this very host (Werkzeug's own slash
    redirects). Never another host, never a scheme that runs script."""
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.scheme in ("http", "https") and parts.netloc == "localhost"
    return (location.startswith("/") and not location.startswith("//")
            and "\\" not in location and not any(ord(ch) < 33 for ch in location))


def assert_stays(response, what: str) -> None:
    assert response.status_code in (301, 302, 303, 307, 308), (what, response.status_code)
    location = response.headers["Location"]
    assert stays_on_site(location), f"{what}: redirected to {location!r}"


@pytest.mark.parametrize("target", TARGETS)
def test_sign_in_and_language_switch_stay_on_site(app, user_factory, target):
    person = user_factory(password=PASSWORD)
    client = signed_in(app)
    assert_stays(client.post("/language", data={"language": "en", "next": target}),
                 "language switch")
    assert_stays(client.post("/auth/login", query_string={"next": target},
                             data={"email": person.email, "password": PASSWORD}),
                 "sign-in, next in the query")
    assert_stays(client.get("/auth/login", query_string={"next": target}),
                 "the sign-in page when signed in already")
    fresh = signed_in(app)
    assert_stays(fresh.post("/auth/login", data={"email": person.email, "password": PASSWORD,
                                                 "next": target}),
                 "sign-in, next in the form")


@pytest.mark.parametrize("target", TARGETS)
def test_staff_decisions_on_registrations_stay_on_site(app, event_factory, user_factory,
                                                       target):
    """approve / reject / cancel / move carry a `next` back to the filtered list.

    Cancelling is a confirmation page (GET) whose form requires a reason (POST): the page
    never carries a foreign `next` into its form or its "back" link."""
    staff = signed_in(app, user_factory(role=STAFF))
    event = event_factory(requires_approval=True)
    other = event_factory(title="Inne szkolenie")
    actions = {"approve": {}, "reject": {"reason": ""}, "move": {"target_event": str(other.id)},
               "cancel": {"reason": "Szkolenie jest tylko dla urzędników."}}
    for n, (action, data) in enumerate(actions.items()):
        registration = add(event, f"Osoba {n}", f"osoba{n}@example.org", guest=True)
        registration.status = RegistrationStatus.PENDING
        registration.email_confirmed_at = registration.created_at
        db.session.commit()
        path = f"/manage/events/{event.id}/registrations/{registration.id}/{action}"
        if action == "cancel":
            page = staff.get(path, query_string={"next": target})
            assert page.status_code == 200
            html = page.get_data(as_text=True)
            form = html[html.index('<form method="post" novalidate class="form">'):]
            form = form[:form.index("</form>")]
            carried = re.findall(r'name="next" value="([^"]*)"|<a href="([^"]*)"', form)
            assert carried, "the confirmation page has its form and its back link"
            for value in (html_unescape(v) for pair in carried for v in pair if v):
                assert stays_on_site(value), f"cancel page: carries {value!r}"
        assert_stays(staff.post(path, data={**data, "next": target}), action)


@pytest.mark.parametrize("target", TARGETS)
def test_staff_decisions_on_network_requests_stay_on_site(app, user_factory,
                                                          institution_factory, target):
    staff = signed_in(app, user_factory(role=STAFF))
    institution = institution_factory()
    members = []
    for n in (1, 2):
        member = Member(user_id=user_factory().id, institution=institution,
                        full_name=f"Urzędnik {n}", work_email=f"u{n}@example.org",
                        status=MemberStatus.PENDING, announcements_token=secrets.token_urlsafe(32))
        db.session.add(member)
        members.append(member)
    db.session.commit()
    assert_stays(staff.post(f"/manage/network/members/{members[0].id}/approve",
                            data={"next": target}), "approve")
    assert_stays(staff.post(f"/manage/network/members/{members[1].id}/reject",
                            data={"reason": "Nie pracuje w urzędzie.", "next": target}),
                 "reject")


@pytest.mark.parametrize("path", ["/events", "/consultations", "/network/me/", "/manage"])
def test_slash_redirects_stay_on_this_host(app, path):
    response = signed_in(app).get(path, headers={"Host": "localhost"})
    if response.status_code in (301, 302, 308):
        assert_stays(response, path)


def test_links_in_mail_ignore_a_forged_host_header(app, user_factory, mailbox):
    """Password-reset poisoning: the link is built from BASE_URL, not from the request."""
    person = user_factory()
    response = signed_in(app).post("/auth/reset", data={"email": person.email},
                                   headers={"Host": "evil.example",
                                            "X-Forwarded-Host": "evil.example"})
    assert response.status_code == 200
    [message] = rows(OutboxMessage, OutboxMessage.recipient == person.email)
    assert "evil.example" not in message.text_body + message.html_body
    assert app.config["BASE_URL"] in message.text_body
