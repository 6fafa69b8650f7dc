"""Who may open what: every route of the URL map, as every role.

A new route must be classified in EXPECTED below, or test_every_endpoint_is_classified fails.
"""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from consult.account import services as account_services
from consult.auth import services as auth_services
from consult.auth.models import ADMIN, MANAGER, STAFF, USER, User
from consult.core.mail import FAILED, QUEUED, OutboxMessage, queue_mail
from consult.core.timeutil import utcnow
from consult.events import services as events
from consult.events.models import PUBLISHED, Event, FundingProject, Question, Registration
from consult.extensions import db
from consult.institutions.models import Organisation

PASSWORD = "Zielony-Tramwaj-Pod-Mostem-42"

# Outcomes besides a plain status code.
LOGIN = "302 to sign-in"  # 302 to /auth/login?next=<the page asked for>
ONWARD = "302 to a page of this site"  # 302 with a local Location (not the sign-in page)

ROLES = (None, USER, MANAGER, STAFF, ADMIN)  # None: an anonymous visitor


def access(anonymous, user, manager, staff, admin) -> dict:
    return dict(zip(ROLES, (anonymous, user, manager, staff, admin), strict=True))


# Access classes.
PUBLIC = access(200, 200, 200, 200, 200)
# Links from e-mails; opened with a real token (a bad one gives 400, tested below).
EMAIL_LINK = access(200, 200, 200, 200, 200)
# Sign-in and sign-up forms: a visitor who is already signed in is sent on.
GUESTS = access(200, ONWARD, ONWARD, ONWARD, ONWARD)
# POST-only actions anyone may take (sign out, choose the language).
ANYONE_ACTION = access(ONWARD, ONWARD, ONWARD, ONWARD, ONWARD)
SIGNED_IN = access(LOGIN, 200, 200, 200, 200)
MANAGERS = access(LOGIN, 403, 200, 200, 200)
STAFF_ONLY = access(LOGIN, 403, 403, 200, 200)
STAFF_ACTION = access(LOGIN, 403, 403, ONWARD, ONWARD)  # POST-only, changes state

EXPECTED: dict[str, dict] = {
    "pages.home": PUBLIC,
    "pages.about": PUBLIC,
    "pages.accessibility": PUBLIC,
    "pages.privacy": PUBLIC,
    "pages.healthz": PUBLIC,
    "pages.set_language": ANYONE_ACTION,
    "auth.register": GUESTS,
    "auth.login": GUESTS,
    "auth.logout": ANYONE_ACTION,
    "auth.reset_request": PUBLIC,
    "auth.verify_email": EMAIL_LINK,
    "auth.reset_password": EMAIL_LINK,
    "account.confirm_email": EMAIL_LINK,
    "account.profile": SIGNED_IN,
    "account.change_email": SIGNED_IN,
    "account.change_password": SIGNED_IN,
    "account.export": SIGNED_IN,
    "account.delete": SIGNED_IN,
    "manage.dashboard": MANAGERS,
    "manage.outbox": STAFF_ONLY,
    "manage.outbox_message": STAFF_ONLY,
    "manage.outbox_message_html": STAFF_ONLY,
    "manage.outbox_retry": STAFF_ACTION,
    "manage.users": STAFF_ONLY,
    "manage.user": STAFF_ONLY,
    "manage.institutions": STAFF_ONLY,
    "manage.institution": STAFF_ONLY,
    "manage.organisations": STAFF_ONLY,
    "manage.organisation": STAFF_ONLY,
    "manage.accessibility": STAFF_ONLY,
    "events.index": PUBLIC,
    "events.detail": PUBLIC,
    "events.register": PUBLIC,
    "events.resend": PUBLIC,  # POST-only; says the same whether or not the address is there
    "events.event_calendar": PUBLIC,
    "events.feed": PUBLIC,
    "events.embed": PUBLIC,
    "events.registration": EMAIL_LINK,
    "events.registration_json": EMAIL_LINK,
    "events.registration_calendar": EMAIL_LINK,
    "events.cancel": EMAIL_LINK,
    "events.confirm": ANYONE_ACTION,  # POST-only, with the registrant's token
    "events.evaluation": EMAIL_LINK,
    "api.events": PUBLIC,
    "api.event": PUBLIC,
    "api.openapi": PUBLIC,
    "events_manage.index": STAFF_ONLY,
    "events_manage.overview": STAFF_ONLY,
    "events_manage.new": STAFF_ONLY,
    "events_manage.edit": STAFF_ONLY,
    "events_manage.publish": STAFF_ACTION,
    "events_manage.cancel": STAFF_ONLY,
    "events_manage.duplicate": STAFF_ONLY,
    "events_manage.questions": STAFF_ONLY,
    "events_manage.question_delete": STAFF_ONLY,
    "events_manage.projects": STAFF_ONLY,
    "events_manage.project_new": STAFF_ONLY,
    "events_manage.project_edit": STAFF_ONLY,
    "events_manage.registrations": STAFF_ONLY,
    "events_manage.registration": STAFF_ONLY,
    "events_manage.registration_add": STAFF_ONLY,
    "events_manage.registration_approve": STAFF_ACTION,
    "events_manage.registration_reject": STAFF_ACTION,
    "events_manage.registration_cancel": STAFF_ACTION,
    "events_manage.registration_move": STAFF_ACTION,
    "events_manage.message": STAFF_ONLY,
    "events_manage.export_csv": STAFF_ONLY,
    "events_manage.export_xlsx": STAFF_ONLY,
    "events_manage.attendance_pdf": STAFF_ONLY,
    "events_manage.checkin": STAFF_ONLY,
    # POST-only; without the day and the choice it is a bad request, for staff too.
    "events_manage.checkin_toggle": access(LOGIN, 403, 403, 400, 400),
    "events_manage.checkin_scan": STAFF_ONLY,
    "events_manage.impact": STAFF_ONLY,
    "events_manage.impact_csv": STAFF_ONLY,
    "events_manage.evaluation": STAFF_ONLY,
    "events_manage.thank_you": STAFF_ACTION,
    "events_manage.embed_snippet": STAFF_ONLY,
}


# --- URL parameters -------------------------------------------------------------------


class World:
    """Objects that URL parameters point at, made on first use."""

    def __init__(self, app: Flask, user_factory, institution_factory):
        self.app = app
        self.user_factory = user_factory
        self.institution_factory = institution_factory
        self.cache: dict = {}

    def value(self, endpoint: str, argument: str):
        key = (endpoint, argument) if argument == "token" else argument
        if key not in self.cache:
            if argument not in ARGUMENTS:
                raise LookupError(f"no factory for URL argument {argument!r} of {endpoint}")
            self.cache[key] = ARGUMENTS[argument](self, endpoint)
        return self.cache[key]


def _outbox_message(world: World, endpoint: str) -> int:
    person = world.user_factory()
    with world.app.test_request_context():
        message = queue_mail(
            person.email, "Wiadomość testowa", "auth/verify",
            user=person, url="https://example.org/x", hours=72,
        )
        message.status = FAILED  # so that "send again" makes sense
        db.session.commit()
    return message.id


def _token_from_outbox(recipient: str, path_prefix: str) -> str:
    message = db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None, f"no mail to {recipient}"
    found = re.search(re.escape(path_prefix) + r"([A-Za-z0-9_.\-]+)", message.text_body)
    assert found, f"no {path_prefix} link in the mail to {recipient}"
    return found.group(1)


def _verify_token(world: World, endpoint: str) -> str:
    person = world.user_factory(verified=False)
    with world.app.test_request_context():
        auth_services.send_verification(person)
        db.session.commit()
    return _token_from_outbox(person.email, "/auth/verify/")


def _reset_token(world: World, endpoint: str) -> str:
    person = world.user_factory()
    with world.app.test_request_context():
        auth_services.request_password_reset(person.email)
        db.session.commit()
    return _token_from_outbox(person.email, "/auth/reset/")


def _email_change_token(world: World, endpoint: str) -> str:
    person = world.user_factory()
    new_email = f"new-{person.id}@example.org"
    with world.app.test_request_context():
        account_services.request_email_change(person, new_email)
        db.session.commit()
    return _token_from_outbox(new_email, "/account/email/confirm/")


def _event(world: World, endpoint: str, **fields) -> Event:
    n = len(world.cache) + 1
    starts_at = utcnow().replace(microsecond=0) + timedelta(days=7)
    event = Event(slug=f"szkolenie-{n}", title=f"Szkolenie {n}", type="training",
                  starts_at=starts_at, ends_at=starts_at + timedelta(hours=5), capacity=10,
                  status=PUBLISHED, questions=[Question(label="Pytanie")], **fields)
    db.session.add(event)
    db.session.commit()
    return event


def _registration(world: World, event: Event) -> Registration:
    n = len(world.cache) + 1
    with world.app.test_request_context():
        registration = events.register(event, events.RegistrationData(
            full_name=f"Uczestnik {n}", email=f"uczestnik{n}@example.org", category="ngo",
            organisation="Fundacja"), staff=object())
        db.session.commit()
    return registration


def _registration_token(world: World, endpoint: str) -> str:
    return _registration(world, _event(world, endpoint)).token


def _registration_id(world: World, endpoint: str) -> int:
    event = db.session.get(Event, world.value(endpoint, "event_id"))
    return _registration(world, event).id


def _checkin_code(world: World, endpoint: str) -> str:
    return _registration(world, _event(world, endpoint)).checkin_code


def _question_id(world: World, endpoint: str) -> int:
    return db.session.get(Event, world.value(endpoint, "event_id")).questions[0].id


def _project_id(world: World, endpoint: str) -> int:
    project = FundingProject(name="Aktywni Obywatele", notice="Dofinansowano z Funduszy EOG.")
    db.session.add(project)
    db.session.commit()
    return project.id


TOKENS = {
    "auth.verify_email": _verify_token,
    "auth.reset_password": _reset_token,
    "account.confirm_email": _email_change_token,
    "events.registration": _registration_token,
    "events.registration_json": _registration_token,
    "events.registration_calendar": _registration_token,
    "events.cancel": _registration_token,
    "events.confirm": _registration_token,
    "events.evaluation": _registration_token,
}
# Links with a registrant's token are random strings, not signed: a wrong one is a 404.
SIGNED_TOKENS = ("auth.verify_email", "auth.reset_password", "account.confirm_email")


def _token(world: World, endpoint: str) -> str:
    if endpoint not in TOKENS:
        raise LookupError(f"no token factory for {endpoint}: add one to TOKENS")
    return TOKENS[endpoint](world, endpoint)


def _organisation(world: World, endpoint: str) -> int:
    org = Organisation(name="Fundacja Przykładowa", krs="0000123456")
    db.session.add(org)
    db.session.commit()
    return org.id


ARGUMENTS = {
    "user_id": lambda world, endpoint: world.user_factory().id,
    "institution_id": lambda world, endpoint: world.institution_factory(
        teryt="1465011", name="Warszawa"
    ).id,
    "organisation_id": _organisation,
    "message_id": _outbox_message,
    "token": _token,
    "event_id": lambda world, endpoint: _event(world, endpoint).id,
    "slug": lambda world, endpoint: _event(world, endpoint).slug,
    "registration_id": _registration_id,
    "question_id": _question_id,
    "project_id": _project_id,
    "code": _checkin_code,
}


# --- helpers ----------------------------------------------------------------------------


def signed_in_client(app: Flask, user: User | None):
    client = app.test_client()
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


def outcome_problem(response, expected, path: str) -> str | None:
    """Why the response is not the expected outcome, or None."""
    location = response.headers.get("Location", "")
    if expected == LOGIN:
        if response.status_code != 302:
            return f"expected 302 to sign-in, got {response.status_code}"
        parts = urlsplit(location)
        if parts.netloc or parts.path != "/auth/login":
            return f"expected a redirect to /auth/login, got {location!r}"
        if parse_qs(parts.query).get("next") != [path]:
            return f"expected next={path!r} in {location!r}"
        return None
    if expected == ONWARD:
        if response.status_code != 302:
            return f"expected 302, got {response.status_code}"
        if not location.startswith("/") or location.startswith("//"):
            return f"expected a local redirect, got {location!r}"
        if urlsplit(location).path == "/auth/login":
            return f"expected a redirect onward, not to sign-in: {location!r}"
        return None
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    if expected == 403 and not in_layout(response.get_data(as_text=True)):
        return "the 403 page is not in the site layout"
    return None


def in_layout(body: str) -> bool:
    return 'class="site-header"' in body and 'class="site-footer"' in body


def routes(app: Flask):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


# --- tests ----------------------------------------------------------------------------------


def test_every_endpoint_is_classified(app):
    endpoints = {rule.endpoint for rule in routes(app)}
    unclassified = sorted(endpoints - EXPECTED.keys())
    assert not unclassified, f"add these endpoints to EXPECTED: {unclassified}"
    stale = sorted(EXPECTED.keys() - endpoints)
    assert not stale, f"EXPECTED names endpoints that no longer exist: {stale}"


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "anonymous")
def test_every_route_as_role(app, role, user_factory, institution_factory):
    world = World(app, user_factory, institution_factory)
    if role == MANAGER:
        person = user_factory(role=MANAGER, institutions=[institution_factory()])
    elif role is not None:
        person = user_factory(role=role)
    else:
        person = None
    adapter = app.url_map.bind("localhost")

    problems = []
    checked = 0
    for rule in routes(app):
        label = f"{rule.rule} ({rule.endpoint})"
        if rule.endpoint not in EXPECTED:
            problems.append(f"{label}: not classified in EXPECTED")
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        values = {arg: world.value(rule.endpoint, arg) for arg in sorted(rule.arguments)}
        path = adapter.build(rule.endpoint, values, method=method)
        assert adapter.match(path, method=method, return_rule=True)[0] is rule, path

        client = signed_in_client(app, person)
        response = client.open(path, method=method)
        problem = outcome_problem(response, EXPECTED[rule.endpoint][role], path)
        if problem:
            problems.append(f"{method} {path} ({rule.endpoint}): {problem}")
        checked += 1

    assert checked == len(routes(app))
    assert not problems, f"as {role or 'anonymous'}:\n" + "\n".join(problems)


@pytest.mark.parametrize("endpoint", sorted(SIGNED_TOKENS))
def test_email_links_with_a_bad_token_show_the_invalid_link_page(app, client, endpoint,
                                                                 user_factory,
                                                                 institution_factory):
    world = World(app, user_factory, institution_factory)
    own = world.value(endpoint, "token")
    tampered = own[:-3] + ("abc" if not own.endswith("abc") else "xyz")
    # Real tokens made for another kind of link must not open this one.
    other_purposes = [world.value(other, "token") for other in SIGNED_TOKENS if other != endpoint]
    client.set_cookie("lang", "en")
    adapter = app.url_map.bind("localhost")
    assert client.get(adapter.build(endpoint, {"token": own})).status_code == 200  # control
    for token in ("not-a-token", tampered, *other_purposes):
        path = adapter.build(endpoint, {"token": token})
        response = client.get(path)
        assert response.status_code == 400, path
        body = response.get_data(as_text=True)
        assert in_layout(body), path
        assert "The link is incomplete or has already been used." in body, path


def test_outbox_retry_is_refused_to_non_staff_and_changes_nothing(app, user_factory,
                                                                 institution_factory):
    world = World(app, user_factory, institution_factory)
    message_id = world.value("manage.outbox_retry", "message_id")
    path = f"/manage/outbox/{message_id}/retry"

    def status():
        db.session.expire_all()
        return db.session.get(OutboxMessage, message_id).status

    manager = user_factory(role=MANAGER, institutions=[institution_factory()])
    for person, expected in ((None, LOGIN), (user_factory(), 403), (manager, 403)):
        response = signed_in_client(app, person).post(path)
        assert outcome_problem(response, expected, path) is None
        assert status() == FAILED

    response = signed_in_client(app, user_factory(role=STAFF)).post(path)
    assert response.status_code == 302
    assert status() == QUEUED


def test_sign_out_and_language_are_posts_that_work_for_anyone(app, user_factory):
    person = user_factory()
    client = signed_in_client(app, person)
    assert client.get("/account").status_code == 200
    assert client.get("/auth/logout").status_code == 405  # a link cannot sign anyone out
    assert client.get("/account").status_code == 200
    response = client.post("/auth/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account").status_code == 302

    assert '<html lang="pl">' in client.get("/about").get_data(as_text=True)
    response = client.post("/language", data={"language": "en", "next": "/about"})
    assert response.status_code == 302 and response.headers["Location"] == "/about"
    assert '<html lang="en">' in client.get("/about").get_data(as_text=True)


def _role_of(user_id: int) -> str:
    db.session.expire_all()
    return db.session.get(User, user_id).role


@pytest.mark.parametrize(
    ("target_role", "new_role"),
    [(USER, ADMIN), (USER, STAFF), (STAFF, ADMIN), (STAFF, USER), (ADMIN, USER)],
)
def test_staff_cannot_give_or_take_privileged_roles(app, client, login_as, user_factory,
                                                    target_role, new_role):
    login_as(STAFF)
    target = user_factory(role=target_role)
    client.set_cookie("lang", "en")
    response = client.post(
        f"/manage/users/{target.id}", data={"role": new_role, "institutions": ""}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "Only an administrator can give or take this role." in response.get_data(as_text=True)
    assert _role_of(target.id) == target_role


def test_staff_can_make_institution_managers(app, client, login_as, user_factory,
                                            institution_factory):
    """The control for the test above: the same form works for a change staff may make."""
    login_as(STAFF)
    inst = institution_factory(teryt="1465011", name="Warszawa")
    target = user_factory()
    response = client.post(
        f"/manage/users/{target.id}", data={"role": MANAGER, "institutions": inst.teryt}
    )
    assert response.status_code == 302
    assert _role_of(target.id) == MANAGER


def test_admin_can_give_the_staff_role(app, client, login_as, user_factory):
    login_as(ADMIN)
    target = user_factory()
    response = client.post(f"/manage/users/{target.id}", data={"role": STAFF, "institutions": ""})
    assert response.status_code == 302
    assert _role_of(target.id) == STAFF


def test_nobody_changes_their_own_role(app, client, login_as):
    me = login_as(ADMIN)
    response = client.post(f"/manage/users/{me.id}", data={"role": USER, "institutions": ""})
    assert response.status_code == 200
    assert _role_of(me.id) == ADMIN


def test_manager_dashboard_shows_only_their_institutions(app, client, login_as,
                                                         institution_factory, user_factory):
    mine = institution_factory(teryt="1420011", name="Płońsk")
    other = institution_factory(teryt="1465011", name="Warszawa")
    user_factory(role=MANAGER, institutions=[other])  # someone else manages Warszawa
    login_as(MANAGER, institutions=[mine])

    client.set_cookie("lang", "en")
    response = client.get("/manage/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Płońsk" in body and "1420011" in body
    assert "Warszawa" not in body and "1465011" not in body
    # No way into the staff-only pages from there.
    assert 'href="/manage/users"' not in body
    assert 'href="/manage/outbox"' not in body


def test_staff_dashboard_links_to_staff_pages(app, client, login_as):
    login_as(STAFF)
    body = client.get("/manage/").get_data(as_text=True)
    assert 'href="/manage/users"' in body


def test_session_ends_when_the_password_changes_elsewhere(app, client, login_as):
    me = login_as(USER, password=PASSWORD)
    assert client.get("/account").status_code == 200

    me.set_password("Inne-Haslo-Na-Innym-Urzadzeniu-7")  # e.g. a reset from another device
    db.session.commit()

    response = client.get("/account")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/auth/login"
    client.set_cookie("lang", "en")
    home = client.get("/").get_data(as_text=True)
    assert "My account" not in home and 'href="/auth/register"' in home


def test_a_session_survives_when_nothing_changed(app, client, login_as):
    """The control for the test above."""
    login_as(USER)
    client.get("/account")
    assert client.get("/account").status_code == 200
