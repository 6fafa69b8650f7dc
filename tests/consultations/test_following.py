"""Following consultations by e-mail: subscribing with and without an account, the same
answer for a known address, confirming, one-click unsubscribe, and the notices."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from consult.consultations import following
from consult.consultations.models import Consultation, Subscription
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import text_of
from tests.html import page_of


def english(client):
    client.set_cookie("lang", "en")


def subscriptions() -> list[Subscription]:
    db.session.expire_all()
    return list(db.session.scalars(select(Subscription).order_by(Subscription.id)))


def link(message, kind: str) -> str:
    found = re.search(r"https?://[^/\s]+(/consultations/subscriptions/[\w-]+/" + kind + r")",
                      text_of(message))
    assert found, text_of(message)
    return found.group(1)


def test_visitor_follows_after_confirming_the_address(client, consultation_factory, mailbox):
    english(client)
    consultation = consultation_factory()
    response = client.post(f"/consultations/{consultation.slug}/follow",
                           data={"email": "Ala@Example.org"})
    assert response.status_code == 200
    assert "Check your inbox" in page_of(response).content
    (subscription,) = subscriptions()
    assert subscription.email == "ala@example.org" and subscription.confirmed_at is None
    assert subscription.token not in response.get_data(as_text=True)

    confirm = link(mailbox.last_to("ala@example.org"), "confirm")
    page = page_of(client.get(confirm))
    assert "Yes, follow" in page.content
    assert subscriptions()[0].confirmed_at is None  # a GET changes nothing
    response = client.post(confirm)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/consultations/{consultation.slug}/"
    assert subscriptions()[0].confirmed_at is not None
    assert client.get("/consultations/subscriptions/not-a-token/confirm").status_code == 404


def test_the_answer_does_not_reveal_who_follows(client, consultation_factory, mailbox):
    english(client)
    consultation = consultation_factory()
    url = f"/consultations/{consultation.slug}/follow"
    first = page_of(client.post(url, data={"email": "ala@example.org"})).content
    client.post(link(mailbox.last_to("ala@example.org"), "confirm"), follow_redirects=True)
    mailbox.clear()

    again = page_of(client.post(url, data={"email": "ala@example.org"})).content
    stranger = page_of(client.post(url, data={"email": "nowy@example.org"})).content
    assert first == again == stranger.replace("nowy@example.org", "ala@example.org")
    assert len(subscriptions()) == 2
    # The follower is told it already follows (with the way out), not asked to confirm.
    note = text_of(mailbox.last_to("ala@example.org"))
    assert "already" in note and "/unsubscribe" in note and "/confirm" not in note


def test_signed_in_user_follows_at_once(client, consultation_factory, login_as, mailbox):
    english(client)
    consultation = consultation_factory()
    person = login_as("user", email="jan@example.org")
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "Follow this consultation" in page.content
    response = client.post(f"/consultations/{consultation.slug}/follow", follow_redirects=True)
    assert "You follow" in page_of(response).content
    (subscription,) = subscriptions()
    assert subscription.email == "jan@example.org" and subscription.user_id == person.id
    assert subscription.confirmed_at is not None
    assert mailbox.to("jan@example.org") == []
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "You follow this consultation" in page.content
    # Twice is still once.
    client.post(f"/consultations/{consultation.slug}/follow")
    assert len(subscriptions()) == 1


def test_unverified_user_confirms_by_email(client, consultation_factory, login_as, mailbox):
    english(client)
    consultation = consultation_factory()
    login_as("user", email="nowa@example.org", verified=False)
    page = page_of(client.get(f"/consultations/{consultation.slug}/follow"))
    assert page.value_of("email") == "nowa@example.org"
    client.post(f"/consultations/{consultation.slug}/follow", data={"email": "nowa@example.org"})
    assert subscriptions()[0].confirmed_at is None
    assert "/confirm" in text_of(mailbox.last_to("nowa@example.org"))


def test_follow_an_institution(client, consultation_factory, mailbox):
    english(client)
    consultation = consultation_factory()
    teryt = consultation.institution.teryt
    page = page_of(client.get(f"/consultations/?institution={teryt}"))
    assert "Follow all consultations of Płońsk by e-mail" in page.content
    assert "all consultations of Płońsk" in page_of(
        client.get(f"/consultations/institutions/{teryt}/follow")).content
    client.post(f"/consultations/institutions/{teryt}/follow", data={"email": "ola@example.org"})
    (subscription,) = subscriptions()
    assert subscription.institution_id == consultation.institution_id
    assert subscription.consultation_id is None
    assert "all consultations of Płońsk" in text_of(mailbox.last_to("ola@example.org"))
    assert client.get("/consultations/institutions/9999999/follow").status_code == 404


def test_unsubscribe_with_a_button_or_in_one_click(make_app, consultation_factory):
    consultation = consultation_factory()
    app = make_app(WTF_CSRF_ENABLED=True)  # one-click needs no CSRF token: the link is secret
    client = app.test_client()
    client.set_cookie("lang", "en")
    first, second = (following.subscribe(email, consultation=consultation)
                     for email in ("a@example.org", "b@example.org"))
    for subscription in (first, second):
        following.confirm(subscription)
    db.session.commit()

    url = f"/consultations/subscriptions/{first.token}/unsubscribe"
    page = page_of(client.get(url))
    assert "Yes, stop the messages" in page.content
    assert len(subscriptions()) == 2
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert [s.email for s in subscriptions()] == ["b@example.org"]
    assert client.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert client.get(url).status_code == 404

    # Without one-click, the button's form needs its CSRF token.
    url = f"/consultations/subscriptions/{second.token}/unsubscribe"
    response = client.post(url)
    assert response.status_code == 200 and "expired" in response.get_data(as_text=True)
    assert len(subscriptions()) == 1
    token = page_of(client.get(url)).value_of("csrf_token")
    assert "You no longer follow" in page_of(client.post(url, data={"csrf_token": token})).content
    assert subscriptions() == []


def subscribe_confirmed(email, **target) -> Subscription:
    subscription = following.subscribe(email, **target)
    following.confirm(subscription)
    db.session.commit()
    return subscription


def test_opened_notice_is_sent_once_to_each_confirmed_follower(app, consultation_factory,
                                                              mailbox):
    consultation = consultation_factory(opens_in=timedelta(days=2), closes_in=timedelta(days=20))
    by_consultation = subscribe_confirmed("a@example.org", consultation=consultation)
    subscribe_confirmed("a@example.org", institution=consultation.institution)  # same address
    subscribe_confirmed("b@example.org", institution=consultation.institution)
    following.subscribe("c@example.org", consultation=consultation)  # never confirmed
    db.session.commit()
    mailbox.clear()

    assert following.send_notices() == {"opened": 0, "closing": 0}  # not open yet
    later = utcnow() + timedelta(days=3)
    assert following.send_notices(later) == {"opened": 2, "closing": 0}
    db.session.commit()
    assert following.send_notices(later) == {"opened": 0, "closing": 0}  # a second run
    db.session.commit()

    assert sorted(m["To"] for m in mailbox.messages) == ["a@example.org", "b@example.org"]
    message = mailbox.last_to("a@example.org")
    assert consultation.title in message["Subject"]
    assert message["List-Unsubscribe"] == (
        f"<http://127.0.0.1:5000/consultations/subscriptions/{by_consultation.token}"
        f"/unsubscribe>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/subscriptions/{by_consultation.token}/unsubscribe" in text_of(message)
    assert db.session.get(Consultation, consultation.id).opened_notice_at is not None


def test_closing_notice_within_the_configured_days(app, consultation_factory,
                                                   institution_factory, mailbox):
    long_one = consultation_factory("Długa", opens_in=timedelta(days=-10),
                                    closes_in=timedelta(days=5))
    short_one = consultation_factory("Krótka", institution=long_one.institution,
                                     opens_in=timedelta(days=-1), closes_in=timedelta(days=1))
    subscribe_confirmed("a@example.org", institution=long_one.institution)
    mailbox.clear()

    # Both are open: each gets its "opened" notice; neither closes within 3 days of now …
    assert following.send_notices() == {"opened": 2, "closing": 0}
    db.session.commit()
    # … until two days later; the short one (2 days long) already had its deadline.
    assert following.send_notices(utcnow() + timedelta(days=2, hours=1)) == {
        "opened": 0, "closing": 1}
    db.session.commit()
    assert following.send_notices(utcnow() + timedelta(days=2, hours=2)) == {
        "opened": 0, "closing": 0}
    subjects = [m["Subject"] for m in mailbox.to("a@example.org")]
    assert len(subjects) == 3 and sum("Długa" in s for s in subjects) == 2
    assert short_one.id


def test_notices_command(app, consultation_factory, mailbox):
    consultation = consultation_factory(closes_in=timedelta(days=6))
    subscribe_confirmed("a@example.org", consultation=consultation)
    app.config["CONSULTATIONS_CLOSING_NOTICE_DAYS"] = 6
    mailbox.clear()
    result = app.test_cli_runner().invoke(args=["consultations", "send-notices"])
    assert result.exit_code == 0, result.output
    assert "1 'opened' and 1 'closing soon' messages queued" in result.output
    assert len(mailbox.to("a@example.org")) == 2
    again = app.test_cli_runner().invoke(args=["consultations", "send-notices"])
    assert "0 'opened' and 0 'closing soon'" in again.output
    assert db.session.scalar(select(func.count(Subscription.id))) == 1
