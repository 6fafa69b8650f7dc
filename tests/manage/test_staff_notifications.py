"""What staff and institution managers are told by e-mail (a reported comment at once, a
daily digest), each switchable on /account/notifications; and the author of a hidden
comment is told why."""

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from consult.auth.models import MANAGER, STAFF, User
from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import Comment, CommentStatus
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.manage import mail as staff_mail
from consult.network.models import Member, MemberStatus
from tests.conftest import text_of
from tests.consultations.conftest import add_comments, comment_on
from tests.html import page_of


def english(client):
    client.post("/language", data={"language": "en", "next": "/"})


def person(user_factory, role="user", **fields) -> User:
    """An account whose e-mails are in English."""
    user = user_factory(role, **fields)
    user.locale = "en"
    db.session.commit()
    return user


def switch(user, flagged=True, digest=True):
    user = db.session.get(User, user.id)
    user.notify_flagged_comments, user.notify_daily_digest = flagged, digest
    db.session.commit()


def recipients(mailbox) -> list[str]:
    return sorted(m["To"] for m in mailbox.messages)


def run_digest(app) -> str:
    result = app.test_cli_runner().invoke(args=["manage", "send-digest"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


# --- a reported comment, at once --------------------------------------------------------

def test_a_reported_comment_is_mailed_at_once_to_who_runs_the_consultation(
        client, login_as, consultation_factory, user_factory, institution_factory, mailbox):
    plonsk = institution_factory()
    raciaz = institution_factory(teryt="1420043", name="Raciąż")
    person(user_factory, STAFF, email="anna@federacja.example.org")
    quiet = person(user_factory, STAFF, email="piotr@federacja.example.org")
    switch(quiet, flagged=False)
    person(user_factory, MANAGER, email="kierownik@plonsk.example.org", institutions=[plonsk])
    quiet_manager = person(user_factory, MANAGER, email="zastepca@plonsk.example.org",
                                 institutions=[plonsk])
    switch(quiet_manager, flagged=False)
    person(user_factory, MANAGER, email="kierownik@raciaz.example.org", institutions=[raciaz])
    person(user_factory, STAFF, email="nowy@federacja.example.org", verified=False)
    consultation = consultation_factory(institution=plonsk)
    comment = comment_on(consultation, user_factory(email="autor@example.org"),
                         body="Kupujcie nasze produkty!")
    mailbox.clear()
    login_as("user", email="czytelnik@example.org")

    response = client.post(f"/consultations/{consultation.slug}/comments/{comment.id}/report",
                           data={"reason": "To jest reklama."})

    assert response.status_code == 302
    assert recipients(mailbox) == ["anna@federacja.example.org",
                                   "kierownik@plonsk.example.org"]
    message = text_of(mailbox.last_to("kierownik@plonsk.example.org"))
    assert "To jest reklama." in message and "Kupujcie nasze produkty!" in message
    assert (f"/manage/consultations/{consultation.id}/comments#comment-{comment.id}"
            in message)
    assert "/account/notifications" in message
    html = mailbox.last_to("kierownik@plonsk.example.org").get_body(("html",)).get_content()
    assert "To jest reklama." in html and f"#comment-{comment.id}" in html

    mailbox.clear()  # the same reader again: nothing new to tell
    client.post(f"/consultations/{consultation.slug}/comments/{comment.id}/report",
                data={"reason": "Jeszcze raz."})
    assert mailbox.messages == []


# --- the daily digest -------------------------------------------------------------------

def test_the_digest_goes_once_a_day_with_new_comments_and_requests(
        app, consultation_factory, user_factory, institution_factory, mailbox):
    plonsk = institution_factory()
    raciaz = institution_factory(teryt="1420043", name="Raciąż")
    staff = person(user_factory, STAFF, email="anna@federacja.example.org")
    person(user_factory, MANAGER, email="kierownik@plonsk.example.org", institutions=[plonsk])
    quiet = person(user_factory, STAFF, email="piotr@federacja.example.org")
    switch(quiet, digest=False)
    ours = consultation_factory("Program Płońska", institution=plonsk,
                                moderation=PRE_MODERATION)
    consultation_factory("Program Raciąża", institution=raciaz)
    author = user_factory()
    add_comments(ours, author, 3, status=CommentStatus.PENDING)
    db.session.add(Member(institution=plonsk, full_name="Jan Urzędnik",
                          work_email="jan@example.gov.pl", status=MemberStatus.PENDING,
                          announcements_token=secrets.token_urlsafe(32)))
    db.session.commit()
    mailbox.clear()

    assert run_digest(app).startswith("2 ")

    assert recipients(mailbox) == ["anna@federacja.example.org",
                                   "kierownik@plonsk.example.org"]
    to_staff = text_of(mailbox.last_to("anna@federacja.example.org"))
    assert "Program Płońska: 3 new comments (3 wait for moderation)" in to_staff
    assert "1 new request to join the officials' network" in to_staff
    assert f"/manage/consultations/{ours.id}/comments" in to_staff
    to_manager = text_of(mailbox.last_to("kierownik@plonsk.example.org"))
    assert "Program Płońska: 3 new comments" in to_manager
    assert "officials' network" not in to_manager

    comment_on(consultation_factory("Program Raciąża 2", institution=raciaz,
                                    slug="raciaz-2"), author)  # the author gets a receipt
    mailbox.clear()  # cron runs again the same day, after more has arrived
    assert run_digest(app).startswith("0 ")
    assert mailbox.messages == []

    # The next day: only what arrived since the previous digest.
    sent_at = db.session.get(User, staff.id).digest_sent_at
    next_day = sent_at + timedelta(days=1, hours=2)
    assert staff_mail.send_digests(now=next_day) == 1
    db.session.commit()
    assert recipients(mailbox) == ["anna@federacja.example.org"]
    text = text_of(mailbox.last_to("anna@federacja.example.org"))
    assert "Program Raciąża 2: 1 new comment" in text
    assert "Program Płońska" not in text and "officials' network" not in text
    mailbox.clear()
    assert staff_mail.send_digests(now=next_day + timedelta(hours=1)) == 0


def test_nothing_new_means_no_digest(app, user_factory, mailbox):
    person(user_factory, STAFF, email="anna@federacja.example.org")
    mailbox.clear()

    assert run_digest(app).startswith("0 ")
    assert mailbox.messages == []


def test_the_claim_lets_one_of_two_runs_send(app, consultation_factory, user_factory):
    staff = person(user_factory, STAFF)
    consultation = consultation_factory()
    comment_on(consultation, user_factory())
    previous = db.session.get(User, staff.id).digest_sent_at
    now = utcnow()

    assert staff_mail._claim_digest(staff, previous, now)
    assert not staff_mail._claim_digest(staff, previous, now + timedelta(seconds=1))


# --- the settings page ------------------------------------------------------------------

def test_staff_switch_each_notice_on_their_account(client, login_as, user_factory):
    anna = login_as(STAFF)
    english(client)
    page = page_of(client.get("/account/notifications"))
    assert "checked" in page.by_id("flagged_comments")["attrs"]
    assert "checked" in page.by_id("daily_digest")["attrs"]

    response = client.post("/account/notifications", data={"daily_digest": "y"},
                           follow_redirects=True)

    assert "Your choice of e-mails is saved." in page_of(response).content
    db.session.expire_all()
    saved = db.session.get(User, anna.id)
    assert (saved.notify_flagged_comments, saved.notify_daily_digest) == (False, True)
    page = page_of(client.get("/account/notifications"))
    assert "checked" not in page.by_id("flagged_comments")["attrs"]


def test_managers_have_the_page_and_others_do_not(client, login_as):
    response = client.get("/account/notifications")
    assert urlsplit(response.headers["Location"]).path == "/auth/login"
    login_as("user")
    assert client.get("/account/notifications").status_code == 404
    assert client.post("/account/notifications", data={}).status_code == 404

    login_as(MANAGER)
    assert client.get("/account/notifications").status_code == 200


def test_the_staff_inbox_links_to_the_settings(client, staff):
    links = [e["attrs"].get("href") for e in page_of(client.get("/manage/")).elements
             if e["tag"] == "a"]
    assert "/account/notifications" in links


# --- the author of a hidden comment -----------------------------------------------------

def test_the_author_of_a_hidden_comment_is_told_why(
        client, staff, consultation_factory, user_factory, mailbox):
    author = person(user_factory, email="autor@example.org", full_name="Ewa Autorka")
    consultation = consultation_factory(contact_name="Jan Kowalski",
                                        contact_email="ngo@plonsk.example.org")
    comment = comment_on(consultation, author, body="Wszyscy urzędnicy to …")
    mailbox.clear()
    url = f"/manage/consultations/{consultation.id}/comments/{comment.id}/hide"

    client.post(url, data={"reason": "Komentarz obraża innych uczestników."})

    message = mailbox.last_to("autor@example.org")
    assert message["Subject"].startswith("Your comment was hidden")
    text = text_of(message)
    assert "Komentarz obraża innych uczestników." in text
    assert "Wszyscy urzędnicy to …" in text
    assert "send a new comment" in text
    assert f"/consultations/{consultation.slug}" in text
    assert "ngo@plonsk.example.org" in text
    assert message.get_body(("html",)) is not None

    mailbox.clear()  # a second click on the same form tells nobody again
    client.post(url, data={"reason": "Komentarz obraża innych uczestników."})
    assert mailbox.messages == []


def test_after_the_close_the_author_is_pointed_to_the_organisers(
        client, staff, consultation_factory, user_factory, mailbox):
    author = person(user_factory, email="autor@example.org")
    consultation = consultation_factory(contact_email="ngo@plonsk.example.org")
    comment = comment_on(consultation, author)
    consultation.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    mailbox.clear()

    client.post(f"/manage/consultations/{consultation.id}/comments/{comment.id}/hide",
                data={"reason": "Spam."})

    text = text_of(mailbox.last_to("autor@example.org"))
    assert "Spam." in text and "ngo@plonsk.example.org" in text
    assert "send a new comment" not in text


def test_no_mail_when_the_authors_account_is_gone(
        client, staff, consultation_factory, user_factory, mailbox):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(email="autor@example.org"))
    db.session.get(Comment, comment.id).author_id = None
    db.session.commit()
    mailbox.clear()

    response = client.post(
        f"/manage/consultations/{consultation.id}/comments/{comment.id}/hide",
        data={"reason": "Spam."})

    assert response.status_code == 302
    assert mailbox.messages == []
    assert db.session.scalar(select(Comment.status).where(Comment.id == comment.id)) == "hidden"
