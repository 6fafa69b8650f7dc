"""Where the consent to the mailings comes from: the registration form (unticked; taken
once the address is proved) and the account page; and what the account's data export and
deletion do with it."""

import re

from sqlalchemy import select

from consult.auth.models import User
from consult.extensions import db
from consult.mailing.models import ConsentSource, Subscriber
from tests.conftest import PASSWORD, REGISTRATION_FORM, text_of
from tests.html import page_of


def subscriber(email: str) -> Subscriber | None:
    db.session.expire_all()
    return db.session.scalar(select(Subscriber).where(Subscriber.email == email))


def register(client, event, **changes):
    return client.post(f"/events/{event.slug}/register", data={**REGISTRATION_FORM, **changes})


def test_the_consent_on_the_registration_form_is_offered_unticked(client, event_factory):
    event = event_factory()
    client.set_cookie("lang", "en")
    page = page_of(client.get(f"/events/{event.slug}/register"))
    box = page.by_id("consent_mailing")
    assert box is not None and box["attrs"].get("type") == "checkbox"
    assert "checked" not in box["attrs"]
    label = page.content
    assert "trainings, consultations and the federation's projects" in label
    assert "withdraw at any time with one click" in label


def test_a_guest_who_ticked_is_subscribed_once_the_address_is_confirmed(
        client, event_factory, mailbox):
    event = event_factory()
    assert register(client, event, consent_mailing="y").status_code == 200
    assert subscriber("maria@example.org") is None  # nobody has proved the address yet
    token = re.search(r"/registrations/([\w-]+)",
                      text_of(mailbox.last_to("maria@example.org"))).group(1)
    assert client.post(f"/registrations/{token}/confirm").status_code == 302
    found = subscriber("maria@example.org")
    assert found is not None and found.subscribed
    assert found.source == ConsentSource.REGISTRATION and found.user_id is None


def test_a_guest_who_did_not_tick_is_not_subscribed(client, event_factory, mailbox):
    event = event_factory()
    register(client, event)
    token = re.search(r"/registrations/([\w-]+)",
                      text_of(mailbox.last_to("maria@example.org"))).group(1)
    client.post(f"/registrations/{token}/confirm")
    assert subscriber("maria@example.org") is None


def test_a_signed_in_person_with_a_confirmed_address_is_subscribed_at_once(
        client, event_factory, login_as):
    event = event_factory()
    user = login_as(email="jan@example.org")
    assert register(client, event, email="jan@example.org",
                    consent_mailing="y").status_code == 302
    found = subscriber("jan@example.org")
    assert found.subscribed and found.user_id == user.id


def test_registering_a_colleague_subscribes_nobody_until_they_confirm(
        client, event_factory, login_as, mailbox):
    event = event_factory()
    login_as(email="jan@example.org")
    register(client, event, email="kolega@example.org", consent_mailing="y")
    assert subscriber("kolega@example.org") is None and subscriber("jan@example.org") is None


def test_the_account_page_subscribes_and_unsubscribes(client, login_as):
    user = login_as(email="ola@example.org")
    client.set_cookie("lang", "en")
    page = page_of(client.get("/account"))
    assert "checked" not in page.by_id("consent_mailing")["attrs"]

    response = client.post("/mailing/account", data={"consent_mailing": "y"})
    assert response.status_code == 302
    found = subscriber("ola@example.org")
    assert found.subscribed and found.source == ConsentSource.ACCOUNT
    assert found.user_id == user.id
    assert "checked" in page_of(client.get("/account")).by_id("consent_mailing")["attrs"]

    client.post("/mailing/account", data={})
    assert not subscriber("ola@example.org").subscribed
    assert "checked" not in page_of(client.get("/account")).by_id("consent_mailing")["attrs"]

    # Ticking it again is a fresh consent.
    stopped_at = subscriber("ola@example.org").unsubscribed_at
    client.post("/mailing/account", data={"consent_mailing": "y"})
    again = subscriber("ola@example.org")
    assert again.subscribed and again.consented_at >= stopped_at


def test_an_unconfirmed_address_cannot_be_subscribed_from_the_account(client, login_as):
    login_as(email="ktos@example.org", verified=False)
    client.set_cookie("lang", "en")
    assert page_of(client.get("/account")).by_id("consent_mailing") is None
    assert client.post("/mailing/account", data={"consent_mailing": "y"}).status_code == 302
    assert subscriber("ktos@example.org") is None


def test_the_export_lists_the_consent_and_deletion_removes_it(
        client, login_as, subscriber_factory, event_factory):
    user = login_as(email="ewa@example.org")
    client.post("/mailing/account", data={"consent_mailing": "y"})
    # A consent given as a guest before the account existed is the address's too.
    subscriber_factory("inna@example.org")

    exported = client.get("/account/export.json").get_json()
    assert exported["mailing_consent"] == [{
        "email": "ewa@example.org", "subscribed": True, "source": "account",
        "consented_at": subscriber("ewa@example.org").consented_at.isoformat(),
        "unsubscribed_at": None}]
    client.set_cookie("lang", "en")
    readable = client.get("/account/export.html").get_data(as_text=True)
    assert "News from the federation by e-mail" in readable
    assert "your account page" in readable

    assert client.post("/account/delete", data={"password": PASSWORD,
                                                 "confirm": "y"}).status_code == 302
    assert db.session.get(User, user.id) is None
    assert subscriber("ewa@example.org") is None
    assert subscriber("inna@example.org") is not None  # someone else's


def test_deletion_removes_a_consent_given_as_a_guest_at_the_proven_address(
        client, login_as, subscriber_factory):
    subscriber_factory("gosc@example.org", source=ConsentSource.REGISTRATION)
    login_as(email="gosc@example.org")
    assert client.get("/account/export.json").get_json()["mailing_consent"][0]["email"] == \
        "gosc@example.org"
    client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert subscriber("gosc@example.org") is None


def test_the_registrations_export_carries_the_consent(client, event_factory, login_as):
    event = event_factory()
    login_as(email="jan@example.org")
    register(client, event, email="jan@example.org", consent_mailing="y")
    registrations = client.get("/account/export.json").get_json()["event_registrations"]
    assert registrations[0]["consent_mailing"] is True


def test_the_consent_follows_the_account_to_its_new_address(app, user_factory):
    from consult.account import services as account
    from consult.mailing import services

    user = user_factory(email="stary@example.org")
    services.set_account_consent(user, True)
    db.session.commit()
    account.confirm_email_change(user, "nowy@example.org")
    db.session.commit()
    assert subscriber("stary@example.org") is None
    assert subscriber("nowy@example.org").user_id == user.id
    assert services.account_subscribed(user)
