"""/manage/ opens on what needs doing: counts that link to the page where it is done."""

import secrets
from datetime import timedelta

from sqlalchemy import select

from consult.auth.models import MANAGER
from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import Comment, CommentFlag, CommentStatus
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.core.timeutil import local_day, utcnow
from consult.events.models import RegistrationStatus
from consult.events.services import RegistrationData, register
from consult.events.status import set_status
from consult.extensions import db
from consult.network.models import Member, MemberStatus
from tests.conftest import counted_queries
from tests.consultations.conftest import add_comments
from tests.events.conftest import add
from tests.html import page_of


def inbox_links(client) -> dict[str, str]:
    """The inbox's links: text → href."""
    page = page_of(client.get("/manage/"))
    inbox = page.by_id("inbox-heading")["parents"][-1]
    return {page.text(e): e["attrs"]["href"] for e in page.elements
            if e["tag"] == "a" and inbox in e["parents"]}


def flag(comment_id, user):
    db.session.add(CommentFlag(comment_id=comment_id, user_id=user.id, reason="Obraźliwe."))
    db.session.commit()


def comments_of(consultation) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(
        Comment.consultation_id == consultation.id).order_by(Comment.id)))


def busy_consultation(consultation_factory, user_factory, institution, title=None,
                      pending=2, unanswered=3, flagged=1):
    consultation = consultation_factory(
        title or "Program współpracy Gminy Płońsk na 2027 r.", institution=institution,
        moderation=PRE_MODERATION)
    author = user_factory()
    add_comments(consultation, author, pending, status=CommentStatus.PENDING)
    add_comments(consultation, author, unanswered, status=CommentStatus.PUBLISHED)
    published = [c for c in comments_of(consultation) if c.status == CommentStatus.PUBLISHED]
    for comment in published[:flagged]:
        flag(comment.id, user_factory())
    return consultation


def member_request(institution, name="Jan Urzędnik"):
    db.session.add(Member(institution=institution, full_name=name,
                          work_email=f"{secrets.token_hex(4)}@example.gov.pl",
                          status=MemberStatus.PENDING,
                          announcements_token=secrets.token_urlsafe(32)))
    db.session.commit()


def failed_message(recipient="ktos@example.org"):
    db.session.add(OutboxMessage(recipient=recipient, subject="Potwierdzenie", text_body="x",
                                 html_body="<p>x</p>", status=OutboxStatus.FAILED))
    db.session.commit()


def event_with_work(event_factory, user_factory, title="Szkolenie z programu współpracy"):
    """Two registrations wait for approval; one person waits while two seats are free."""
    event = event_factory(title, capacity=5, requires_approval=True)
    for _ in range(2):
        person = user_factory()
        register(event, RegistrationData(full_name=person.full_name, email=person.email,
                                         category="ngo"), user=person)
    waiting = add(event, "Ewa Czekająca", "ewa@example.org", guest=True)
    set_status(waiting, RegistrationStatus.WAITLISTED)  # a guest whose address is not confirmed
    add(event, "Olga Obecna", "olga@example.org")
    db.session.commit()
    return event


def test_staff_see_every_count_each_linking_where_it_is_done(
        client, staff, consultation_factory, event_factory, user_factory, institution_factory):
    consultation = busy_consultation(consultation_factory, user_factory, institution_factory())
    event = event_with_work(event_factory, user_factory)
    member_request(consultation.institution)
    failed_message()

    links = inbox_links(client)

    comments_url = f"/manage/consultations/{consultation.id}/comments"
    assert links["2 comments wait for moderation"] == f"{comments_url}?status=pending"
    first_flagged = next(
        c for c in comments_of(consultation) if c.status == CommentStatus.PUBLISHED)
    assert links["1 reported comment to review"] == f"{comments_url}#comment-{first_flagged.id}"
    assert links["3 comments without an answer"] == f"{comments_url}?decision=unanswered"
    assert links["2 registrations wait for approval"] == (
        f"/manage/events/{event.id}/registrations?status=pending")
    assert links["1 person on the waiting list"] == (
        f"/manage/events/{event.id}/registrations?status=waitlisted")
    assert links["1 request to join the officials' network waits for review"] == (
        "/manage/network/")
    assert links["1 e-mail could not be delivered"] == "/manage/outbox?status=failed"
    page = page_of(client.get("/manage/"))
    assert "1 person on the waiting list, 2 seats free" in page.content
    assert "Nothing needs doing" not in page.content

    # Each link opens the page where the thing is done.
    moderation = page_of(client.get(links["2 comments wait for moderation"]))
    assert moderation.content.count("Publish") >= 2
    reported = page_of(client.get(links["1 reported comment to review"]))
    assert "Dismiss" in reported.text_by_id(f"comment-{first_flagged.id}")
    approvals = page_of(client.get(links["2 registrations wait for approval"]))
    assert "Approve" in approvals.content
    network = page_of(client.get(links[
        "1 request to join the officials' network waits for review"]))
    assert "Jan Urzędnik" in network.content
    outbox = page_of(client.get(links["1 e-mail could not be delivered"]))
    assert "ktos@example.org" in outbox.content


def test_dealt_with_work_leaves_the_inbox(client, staff, consultation_factory, user_factory):
    consultation = busy_consultation(consultation_factory, user_factory, None, pending=1,
                                     unanswered=1, flagged=1)
    comment = next(c for c in comments_of(consultation) if c.status == CommentStatus.PUBLISHED)
    client.post(f"/manage/consultations/{consultation.id}/comments/{comment.id}/hide",
                data={"reason": "Treść obraźliwa."})
    pending = next(c for c in comments_of(consultation) if c.status == CommentStatus.PENDING)
    client.post(f"/manage/consultations/{consultation.id}/comments/{pending.id}/publish")

    links = inbox_links(client)

    assert not any("moderation" in text or "reported" in text for text in links)
    assert "1 comment without an answer" in links  # the one just published


def test_an_empty_inbox_says_so_and_keeps_the_menu(client, staff):
    page = page_of(client.get("/manage/"))

    assert "Nothing needs doing." in page.content
    assert page.by_id("inbox-consultations") is None
    nav = [page.text(e) for e in page.elements if e["tag"] == "a"
           and any(p["tag"] == "nav" and p["attrs"].get("class") == "manage-nav"
                   for p in e["parents"])]
    assert {"Consultations", "Events", "Outbox", "Officials' network"} <= set(nav)


def test_days_left_to_the_report_count_from_the_last_day(
        app, client, staff, consultation_factory, user_factory):
    """No deadline in the law: the last day of comments plus CONSULTATIONS_REPORT_DAYS."""
    consultation = consultation_factory(opens_in=timedelta(days=-20),
                                        closes_in=timedelta(days=-5))
    add_comments(consultation, user_factory(), 1)
    last_day = local_day(consultation.closes_at - timedelta(minutes=1))
    left = (last_day + timedelta(days=app.config["CONSULTATIONS_REPORT_DAYS"])
            - local_day(utcnow())).days

    page = page_of(client.get("/manage/"))

    assert f"{left} days left to the report" in page.content
    assert inbox_links(client)["Prepare and publish the report"] == (
        f"/manage/consultations/{consultation.id}/report")


def test_an_overdue_report_says_by_how_many_days(app, client, staff, consultation_factory):
    app.config["CONSULTATIONS_REPORT_DAYS"] = 2
    consultation_factory(opens_in=timedelta(days=-30), closes_in=timedelta(days=-10))

    page = page_of(client.get("/manage/"))

    assert "The report is 8 days overdue" in page.content


def test_a_manager_sees_only_their_institutions_consultations(
        client, login_as, consultation_factory, event_factory, user_factory,
        institution_factory):
    plonsk = institution_factory()
    raciaz = institution_factory(teryt="1420043", name="Raciąż")
    busy_consultation(consultation_factory, user_factory, institution=plonsk,
                      title="Program współpracy Płońska")
    busy_consultation(consultation_factory, user_factory, institution=raciaz,
                      title="Program współpracy Raciąża", pending=5)
    event_with_work(event_factory, user_factory)
    member_request(plonsk)
    failed_message()
    login_as(MANAGER, institutions=[plonsk])
    client.post("/language", data={"language": "en", "next": "/"})

    page = page_of(client.get("/manage/"))
    links = inbox_links(client)

    assert "Program współpracy Płońska" in page.content
    assert "Program współpracy Raciąża" not in page.content
    assert "2 comments wait for moderation" in links
    assert "5 comments wait for moderation" not in links
    assert not any("registration" in text or "network" in text or "delivered" in text
                   for text in links)
    assert page.by_id("inbox-events") is None


def test_the_inbox_costs_the_same_queries_however_much_waits(
        client, staff, consultation_factory, event_factory, user_factory, institution_factory):
    def queries() -> int:
        client.get("/manage/")  # warm-up
        with counted_queries() as statements:
            assert client.get("/manage/").status_code == 200
        return len(statements)

    plonsk = institution_factory()
    busy_consultation(consultation_factory, user_factory, plonsk)
    event_with_work(event_factory, user_factory)
    few = queries()

    for n in range(4):
        busy_consultation(consultation_factory, user_factory, plonsk, title=f"Konsultacja {n}",
                          pending=3, unanswered=5, flagged=2)
        event_with_work(event_factory, user_factory, title=f"Warsztat {n}")
        member_request(institution_factory(teryt=f"14300{n}1", name=f"Gmina {n}"))
        failed_message()

    assert queries() == few


def test_a_managers_inbox_costs_the_same_queries_too(
        client, login_as, consultation_factory, user_factory, institution_factory):
    plonsk = institution_factory()
    login_as(MANAGER, institutions=[plonsk])

    def queries() -> int:
        client.get("/manage/")
        with counted_queries() as statements:
            assert client.get("/manage/").status_code == 200
        return len(statements)

    busy_consultation(consultation_factory, user_factory, institution=plonsk)
    few = queries()
    for n in range(4):
        busy_consultation(consultation_factory, user_factory, institution=plonsk,
                          title=f"Konsultacja {n}")

    assert queries() == few
