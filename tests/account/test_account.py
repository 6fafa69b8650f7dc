"""The signed-in user's own account (/account): profile, e-mail, password, export, deletion."""

import json
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from consult.auth.models import User, UserSession
from consult.core.mail import OutboxMessage, OutboxStatus, queue_mail
from consult.extensions import db
from tests.conftest import PASSWORD, text_of
from tests.html import page_of

NEW_PASSWORD = "violet-lantern-orbits-quietly"


@pytest.fixture
def client(client):
    """The conftest client with English pages, so messages can be checked word for word."""
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def new_client(app):
    """Another browser: a fresh test client, English pages."""

    def make():
        other = app.test_client()
        other.set_cookie("lang", "en")
        return other

    return make


def sign_in(client, email, password=PASSWORD, remember=False):
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return client.post("/auth/login", data=data)


def assert_signed_in(response):
    assert response.status_code == 302, "signing in failed"
    assert not response.headers["Location"].startswith("/auth/login")


def assert_not_signed_in(response):
    assert response.status_code == 200
    assert "Wrong e-mail address or password." in page_of(response).text_by_id("password-error")


def assert_sent_to_sign_in(response):
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/auth/login"


def reload(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


# --- Profile ---------------------------------------------------------------------------


def test_account_page_shows_own_email_and_not_another(client, login_as, user_factory):
    other = user_factory(email="someone-else@example.org")
    user = login_as()
    response = client.get("/account")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert user.email in body
    assert other.email not in body


def test_account_page_needs_sign_in(client):
    assert_sent_to_sign_in(client.get("/account"))


def test_profile_is_saved(client, login_as):
    user = login_as()
    response = client.post(
        "/account",
        data={"full_name": "  Maria Nowak  ", "phone": "+48 22 123 45 67", "locale": "en"},
    )
    assert response.status_code == 302
    user = reload(user)
    assert (user.full_name, user.phone, user.locale) == ("Maria Nowak", "+48 22 123 45 67", "en")
    page = page_of(client.get("/account"))
    assert page.value_of("full_name") == "Maria Nowak"
    assert page.value_of("phone") == "+48 22 123 45 67"
    assert page.value_of("locale") == "en"


def test_invalid_phone_is_shown_next_to_the_field_and_typing_is_kept(client, login_as):
    user = login_as(full_name="Jan Kowalski")
    response = client.post(
        "/account", data={"full_name": "Jan Nowy", "phone": "call me maybe", "locale": "en"}
    )
    assert response.status_code == 200
    page = page_of(response)
    assert "Enter a phone number" in page.text_by_id("phone-error")
    phone_input = next(e for e in page.elements if e["attrs"].get("name") == "phone")
    assert "phone-error" in phone_input["attrs"].get("aria-describedby", "")
    assert page.value_of("full_name") == "Jan Nowy"
    assert page.value_of("phone") == "call me maybe"
    assert page.value_of("locale") == "en"
    user = reload(user)
    assert user.full_name == "Jan Kowalski"
    assert user.phone is None


# --- E-mail change ---------------------------------------------------------------------


def test_email_change_with_wrong_password_is_refused(client, login_as, mailbox):
    user = login_as()
    response = client.post(
        "/account/email", data={"new_email": "nowy@example.org", "password": "not my password"}
    )
    assert response.status_code == 200
    page = page_of(response)
    assert "Wrong password." in page.text_by_id("password-error")
    assert page.value_of("new_email") == "nowy@example.org"
    assert reload(user).pending_email is None
    assert mailbox.messages == []


def test_email_change_to_an_address_of_another_account_reveals_nothing_and_tells_its_owner(
    client, login_as, user_factory, mailbox
):
    """Issue 18 (the class of finding 11): the form said "Another account already uses
    this address" to anyone signed in, so it told who has an account."""
    owner = user_factory(email="taken@example.org")
    user = login_as()
    taken = client.post(
        "/account/email", data={"new_email": "Taken@Example.ORG", "password": PASSWORD}
    )
    free = client.post(
        "/account/email", data={"new_email": "free@example.org", "password": PASSWORD}
    )
    assert taken.status_code == free.status_code == 302
    assert taken.headers["Location"] == free.headers["Location"]
    # (both flashed messages are read on the one page the redirects lead to)
    shown = page_of(client.get(taken.headers["Location"])).content
    assert "We have sent a confirmation link to Taken@Example.ORG." in shown
    assert "We have sent a confirmation link to free@example.org." in shown
    assert "already uses" not in shown
    assert reload(user).pending_email == "free@example.org"
    # The owner of the taken address is told; no link to take it goes anywhere.
    (notice,) = mailbox.to("taken@example.org")
    assert "already have an account" in text_of(notice)
    assert "/account/email/confirm/" not in text_of(notice)
    assert reload(owner).email == "taken@example.org"


def confirmation_link(message) -> str:
    found = re.findall(r"https?://\S+/account/email/confirm/\S+", text_of(message))
    assert len(found) == 1, text_of(message)
    parts = urlsplit(found[0])
    return parts.path


def test_email_change_sends_a_link_and_only_the_button_changes_the_address(
    client, login_as, mailbox, new_client
):
    user = login_as()
    old_email = user.email
    response = client.post(
        "/account/email", data={"new_email": " Nowy.Adres@Example.org ", "password": PASSWORD}
    )
    assert response.status_code == 302

    notice = mailbox.last_to(old_email)
    assert "nowy.adres@example.org" in text_of(notice)
    assert "/account/email/confirm/" not in text_of(notice)  # the link goes only to the new one
    link = confirmation_link(mailbox.last_to("nowy.adres@example.org"))

    # Opening the link (a mail scanner does that too) changes nothing.
    page = client.get(link)
    assert page.status_code == 200
    html = page_of(page)
    assert any(
        e["tag"] == "button" and e["attrs"].get("type") == "submit"
        and any(p["tag"] == "form" and p["attrs"].get("method") == "post" for p in e["parents"])
        for e in html.elements
    ), "no button that posts the form"
    assert "nowy.adres@example.org" in page.get_data(as_text=True)
    assert reload(user).email == old_email

    response = client.post(link)
    assert response.status_code == 302
    assert reload(user).email == "nowy.adres@example.org"

    assert_signed_in(sign_in(new_client(), "nowy.adres@example.org"))
    assert_not_signed_in(sign_in(new_client(), old_email))

    # The link works once.
    assert client.post(link).status_code == 400


def test_email_change_link_opened_in_another_browser_works_too(
    client, login_as, mailbox, new_client
):
    user = login_as()
    client.post("/account/email", data={"new_email": "elsewhere@example.org", "password": PASSWORD})
    link = confirmation_link(mailbox.last_to("elsewhere@example.org"))
    phone = new_client()
    assert phone.get(link).status_code == 200
    assert reload(user).email != "elsewhere@example.org"
    assert phone.post(link).status_code == 302
    assert reload(user).email == "elsewhere@example.org"


def test_email_change_link_is_refused_if_another_account_took_the_address_meanwhile(
    client, login_as, user_factory, mailbox
):
    user = login_as()
    old_email = user.email
    client.post("/account/email", data={"new_email": "race@example.org", "password": PASSWORD})
    link = confirmation_link(mailbox.last_to("race@example.org"))
    user_factory(email="race@example.org")
    client.post(link)
    assert reload(user).email == old_email


# --- Password change -------------------------------------------------------------------


def change_password(client, current, new, confirm=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "password": new,
              "password_confirm": new if confirm is None else confirm},
    )


def test_password_change_with_wrong_current_password_is_refused(client, login_as):
    user = login_as()
    response = change_password(client, "not my password", NEW_PASSWORD)
    assert response.status_code == 200
    assert "Wrong password." in page_of(response).text_by_id("current_password-error")
    assert reload(user).check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short1!", "Use at least 10 characters."),
        ("password123", "too common"),
        ("qwertyuiop12", "too common"),
    ],
)
def test_weak_new_password_is_refused(client, login_as, new_password, message):
    user = login_as()
    response = change_password(client, PASSWORD, new_password)
    assert response.status_code == 200
    assert message in page_of(response).text_by_id("password-error")
    assert reload(user).check_password(PASSWORD)


def test_password_confirmation_must_match(client, login_as):
    user = login_as()
    response = change_password(client, PASSWORD, NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert response.status_code == 200
    assert "do not match" in page_of(response).text_by_id("password_confirm-error")
    assert reload(user).check_password(PASSWORD)


def test_password_change_signs_out_other_sessions_but_not_this_one(
    client, login_as, new_client
):
    user = login_as()
    laptop = new_client()
    assert_signed_in(sign_in(laptop, user.email, remember=True))
    assert laptop.get("/account").status_code == 200

    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302

    assert client.get("/account").status_code == 200
    assert_sent_to_sign_in(laptop.get("/account"))
    assert_not_signed_in(sign_in(new_client(), user.email, PASSWORD))
    assert_signed_in(sign_in(new_client(), user.email, NEW_PASSWORD))


# --- Export ----------------------------------------------------------------------------


def test_export_is_a_json_attachment_with_own_data_only(client, login_as, user_factory):
    other = user_factory(email="sasiad@example.org", full_name="Sąsiad Zza Ściany")
    user = login_as(full_name="Zofia Eksportowa")
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="my-data.json"'
    body = response.get_data(as_text=True)
    data = json.loads(body)
    assert data["account"]["email"] == user.email
    assert data["account"]["full_name"] == "Zofia Eksportowa"
    assert other.email not in body
    assert other.full_name not in body
    assert "Sąsiad" not in body


def test_export_needs_sign_in(client):
    assert_sent_to_sign_in(client.get("/account/export.json"))


# --- Deletion --------------------------------------------------------------------------


def test_delete_with_wrong_password_is_refused(client, login_as):
    user = login_as()
    response = client.post("/account/delete", data={"password": "not my password", "confirm": "y"})
    assert response.status_code == 200
    assert "Wrong password." in page_of(response).text_by_id("password-error")
    assert reload(user) is not None
    assert client.get("/account").status_code == 200


def test_delete_without_the_confirmation_box_is_refused(client, login_as):
    user = login_as()
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 200
    assert "Tick the box" in page_of(response).text_by_id("confirm-error")
    assert reload(user) is not None


def test_delete_removes_the_account_and_its_mail_and_signs_out(
    client, login_as, user_factory, mailbox, new_client
):
    other = user_factory(email="stays@example.org")
    user = login_as()
    email = user.email
    # One message already delivered, one still waiting, one for someone else.
    queue_mail(email, "Delivered", "account/mail/email_change_notice", user=user,
               new_email="x@example.org")
    db.session.commit()
    assert mailbox.to(email)
    db.session.add(OutboxMessage(recipient=email, subject="Waiting", text_body="t", html_body="h"))
    queue_mail(other.email, "Theirs", "account/mail/email_change_notice", user=other,
               new_email="y@example.org")
    db.session.commit()
    statuses = dict(db.session.execute(
        select(OutboxMessage.subject, OutboxMessage.status)).all())
    assert statuses == {"Delivered": OutboxStatus.SENT, "Waiting": OutboxStatus.QUEUED,
                        "Theirs": OutboxStatus.SENT}

    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302

    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == email)) == 0
    assert db.session.scalars(select(OutboxMessage.recipient)).all() == [other.email]
    assert db.session.get(User, other.id) is not None

    assert_sent_to_sign_in(client.get("/account"))
    assert_not_signed_in(sign_in(new_client(), email))


def test_an_institution_manager_can_delete_their_account(client, login_as, institution_factory):
    user = login_as("manager")
    institution = user.managed_institutions[0]
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id) is None
    assert db.session.get(type(institution), institution.id) is not None


def test_export_includes_an_address_waiting_for_confirmation(client, login_as, mailbox):
    login_as()
    client.post("/account/email", data={"new_email": "pending@example.org", "password": PASSWORD})
    body = client.get("/account/export.json").get_data(as_text=True)
    assert "pending@example.org" in body


def test_delete_removes_mail_to_an_address_waiting_for_confirmation(client, login_as, mailbox):
    login_as()
    client.post("/account/email", data={"new_email": "pending@example.org", "password": PASSWORD})
    assert mailbox.to("pending@example.org")
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}
                       ).status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(OutboxMessage.recipient)).all() == []


def test_delete_removes_mail_sent_to_a_former_address(client, login_as, mailbox):
    user = login_as(full_name="Ewa Przeprowadzka")
    client.post("/account/email", data={"new_email": "moved@example.org", "password": PASSWORD})
    client.post(confirmation_link(mailbox.last_to("moved@example.org")))
    assert reload(user).email == "moved@example.org"
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}
                       ).status_code == 302
    db.session.expire_all()
    left = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert left == []


def test_export_includes_the_mail_sent_to_the_person_but_not_to_an_unconfirmed_address(
        client, login_as, mailbox):
    """The new address is not proved to be the person's until they open the link: the
    mail sent there (the link itself) is not theirs to read in the export."""
    user = login_as()
    client.post("/account/email", data={"new_email": "nowy@example.org", "password": PASSWORD})
    exported = client.get("/account/export.json").get_json()
    recipients = sorted(message["to"] for message in exported["messages"])
    assert recipients == [user.email]
    assert exported["account"]["pending_email"] == "nowy@example.org"


def test_a_200_character_passphrase_works_for_a_password_change(client, login_as, new_client):
    from tests.auth.test_auth import PASSPHRASE

    user = login_as()
    response = change_password(client, PASSWORD, PASSPHRASE)
    assert response.status_code == 302
    assert reload(user).check_password(PASSPHRASE)
    assert_signed_in(sign_in(new_client(), user.email, PASSPHRASE))


def test_a_new_password_over_the_maximum_is_an_error_at_the_field(app, client, login_as):
    user = login_as()
    too_long = "Zielony kangur pije herbatę. " * 50
    response = change_password(client, PASSWORD, too_long)
    assert response.status_code == 200
    maximum = app.config["PASSWORD_MAX_LENGTH"]
    assert f"Use at most {maximum} characters." in page_of(response).text_by_id("password-error")
    assert reload(user).check_password(PASSWORD)


def test_export_lists_the_browsers_signed_in_without_their_tokens(client, login_as, new_client):
    user = login_as()
    assert_signed_in(sign_in(new_client(), user.email, remember=True))
    exported = client.get("/account/export.json").get_json()
    assert sorted(s["keep_me_signed_in"] for s in exported["sign_ins"]) == [False, True]
    tokens = db.session.scalars(select(UserSession.id)).all()
    assert tokens and not any(token in json.dumps(exported) for token in tokens)
