"""The member's own entry: status, preview, edits (logged, re-verified), leaving, the
work e-mail link, the messages staff trigger, and unsubscribing from announcements."""

import re

import pytest
from sqlalchemy import func, select

from consult.core.mail import OutboxMessage, queue_mail
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.network import mail, services
from consult.network.models import (
    FIELDS,
    ConsentLog,
    Member,
    MemberStatus,
    MemberStatusChange,
    Visibility,
)
from tests.conftest import text_of
from tests.html import page_of
from tests.network.test_join import checked, join_form, verification_link


@pytest.fixture
def english(client):
    client.set_cookie("lang", "en")
    return client


@pytest.fixture
def me(login_as):
    user = login_as(email="anna@example.org", full_name="Anna Kowalska")
    user.locale = "en"
    db.session.commit()
    return user


@pytest.fixture
def entry(me, member_factory, mazowsze):
    return member_factory(user=me, institution=mazowsze["plonsk"], full_name="Anna Kowalska",
                          work_email="a.kowalska@plonsk.pl", work_phone="+48 23 111 22 33",
                          visibility={"work_phone": Visibility.MEMBERS,
                                      "department": Visibility.STAFF_ONLY})


def edit_form(member, **overrides) -> dict:
    data = join_form(member.institution, full_name=member.full_name,
                     position=member.position, department=member.department,
                     work_email=member.work_email, work_phone=member.work_phone, bio=member.bio,
                     consent=None, announcements="y",
                     **{f"{name}_visibility": member.visibility(name) for name in FIELDS})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def reload(member) -> Member | None:
    db.session.expire_all()
    return db.session.get(Member, member.id)


def test_the_own_entry_needs_an_account_and_an_entry(client, login_as):
    assert "/auth/login" in client.get("/network/me").headers["Location"]
    assert "/auth/login" in client.get("/network/me/leave").headers["Location"]
    login_as()
    assert client.get("/network/me").headers["Location"] == "/network/join"
    assert client.get("/network/me/leave").headers["Location"] == "/network/join"


def test_an_approved_entry_with_the_previews(english, entry):
    page = page_of(english.get("/network/me"))
    status = page.text_by_id("entry-status")
    assert "approved" in status and "My public profile" in status
    assert any(e["attrs"].get("href") == f"/network/{entry.id}" for e in page.elements)
    public = page.elements.index(page.by_id("preview-public"))
    members = page.elements.index(page.by_id("preview-members"))
    public_text = " ".join(page.text(e) for e in page.elements[public:members])
    members_text = " ".join(page.text(e) for e in page.elements[members:members + 40])
    assert "Anna Kowalska" in public_text and "Płońsk" in public_text
    assert "+48 23 111 22 33" not in public_text and "+48 23 111 22 33" in members_text
    assert "Wydział Spraw Społecznych" not in page.text_by_id("entry-status") + public_text
    # The form holds the entry as it is.
    assert page.value_of("work_phone") == "+48 23 111 22 33"
    assert checked(page, "work_phone_visibility") == [Visibility.MEMBERS]
    assert checked(page, "institution") == [str(entry.institution_id)]
    assert checked(page, "announcements") == ["y"]


@pytest.mark.parametrize("status, expected", [
    (MemberStatus.PENDING, "waiting for the federation's staff"),
    (MemberStatus.REJECTED, "Reason: Nie pracuje w urzędzie"),
    (MemberStatus.EMAIL_PENDING, "Send the link again"),
])
def test_the_status_of_a_request(english, me, member_factory, mazowsze, status, expected):
    member_factory(user=me, institution=mazowsze["plonsk"], status=status,
                   rejection_reason=("Nie pracuje w urzędzie"
                                     if status == MemberStatus.REJECTED else ""))
    page = page_of(english.get("/network/me"))
    assert expected in page.text_by_id("entry-status")
    assert "Nobody but the federation's staff sees your entry" in page.content


def test_send_the_link_again(english, me, member_factory, mazowsze, mailbox):
    member = member_factory(user=me, institution=mazowsze["plonsk"],
                            status=MemberStatus.EMAIL_PENDING, work_email="anna@plonsk.pl")
    response = english.post("/network/me/resend-link", follow_redirects=True)
    assert "We have sent the link again" in page_of(response).content
    link = verification_link(mailbox.last_to("anna@plonsk.pl"))
    english.post(link)
    assert reload(member).status == MemberStatus.APPROVED


def test_visibility_changes_are_stored_and_logged_with_the_time(english, entry, mailbox):
    before = utcnow()
    response = english.post("/network/me", data=edit_form(
        entry, work_phone_visibility=Visibility.PUBLIC, bio="Nowe bio",
        bio_visibility=Visibility.STAFF_ONLY))
    assert response.status_code == 302 and response.headers["Location"] == "/network/me"
    member = reload(entry)
    assert member.status == MemberStatus.APPROVED  # nothing to check again
    assert member.work_phone_visibility == Visibility.PUBLIC
    assert member.bio_visibility == Visibility.STAFF_ONLY
    assert member.bio == "Nowe bio"
    first, latest = member.consents
    assert first.choices["work_phone"] == Visibility.MEMBERS
    assert latest.choices["work_phone"] == Visibility.PUBLIC
    assert latest.choices["bio"] == Visibility.STAFF_ONLY
    assert latest.given_at >= before.replace(microsecond=0)
    assert "+48 23 111 22 33" in member.search_public and "nowe bio" not in member.search_public
    assert mailbox.messages == []


def test_a_new_official_address_is_confirmed_again(english, entry, mailbox):
    english.post("/network/me", data=edit_form(entry, work_email="anna.k@plonsk.pl"))
    member = reload(entry)
    assert member.status == MemberStatus.EMAIL_PENDING and member.work_email == "anna.k@plonsk.pl"
    assert services.db.session.scalars(services.directory(Visibility.PUBLIC)).all() == []
    link = verification_link(mailbox.last_to("anna.k@plonsk.pl"))
    assert english.post(link).status_code == 302
    assert reload(entry).status == MemberStatus.APPROVED


def test_a_new_institution_with_a_private_address_waits_for_staff(english, entry, mazowsze,
                                                                  mailbox):
    response = english.post("/network/me", data=edit_form(
        entry, institution=str(mazowsze["baboszewo"].id)), follow_redirects=True)
    assert "The federation's staff will check it" in page_of(response).content
    member = reload(entry)
    assert member.status == MemberStatus.PENDING
    assert member.institution_id == mazowsze["baboszewo"].id
    assert member.powiat_id == mazowsze["plonski"].id
    assert "We have received your request" in text_of(mailbox.last_to("anna@example.org"))


def test_an_old_link_stops_working_when_the_address_changes(english, me, member_factory,
                                                            mazowsze, make_app):
    member = member_factory(user=me, institution=mazowsze["plonsk"],
                            status=MemberStatus.EMAIL_PENDING, work_email="anna@plonsk.pl")
    token = mail.verification_token(member)
    assert english.get("/network/verify/not-a-token").status_code == 400
    member.work_email = "inna@plonsk.pl"
    db.session.commit()
    response = english.get(f"/network/verify/{token}")
    assert response.status_code == 400 and "This link does not work" in page_of(
        response).content
    assert english.post(f"/network/verify/{token}").status_code == 400
    assert reload(member).status == MemberStatus.EMAIL_PENDING

    expired = make_app(EMAIL_TOKEN_MAX_AGE=-1).test_client()
    expired.set_cookie("lang", "en")
    response = expired.get(f"/network/verify/{mail.verification_token(reload(member))}")
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


def test_a_rejected_member_corrects_and_sends_again(english, me, member_factory, mazowsze,
                                                    mailbox):
    member = member_factory(user=me, institution=mazowsze["plonsk"], status=MemberStatus.REJECTED,
                            work_email="anna@gmail.com", rejection_reason="Brak potwierdzenia")
    english.post("/network/me", data=edit_form(member, position="sekretarz gminy"))
    assert reload(member).status == MemberStatus.PENDING
    assert "We have received your request" in text_of(mailbox.last_to("anna@example.org"))


def test_announcements_can_be_turned_off_and_on(english, entry):
    english.post("/network/me", data=edit_form(entry, announcements=None))
    assert reload(entry).announcements_opt_out is True
    english.post("/network/me", data=edit_form(entry, announcements="y"))
    assert reload(entry).announcements_opt_out is False


def test_edit_errors_keep_what_was_typed(english, entry):
    response = english.post("/network/me", data=edit_form(
        entry, full_name="", position="nowe stanowisko"))
    page = page_of(response)
    assert page.text_by_id("full_name-error")
    assert page.value_of("position") == "nowe stanowisko"
    assert reload(entry).position != "nowe stanowisko"


def test_leaving_removes_the_entry_at_once(english, entry, client):
    page = page_of(english.get("/network/me/leave"))
    assert "Leave the network and delete my entry" in page.content
    assert reload(entry) is not None
    response = english.post("/network/me/leave")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Member)) == 0
    assert db.session.scalar(select(func.count()).select_from(ConsentLog)) == 0
    assert "Anna Kowalska" not in page_of(client.get("/network/?q=kowalska")).content
    assert client.get(f"/network/{entry.id}").status_code == 404


def data_of(member, **changes) -> services.MemberData:
    values = dict(institution=member.institution, full_name=member.full_name,
                  position=member.position, work_email=member.work_email,
                  is_coordinator=member.is_coordinator,
                  announcements=not member.announcements_opt_out)
    return services.MemberData(**{**values, **changes})


def test_a_corrected_rejected_request_goes_back_to_staff_and_old_links_fail(
        app, institution_factory, member_factory):
    plonsk = institution_factory(domains="plonsk.pl")
    member = member_factory(institution=plonsk, status=MemberStatus.EMAIL_PENDING,
                            work_email="w@plonsk.pl",
                            user=None)
    services.reject(member, "To nie jest adres urzędu.")
    assert services.update_entry(member, data_of(member)) is True
    assert member.status == MemberStatus.PENDING
    with pytest.raises(services.NetworkError):  # the link sent before no longer approves
        services.confirm_work_email(member, "w@plonsk.pl")
    assert member.status == MemberStatus.PENDING


def test_a_staff_approved_entry_changing_name_or_role_is_checked_again(app, member_factory):
    member = member_factory(work_email="jan@gmail.com", user=None)
    assert member.status == MemberStatus.APPROVED and member.email_verified_at is None
    services.update_entry(member, data_of(member, bio="Nowe zdanie o mnie."))
    assert member.status == MemberStatus.APPROVED  # other fields change freely
    services.update_entry(member, data_of(member, full_name="Wójt Jan", is_coordinator=True))
    assert member.status == MemberStatus.PENDING


def test_every_change_of_status_is_logged_with_who_and_why(app, user_factory, staff,
                                                           mazowsze):
    person = user_factory(email="ola@example.org")
    member = services.join(person, services.MemberData(
        institution=mazowsze["plonsk"], full_name="Ola Nowak", position="inspektorka",
        work_email="ola@gmail.com"))
    services.reject(member, "Adres spoza urzędu.", by=staff)
    services.update_entry(member, data_of(member))
    services.approve(member, by=staff)
    db.session.commit()
    log = db.session.scalars(select(MemberStatusChange).where(
        MemberStatusChange.member_id == member.id).order_by(MemberStatusChange.id)).all()
    assert [(c.from_status, c.to_status, c.changed_by_id) for c in log] == [
        (None, MemberStatus.PENDING, person.id),
        (MemberStatus.PENDING, MemberStatus.REJECTED, staff.id),
        (MemberStatus.REJECTED, MemberStatus.PENDING, person.id),
        (MemberStatus.PENDING, MemberStatus.APPROVED, staff.id),
    ]
    assert log[1].reason == "Adres spoza urzędu." and all(c.changed_at for c in log)
    # The services decide the mail: received, rejected, received again, approved.
    assert db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.recipient == "ola@example.org").order_by(OutboxMessage.id)).all() == [
        "Twoje zgłoszenie do sieci urzędników i urzędniczek"] * 3 + [
        "Należysz do sieci urzędników i urzędniczek"]
    services.leave(member)
    db.session.commit()
    assert db.session.scalar(select(func.count(MemberStatusChange.id))) == 0


def test_leaving_removes_the_copies_of_messages_to_the_work_address(app, member_factory):
    member = member_factory(work_email="v@plonsk.pl", user=None,
                            email_verified_at=utcnow())  # the member proved the address
    with app.test_request_context():
        queue_mail("v@plonsk.pl", "Ogłoszenie", "auth/mail/verify", url="https://x", hours=1)
    db.session.commit()
    services.leave(member)
    db.session.commit()
    assert db.session.scalar(select(func.count(OutboxMessage.id)).where(
        OutboxMessage.recipient == "v@plonsk.pl")) == 0


def test_staff_decisions_are_mailed_to_the_account(app, me, member_factory, mazowsze,
                                                   mailbox):
    member = member_factory(user=me, institution=mazowsze["plonsk"], status=MemberStatus.PENDING,
                            work_email="anna@gmail.com")
    services.approve(member)
    db.session.commit()
    approved = mailbox.last_to("anna@example.org")
    assert f"/network/{member.id}" in text_of(approved) and "/network/me" in text_of(approved)

    services.reject(member, "Proszę podać adres w domenie urzędu")
    db.session.commit()
    rejected = text_of(mailbox.last_to("anna@example.org"))
    assert "Proszę podać adres w domenie urzędu" in rejected
    assert mailbox.to("anna@gmail.com") == []


def test_announcement_headers(app, entry):
    headers = mail.announcement_headers(entry)
    assert re.fullmatch(
        rf"<https?://[^>]+/network/announcements/unsubscribe/{entry.announcements_token}>",
        headers["List-Unsubscribe"])
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribe_with_a_button_or_in_one_click(make_app, member_factory, mazowsze):
    app = make_app(WTF_CSRF_ENABLED=True)  # one-click needs no CSRF token: the link is secret
    client = app.test_client()
    client.set_cookie("lang", "en")
    first = member_factory(institution=mazowsze["plonsk"])
    second = member_factory(institution=mazowsze["plonsk"])

    url = f"/network/announcements/unsubscribe/{first.announcements_token}"
    page = page_of(client.get(url))
    assert "Yes, stop the announcements" in page.content
    assert reload(first).announcements_opt_out is False  # a GET changes nothing
    response = client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Announcements stopped" in page_of(response).content
    assert reload(first).announcements_opt_out is True
    assert reload(second).announcements_opt_out is False
    assert client.post(url, data={"List-Unsubscribe": "One-Click"}).status_code == 200

    # Without one-click, the button's form needs its CSRF token.
    url = f"/network/announcements/unsubscribe/{second.announcements_token}"
    response = client.post(url)
    assert response.status_code == 200 and "expired" in response.get_data(as_text=True)
    assert reload(second).announcements_opt_out is False
    token = page_of(client.get(url)).value_of("csrf_token")
    assert "Announcements stopped" in page_of(client.post(url, data={"csrf_token": token})
                                              ).content
    assert reload(second).announcements_opt_out is True

    assert client.get("/network/announcements/unsubscribe/unknown").status_code == 404
    assert client.post("/network/announcements/unsubscribe/unknown",
                       data={"List-Unsubscribe": "One-Click"}).status_code == 404
