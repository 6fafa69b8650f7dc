"""Sign-up with e-mail verification, sign-in, sign-out, password reset."""

import re

from sqlalchemy import func, select

from consult.auth.models import User
from consult.extensions import db
from tests.conftest import PASSWORD, text_of

SIGNUP = {
    "full_name": "Zofia Źdźbło",
    "email": "Zofia@Example.org",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
    "consent_rodo": "y",
}


def link_in(message, path):
    match = re.search(rf"https?://\S+{re.escape(path)}\S+", text_of(message))
    assert match, text_of(message)
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def users_count():
    return db.session.scalar(select(func.count()).select_from(User))


def test_sign_up_sends_a_link_whose_page_verifies_only_on_the_button(client, mailbox):
    response = client.post("/auth/register", data=SIGNUP)
    assert response.status_code == 200
    assert "zofia@example.org" in response.text.lower()
    user = db.session.scalar(select(User))
    assert user.email == "zofia@example.org"  # stored without regard to case
    assert not user.email_verified

    url = link_in(mailbox.last_to("zofia@example.org"), "/auth/verify/")
    page = client.get(url)
    assert page.status_code == 200 and "<form" in page.text
    db.session.expire_all()
    assert not db.session.get(User, user.id).email_verified  # a GET changes nothing

    response = client.post(url)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email_verified
    assert client.get("/account").status_code == 200  # signed in by the confirmation


def test_a_broken_or_forged_verification_link_is_refused(client):
    assert client.get("/auth/verify/not-a-token").status_code == 400


def test_sign_up_errors_are_shown_at_the_fields_and_keep_what_was_typed(client):
    data = {**SIGNUP, "password": "password123", "password_confirm": "other", "consent_rodo": ""}
    response = client.post("/auth/register", data=data)
    assert response.status_code == 200
    for field in ("password", "password_confirm", "consent_rodo"):
        assert f'id="{field}-error"' in response.text
        assert re.search(rf'aria-describedby="[^"]*\b{field}-error"', response.text)
    assert 'value="Zofia Źdźbło"' in response.text
    assert 'value="Zofia@Example.org"' in response.text
    assert users_count() == 0


def test_short_and_common_passwords_are_refused(client):
    for password in ("krotkie", "qwertyuiop", "password1234", "zofia@example.org"):
        data = {**SIGNUP, "password": password, "password_confirm": password}
        response = client.post("/auth/register", data=data)
        assert 'id="password-error"' in response.text, password
    assert users_count() == 0


def test_registering_an_existing_address_in_other_case_tells_its_owner_not_the_form(
    client, user_factory, mailbox
):
    owner = user_factory(email="zofia@example.org")
    response = client.post("/auth/register", data=SIGNUP)
    assert response.status_code == 200
    assert users_count() == 1
    notice = mailbox.last_to(owner.email)
    assert "/auth/login" in text_of(notice)
    assert "/auth/verify/" not in text_of(notice)


def test_sign_in_is_case_insensitive_and_honours_a_local_next(client, user_factory):
    user_factory(email="jan@example.org")
    response = client.post(
        "/auth/login?next=/account", data={"email": "JAN@example.ORG", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/account"


def test_wrong_password_is_an_error_at_the_field_and_the_address_is_kept(client, user_factory):
    user_factory(email="jan@example.org")
    response = client.post("/auth/login", data={"email": "jan@example.org", "password": "zle"})
    assert response.status_code == 200
    assert 'id="password-error"' in response.text
    assert 'value="jan@example.org"' in response.text
    assert client.get("/account").status_code == 302


def test_unverified_account_gets_a_new_link_instead_of_a_session(client, user_factory, mailbox):
    user_factory(email="nowa@example.org", verified=False)
    response = client.post("/auth/login", data={"email": "nowa@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "/auth/verify/" in text_of(mailbox.last_to("nowa@example.org"))
    assert client.get("/account").status_code == 302


def test_sign_out_is_a_post(client, login_as):
    login_as()
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/account").status_code == 302


def test_password_reset_link_works_once_and_signs_out_other_sessions(
    app, client, user_factory, mailbox
):
    user = user_factory(email="ela@example.org")
    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": "ela@example.org", "password": PASSWORD})
    assert other_device.get("/account").status_code == 200

    response = client.post("/auth/reset", data={"email": "ELA@example.org"})
    assert response.status_code == 200
    url = link_in(mailbox.last_to("ela@example.org"), "/auth/reset/")
    new_password = "nowe-haslo-do-konsultacji"
    response = client.post(url, data={"password": new_password, "password_confirm": new_password})
    assert response.status_code == 302

    assert client.post(url, data={"password": "x" * 20, "password_confirm": "x" * 20}
                       ).status_code == 400  # used once
    assert other_device.get("/account").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(new_password)


def test_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, mailbox):
    response = client.post("/auth/reset", data={"email": "nikt@example.org"})
    assert response.status_code == 200
    assert mailbox.messages == []
