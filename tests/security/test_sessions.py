"""Signing out ends the sign-in on the server (issue 18, finding 3).

A copy of the session cookie or of the remember cookie (taken from a shared computer, a
backup of a browser profile, a proxy log) stops working the moment its owner signs out,
signs out everywhere else, or gets a new password; the CSRF token of a session does not
outlive it; "keep me signed in" lasts weeks, not a year.
"""

from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from consult.auth.models import User, UserSession
from consult.auth.sessions import session_key
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import PASSWORD, counted_queries
from tests.security.conftest import count, rows
from tests.test_security_baseline import InputValues, cookie_attributes, set_cookies

NEW_PASSWORD = "violet-lantern-orbits-quietly"


def browser(app: Flask):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


def sign_in(client, email: str, password: str = PASSWORD, remember: bool = False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data)
    assert response.status_code == 302, "signing in failed"
    return response


def signed_in(client) -> bool:
    status = client.get("/account").status_code
    assert status in (200, 302)
    return status == 200


def copy_of(app: Flask, client, *names: str):
    """Another browser holding copies of ``client``'s cookies ``names``."""
    thief = browser(app)
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie"
        thief.set_cookie(name, cookie.value)
    return thief


def token_in_page(client, path: str = "/account") -> str:
    return InputValues(client.get(path).get_data(as_text=True)).values["csrf_token"]


# --- sign-out --------------------------------------------------------------------------------


def test_a_copied_session_cookie_stops_working_right_after_sign_out(app, user_factory):
    person = user_factory()
    owner = browser(app)
    sign_in(owner, person.email)
    thief = copy_of(app, owner, "session")
    assert signed_in(thief)  # the copy works while the sign-in lasts ...

    assert owner.post("/auth/logout").status_code == 302

    assert not signed_in(thief)  # ... and not a moment longer
    assert not signed_in(owner)
    assert count(UserSession, UserSession.user_id == person.id) == 0


def test_a_copied_remember_cookie_stops_working_right_after_sign_out(app, user_factory):
    person = user_factory()
    owner = browser(app)
    response = sign_in(owner, person.email, remember=True)
    assert set_cookies(response, "remember_token")
    only_remember = copy_of(app, owner, "remember_token")  # a browser opened afresh
    both = copy_of(app, owner, "session", "remember_token")
    assert signed_in(only_remember) and signed_in(both)

    response = owner.post("/auth/logout")
    assert response.status_code == 302
    [deleted] = set_cookies(response, "remember_token")
    assert cookie_attributes(deleted).get("expires", "").endswith("1970 00:00:00 GMT")

    assert not signed_in(only_remember)
    assert not signed_in(both)
    assert not signed_in(owner)


def test_a_dead_remember_cookie_is_deleted_and_not_looked_up_again(app, user_factory):
    person = user_factory()
    owner = browser(app)
    sign_in(owner, person.email, remember=True)
    thief = copy_of(app, owner, "remember_token")
    owner.post("/auth/logout")

    response = thief.get("/account")
    assert response.status_code == 302
    [deleted] = set_cookies(response, "remember_token")
    assert cookie_attributes(deleted).get("expires", "").endswith("1970 00:00:00 GMT")
    with counted_queries() as statements:
        assert thief.get("/about").status_code == 200
    assert not [s for s in statements if "user_sessions" in s]


def test_signing_out_ends_only_this_browser(app, user_factory):
    person = user_factory()
    laptop, phone = browser(app), browser(app)
    sign_in(laptop, person.email)
    sign_in(phone, person.email, remember=True)
    laptop.post("/auth/logout")
    assert not signed_in(laptop)
    assert signed_in(phone)


def test_the_csrf_token_from_before_sign_out_is_refused_after_it(make_app, user_factory):
    app = make_app(WTF_CSRF_ENABLED=True)
    person = user_factory()
    client = browser(app)
    login_token = token_in_page(client, "/auth/login")
    response = client.post("/auth/login", data={
        "email": person.email, "password": PASSWORD, "csrf_token": login_token})
    assert response.status_code == 302
    # Signing in started a new session: the token of the sign-in page is not good any more.
    assert client.post("/language", data={"language": "en", "next": "/",
                                          "csrf_token": login_token}).status_code == 400

    token = token_in_page(client)
    assert client.post("/language", data={"language": "en", "next": "/",
                                          "csrf_token": token}).status_code == 302
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code == 302

    response = client.post("/language", data={"language": "pl", "next": "/",
                                               "csrf_token": token})
    assert response.status_code == 400
    assert not set_cookies(response, "lang")
    # A form that checks its own token shows itself again, and signs nobody in.
    response = client.post("/auth/login", data={
        "email": person.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 200 and "expired" in response.get_data(as_text=True)
    assert not signed_in(client)
    # The control: the new session's token works.
    fresh = token_in_page(client, "/about")
    assert fresh != token
    assert client.post("/language", data={"language": "pl", "next": "/",
                                          "csrf_token": fresh}).status_code == 302


def test_a_comment_typed_after_the_session_ended_survives_signing_in(app, user_factory,
                                                                     consultation_factory):
    """Signing in renews the CSRF token but keeps what the visitor left in the session;
    signing out keeps nothing."""
    consultation = consultation_factory()
    person = user_factory()
    client = browser(app)
    form = f"/consultations/{consultation.slug}/comment"
    response = client.post(f"/consultations/{consultation.slug}/comments", data={
        "section": "", "body": "Dopisać zasadę jawności.", "on_behalf": "self"})
    assert response.headers["Location"].startswith("/auth/login")
    sign_in(client, person.email)
    assert "Dopisać zasadę jawności." in client.get(form).get_data(as_text=True)

    with client.session_transaction() as session:
        session["comment_draft"] = {"slug": consultation.slug, "body": "Druga uwaga."}
    client.post("/auth/logout")
    with client.session_transaction() as session:
        assert "comment_draft" not in session


# --- everywhere else ---------------------------------------------------------------------------


def test_sign_out_everywhere_else_ends_every_other_session(app, user_factory):
    person = user_factory()
    other_person = user_factory()
    here, laptop, phone, someone = browser(app), browser(app), browser(app), browser(app)
    sign_in(here, person.email, remember=True)
    sign_in(laptop, person.email)
    sign_in(phone, person.email, remember=True)
    sign_in(someone, other_person.email)
    copy_of_here = copy_of(app, here, "session", "remember_token")
    page = here.get("/account").get_data(as_text=True)
    assert "You are also signed in on 2 other devices or browsers." in page

    response = here.post("/account/sessions/end-others")
    assert response.status_code == 302
    # This browser stays signed in, with a new sign-in and its own new cookies ...
    assert set_cookies(response, "remember_token")
    assert signed_in(here)
    assert "You are not signed in on any other device or browser." in here.get(
        "/account").get_data(as_text=True)
    # ... every other one of the account is out, a copy of this one's old cookies too.
    assert not signed_in(laptop)
    assert not signed_in(phone)
    assert not signed_in(copy_of_here)
    assert signed_in(someone)  # another account is not touched
    [kept] = rows(UserSession, UserSession.user_id == person.id)
    assert kept.remember  # "keep me signed in" carries over to the new sign-in


def test_sign_out_everywhere_else_is_a_post_with_a_csrf_token(make_app, user_factory):
    app = make_app(WTF_CSRF_ENABLED=True)
    person = user_factory()
    here, laptop = browser(app), browser(app)
    for client in (here, laptop):
        token = token_in_page(client, "/auth/login")
        client.post("/auth/login", data={"email": person.email, "password": PASSWORD,
                                          "csrf_token": token})
    assert here.get("/account/sessions/end-others").status_code == 405
    assert here.post("/account/sessions/end-others").status_code == 400  # no token
    assert signed_in(laptop)
    page = here.get("/account").get_data(as_text=True)
    assert 'action="/account/sessions/end-others"' in page
    assert here.post("/account/sessions/end-others",
                     data={"csrf_token": token_in_page(here)}).status_code == 302
    assert not signed_in(laptop)
    assert signed_in(here)


def test_sign_out_everywhere_else_needs_sign_in(client):
    response = client.post("/account/sessions/end-others")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_a_password_change_ends_other_sessions_and_copies_of_this_one(app, user_factory):
    person = user_factory()
    here, phone = browser(app), browser(app)
    sign_in(here, person.email)
    sign_in(phone, person.email, remember=True)
    copy_of_here = copy_of(app, here, "session")
    phone_remember = copy_of(app, phone, "remember_token")

    response = here.post("/account/password", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302

    assert signed_in(here)
    assert not signed_in(phone)
    assert not signed_in(phone_remember)
    assert not signed_in(copy_of_here)
    assert count(UserSession, UserSession.user_id == person.id) == 1


def test_a_password_reset_ends_every_session(app, user_factory, mailbox):
    from tests.auth.test_auth import link_in

    person = user_factory(email="ela@example.org")
    laptop = browser(app)
    sign_in(laptop, person.email, remember=True)
    laptop_remember = copy_of(app, laptop, "remember_token")
    visitor = browser(app)
    visitor.post("/auth/reset", data={"email": person.email})
    url = link_in(mailbox.last_to(person.email), "/auth/reset/")
    assert visitor.post(url, data={"password": NEW_PASSWORD,
                                   "password_confirm": NEW_PASSWORD}).status_code == 302
    assert not signed_in(laptop)
    assert not signed_in(laptop_remember)
    assert count(UserSession, UserSession.user_id == person.id) == 0


def test_a_new_password_set_from_the_command_line_ends_every_session(app, user_factory):
    """Without the account pages (``User.set_password``): the rows stay, but they belong to
    the previous session_version and count no more."""
    person = user_factory()
    laptop = browser(app)
    sign_in(laptop, person.email, remember=True)
    person.set_password(NEW_PASSWORD)
    db.session.commit()
    assert not signed_in(laptop)


def test_a_confirmed_new_email_address_ends_other_sessions(app, user_factory, mailbox):
    from tests.account.test_account import confirmation_link

    person = user_factory()
    here, phone = browser(app), browser(app)
    sign_in(here, person.email)
    sign_in(phone, person.email, remember=True)
    here.post("/account/email", data={"new_email": "nowy@example.org", "password": PASSWORD})
    link = confirmation_link(mailbox.last_to("nowy@example.org"))
    response = here.post(link)
    assert response.status_code == 302
    assert "Other devices and browsers are signed out" in here.get(
        "/account").get_data(as_text=True)
    assert signed_in(here)
    assert not signed_in(phone)


def test_a_confirmation_opened_where_someone_else_is_signed_in_leaves_them(app, user_factory,
                                                                          mailbox):
    from tests.account.test_account import confirmation_link

    person, colleague = user_factory(), user_factory()
    here, shared = browser(app), browser(app)
    sign_in(here, person.email)
    sign_in(shared, colleague.email)
    here.post("/account/email", data={"new_email": "nowy@example.org", "password": PASSWORD})
    link = confirmation_link(mailbox.last_to("nowy@example.org"))
    assert shared.post(link).status_code == 302
    assert db.session.get(User, person.id).email == "nowy@example.org"
    assert colleague.email in shared.get("/account").get_data(as_text=True)
    assert not signed_in(here)


def test_deleting_the_account_deletes_its_sessions(app, user_factory):
    person = user_factory()
    here, phone = browser(app), browser(app)
    sign_in(here, person.email)
    sign_in(phone, person.email, remember=True)
    assert here.post("/account/delete", data={"password": PASSWORD,
                                              "confirm": "y"}).status_code == 302
    assert count(UserSession) == 0
    assert not signed_in(phone)


# --- how long ---------------------------------------------------------------------------------


def test_keep_me_signed_in_lasts_weeks_not_a_year(app, user_factory):
    assert timedelta(days=7) <= app.config["REMEMBER_COOKIE_DURATION"] <= timedelta(days=31)
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= timedelta(days=1)
    person = user_factory()
    response = sign_in(browser(app), person.email, remember=True)
    [cookie] = set_cookies(response, "remember_token")
    flags = cookie_attributes(cookie)
    lasts = parsedate_to_datetime(flags["expires"]) - utcnow()
    assert timedelta(days=7) < lasts <= timedelta(days=31)
    assert "httponly" in flags and flags["samesite"].lower() == "lax"
    [row] = rows(UserSession)
    assert row.remember
    assert row.expires_at - row.created_at == app.config["REMEMBER_COOKIE_DURATION"]


def test_the_lifetimes_come_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("SESSION_LIFETIME_HOURS", "2")
    monkeypatch.setenv("REMEMBER_COOKIE_DAYS", "14")
    app = make_app()
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=2)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)
    monkeypatch.setenv("REMEMBER_COOKIE_DAYS", "0")
    with pytest.raises(ValueError):
        make_app()


def _age(person, by: timedelta) -> None:
    """Move the person's sign-ins into the past, as if ``by`` had gone by."""
    for row in rows(UserSession, UserSession.user_id == person.id):
        db.session.execute(update(UserSession).where(UserSession.id == row.id).values(
            created_at=row.created_at - by, last_seen_at=row.last_seen_at - by,
            expires_at=row.expires_at - by))
    db.session.commit()


def test_a_sign_in_without_remember_ends_after_hours_without_a_request(app, user_factory):
    person = user_factory()
    client = browser(app)
    sign_in(client, person.email)
    copy = copy_of(app, client, "session")
    _age(person, app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1))
    assert not signed_in(client)
    assert not signed_in(copy)


def test_using_the_site_keeps_a_sign_in_without_remember_alive(app, user_factory):
    person = user_factory()
    client = browser(app)
    sign_in(client, person.email)
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    _age(person, lifetime - timedelta(minutes=1))
    seen_before = rows(UserSession)[0].last_seen_at
    response = client.get("/about")  # in use: noted (every few minutes, not every request)
    assert set_cookies(response, "session")  # the cookie is signed again as well
    after = rows(UserSession)[0]
    assert after.last_seen_at > seen_before + lifetime - timedelta(minutes=2)
    assert after.expires_at > utcnow() + lifetime - timedelta(minutes=1)
    _age(person, timedelta(minutes=2))
    assert signed_in(client)
    with counted_queries() as statements:  # noted a moment ago: nothing written now
        client.get("/about")
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")]


def test_a_remembered_sign_in_ends_after_its_weeks_whatever_the_use(app, user_factory):
    person = user_factory()
    client = browser(app)
    sign_in(client, person.email, remember=True)
    duration = app.config["REMEMBER_COOKIE_DURATION"]
    _age(person, duration - timedelta(hours=1))
    assert signed_in(client)
    assert rows(UserSession)[0].expires_at < utcnow() + timedelta(hours=1)  # not extended
    _age(person, timedelta(hours=2))
    assert not signed_in(client)


def test_a_new_sign_in_removes_expired_ones(app, user_factory):
    person = user_factory()
    old = browser(app)
    sign_in(old, person.email)
    _age(person, timedelta(days=400))
    sign_in(browser(app), person.email)
    assert count(UserSession) == 1


# --- what is stored and what a request costs ------------------------------------------------


def test_the_database_holds_no_token_that_signs_in(app, user_factory):
    person = user_factory()
    client = browser(app)
    sign_in(client, person.email, remember=True)
    with client.session_transaction() as session:
        token = session["_user_id"]
    [row] = rows(UserSession)
    assert row.id == session_key(token) != token
    thief = browser(app)
    with thief.session_transaction() as session:
        session["_user_id"] = row.id  # what a copy of the database would give
    assert not signed_in(thief)


def test_sessions_from_before_the_upgrade_sign_nobody_in(app, user_factory):
    """They carried "<user id>:<session version>"; that is not a token and costs no query."""
    person = user_factory()
    client = browser(app)
    with client.session_transaction() as session:
        session["_user_id"] = f"{person.id}:{person.session_version}"
        session["_fresh"] = True
    with counted_queries() as statements:
        assert client.get("/account").status_code == 302
    assert not [s for s in statements if "user_sessions" in s or "FROM users" in s]


def test_a_signed_in_request_loads_the_person_in_one_statement(app, user_factory):
    person = user_factory()
    client = browser(app)
    sign_in(client, person.email)
    client.get("/about")
    with counted_queries() as statements:
        assert client.get("/about").status_code == 200
    loading = [s for s in statements if "user_sessions" in s or "FROM users" in s]
    assert len(loading) == 1, loading
    assert "JOIN" in loading[0]


def test_comparing_accounts_compares_the_accounts_and_starts_no_sign_in(app, user_factory):
    """Flask-Login compares get_id(), a sign-in's token here: two loads of one account
    differed, and a comparison of users without a sign-in wrote one for each."""
    person, other = user_factory(), user_factory()
    assert person.id and other.id  # loaded before the object leaves the session
    db.session.expunge(person)
    again = db.session.get(User, person.id)  # another object for the same account
    before = db.session.scalar(select(func.count()).select_from(UserSession))
    assert again is not person
    assert again == person and person != other and person in [other, again]
    assert len({person, again}) == 2  # hashable, by object, as before
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == before
