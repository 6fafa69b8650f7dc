"""Staff's mailing: who gets it (one message per address, never after opting out), the
preview and the count, the headers, the one-click unsubscribe link."""

import re

from sqlalchemy import func, select

from consult.core.mail import OutboxMessage
from consult.extensions import db
from consult.institutions.models import Organisation
from consult.mailing import mail, queries, services
from consult.mailing.models import Audience, Mailing, Subscriber
from tests.conftest import counted_queries, text_of
from tests.html import Page

UNSUBSCRIBE = re.compile(r"https?://[^\s<>\"]+/mailing/unsubscribe/([\w-]+)")


def _list(subscriber_factory, organisation_factory, user_factory):
    """Who is on the list and who is not."""
    user = user_factory(email="ola@example.org")
    user.locale = "en"
    subscriber_factory("ola@example.org", user=user)
    subscriber_factory("Jan@Example.org")
    stopped = subscriber_factory("stop@example.org")
    services.unsubscribe_address(stopped.email)
    both = organisation_factory("  JAN@example.org ", areas="education")  # also a person
    organisation_factory("biuro@fundacja.pl", areas="culture education")
    organisation_factory("biuro@fundacja.pl", name="Ta sama skrzynka")  # shared address
    organisation_factory("odmowa@ngo.pl", mailing_opt_out_at=db.func.now())
    organisation_factory("stop@example.org")  # the person said stop to this mailbox
    organisation_factory(None)
    organisation_factory("")
    db.session.commit()
    return both


def test_each_address_once_and_never_after_opting_out(
        app, subscriber_factory, organisation_factory, user_factory):
    _list(subscriber_factory, organisation_factory, user_factory)

    def emails(audience, area=None):
        return [r.email for r in queries.recipients(audience, area)]

    assert sorted(emails(Audience.PARTICIPANTS)) == ["jan@example.org", "ola@example.org"]
    assert sorted(emails(Audience.ORGANISATIONS)) == ["biuro@fundacja.pl", "jan@example.org"]
    both = queries.recipients(Audience.BOTH)
    assert sorted(r.email for r in both) == [
        "biuro@fundacja.pl", "jan@example.org", "ola@example.org"]
    # The person's own link, not the organisation's, for an address that is both.
    jan = next(r for r in both if r.email == "jan@example.org")
    assert jan.kind == queries.PARTICIPANT and jan.token == db.session.scalar(
        select(Subscriber.token).where(Subscriber.email == "jan@example.org"))
    assert emails(Audience.ORGANISATIONS, "culture") == ["biuro@fundacja.pl"]
    assert queries.count_recipients(Audience.BOTH) == 3


def test_staff_preview_count_and_send(client, staff, subscriber_factory, organisation_factory,
                                      user_factory, mailbox):
    _list(subscriber_factory, organisation_factory, user_factory)
    form = {"subject": "Szkolenia w grudniu",
            "body": "Zapraszamy na **szkolenia**.\n\n<script>alert(1)</script>",
            "audience": "both", "area": "", "powiat": "0"}

    page = Page(client.post("/manage/mailing/", data={**form, "preview": "1"})
                .get_data(as_text=True))
    assert "will go to 3 addresses" in page.text_by_id("preview-heading")
    assert "szkolenia" in page.text_by_id("preview-body")
    assert not any(e["tag"] == "script" for e in page.elements
                   if page.by_id("preview-body") in e["parents"])
    assert page.by_id("previewed")["attrs"]["value"] == "both::0"
    assert mailbox.messages == [] and db.session.scalar(select(Mailing)) is None

    # "Send" for another audience than the previewed one shows its count first.
    page = Page(client.post("/manage/mailing/", data={
        **form, "audience": "participants", "previewed": "both::0", "send": "1"})
        .get_data(as_text=True))
    assert "will go to 2 addresses" in page.text_by_id("preview-heading")
    assert mailbox.messages == []

    response = client.post("/manage/mailing/", data={**form, "previewed": "both::0",
                                                     "send": "1"})
    assert response.status_code == 302
    assert sorted(m["To"] for m in mailbox.messages) == [
        "biuro@fundacja.pl", "jan@example.org", "ola@example.org"]
    mailing = db.session.scalar(select(Mailing))
    assert (mailing.recipients, mailing.audience, mailing.sent_by_id) == (3, "both", staff.id)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 3

    for message in mailbox.messages:
        token = UNSUBSCRIBE.search(text_of(message)).group(1)
        assert message["List-Unsubscribe"] == f"<{mail.unsubscribe_url(token)}>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "<script>" not in message.get_body(("html",)).get_content()
    english = mailbox.last_to("ola@example.org")  # in the language of the account
    assert "because you agreed to receive news" in text_of(english)
    assert '<html lang="en">' in english.get_body(("html",)).get_content()
    organisation = mailbox.last_to("biuro@fundacja.pl")  # in Polish
    assert '<html lang="pl">' in organisation.get_body(("html",)).get_content()

    history = Page(client.get("/manage/mailing/").get_data(as_text=True))
    assert "Szkolenia w grudniu" in history.text_by_id("mailings-table")


def test_a_mailing_to_nobody_is_not_sent(client, staff, mailbox):
    form = {"subject": "Nikt", "body": "Nikt.", "audience": "participants", "area": "",
            "powiat": "0", "previewed": "participants::0", "send": "1"}
    page = Page(client.post("/manage/mailing/", data=form).get_data(as_text=True))
    assert "nobody would get the message" in page.text_by_id("preview-heading")
    assert db.session.scalar(select(Mailing)) is None and mailbox.messages == []


def _sent_token(mailbox, address: str) -> str:
    return UNSUBSCRIBE.search(text_of(mailbox.last_to(address))).group(1)


def test_one_click_unsubscribe_works_without_csrf_and_get_changes_nothing(
        make_app, mailbox):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        services.subscribe("ola@example.org", "account")
        db.session.add(Organisation(name="Fundacja", email="biuro@fundacja.pl"))
        db.session.commit()
        mail.send_mailing("Wiadomość", "Treść.", Audience.BOTH)
        db.session.commit()
        client = app.test_client()
        client.set_cookie("lang", "en")
        person, organisation = (_sent_token(mailbox, "ola@example.org"),
                                _sent_token(mailbox, "biuro@fundacja.pl"))

        page = client.get(f"/mailing/unsubscribe/{person}")
        assert page.status_code == 200 and "Yes, stop the news" in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "no-store"
        assert services.subscriber_of_address("ola@example.org").subscribed  # GET: no change

        # The mail program's POST (RFC 8058): no CSRF token, no session.
        response = client.post(f"/mailing/unsubscribe/{person}",
                               data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        db.session.expire_all()
        assert not services.subscriber_of_address("ola@example.org").subscribed

        # A button POST without the form's token is shown the form again, changes nothing.
        response = client.post(f"/mailing/unsubscribe/{organisation}")
        assert response.status_code == 200
        db.session.expire_all()
        assert db.session.scalar(select(Organisation.mailing_opt_out_at)) is None
        client.post(f"/mailing/unsubscribe/{organisation}",
                    data={"List-Unsubscribe": "One-Click"})
        db.session.expire_all()
        assert db.session.scalar(select(Organisation.mailing_opt_out_at)) is not None
        assert queries.count_recipients(Audience.BOTH) == 0
        assert "no longer gets" in client.get(
            f"/mailing/unsubscribe/{person}").get_data(as_text=True)


def test_a_wrong_token_is_404(client, subscriber_factory):
    own = subscriber_factory("ola@example.org").token
    assert client.get(f"/mailing/unsubscribe/{own}").status_code == 200
    for token in ("nie-ma-takiego", own[:-3] + ("abc" if not own.endswith("abc") else "xyz"),
                  "x" * 80):
        assert client.get(f"/mailing/unsubscribe/{token}").status_code == 404
        assert client.post(f"/mailing/unsubscribe/{token}",
                           data={"List-Unsubscribe": "One-Click"}).status_code == 404


def test_unsubscribing_as_a_person_stops_the_organisation_mail_to_the_same_address(
        app, subscriber_factory, organisation_factory):
    subscriber_factory("jan@example.org")
    organisation_factory("Jan@example.org")
    services.unsubscribe_address("jan@example.org")
    db.session.commit()
    assert queries.count_recipients(Audience.BOTH) == 0
    # Ticking the consent again later is a fresh consent: the person gets the mailings.
    services.subscribe("jan@example.org", "registration")
    db.session.commit()
    assert [r.kind for r in queries.recipients(Audience.BOTH)] == [queries.PARTICIPANT]


def test_the_recipients_cost_the_same_queries_for_few_and_many(
        app, organisation_factory, user_factory):
    def measure():
        db.session.expire_all()
        with counted_queries() as statements:
            found = queries.recipients(Audience.BOTH)
        return len(statements), len(found)

    def add(start, count):
        for n in range(start, start + count):
            user = user_factory(email=f"osoba{n}@example.org") if n % 2 else None
            services.subscribe(f"osoba{n}@example.org", "account", user)
            db.session.add(Organisation(name=f"Organizacja {n}", email=f"org{n}@example.org"))
        db.session.commit()

    add(0, 3)
    few, found = measure()
    assert found == 6
    add(3, 40)
    many, found = measure()
    assert found == 86 and many == few


def test_staff_see_on_the_organisation_page_that_it_stopped_the_mailings(
        client, staff, organisation_factory):
    organisation = organisation_factory("biuro@fundacja.pl")
    page = client.get(f"/manage/organisations/{organisation.id}").get_data(as_text=True)
    assert "sent to the contact address" in page
    services.unsubscribe_address("BIURO@fundacja.pl")
    db.session.commit()
    page = client.get(f"/manage/organisations/{organisation.id}").get_data(as_text=True)
    assert "stopped on" in page
