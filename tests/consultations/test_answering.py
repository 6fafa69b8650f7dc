"""Answering comments on the staff table: one answer for several comments that say the
same, the current wording beside each comment, a wide justification field, and one
numbering everywhere (staff list, receipts, public page, report, report e-mail)."""

from datetime import timedelta

from flask_babel import force_locale
from sqlalchemy import select

from consult.consultations import services
from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import Comment, Decision
from consult.consultations.report import build_report, publish_report
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import text_of
from tests.consultations.conftest import comment_on
from tests.html import page_of


def comments_url(consultation):
    return f"/manage/consultations/{consultation.id}/comments"


def together_url(consultation):
    return f"/manage/consultations/{consultation.id}/comments/answer-together"


def reloaded(comment) -> Comment:
    db.session.expire_all()
    return db.session.get(Comment, comment.id)


def test_one_answer_for_several_identical_comments(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    first, same, other = (comment_on(consultation, user_factory(), body=body)
                          for body in ("Więcej środków.", "Więcej środków!", "Inna uwaga."))
    page = page_of(client.get(comments_url(consultation)))
    boxes = [e for e in page.elements if e["tag"] == "input"
             and e["attrs"].get("form") == "answer-together"]
    assert [e["attrs"]["value"] for e in boxes] == [str(first.id), str(same.id), str(other.id)]
    assert page.by_id("answer-together") is not None

    response = client.post(together_url(consultation), data={
        "together-comments": [str(first.id), str(same.id)], "together-decision": Decision.REJECTED,
        "together-decision_text": "Budżet na 2027 r. jest już ustalony."})
    assert response.status_code == 302
    page = page_of(client.get(response.headers["Location"]))
    assert "The same answer to comments no. 1, 2 is saved." in page.content
    for comment in (first, same):
        comment = reloaded(comment)
        assert comment.decision == Decision.REJECTED
        assert comment.decision_text == "Budżet na 2027 r. jest już ustalony."
        assert comment.answered_by_id == staff.id and comment.answered_at is not None
    assert reloaded(other).decision is None

    with force_locale("en"):
        rows = {row.number: row for row in build_report(reloaded(first).consultation).rows}
    assert rows[1].cells[-2:] == rows[2].cells[-2:] == [
        "not accepted", "Budżet na 2027 r. jest już ustalony."]
    assert rows[3].decision_label == "no answer yet"


def test_nothing_ticked_keeps_what_was_typed_and_says_what_to_do(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory())
    page = page_of(client.post(together_url(consultation), data={
        "together-decision": Decision.ACCEPTED, "together-decision_text": "Uwzględniamy."}))
    assert "Tick the comments to answer in the table." in page.content
    assert page.value_of("together-decision") == Decision.ACCEPTED
    assert "Uwzględniamy." in page.text_by_id("together-decision_text")
    assert reloaded(comment).decision is None


def test_only_published_comments_of_this_consultation_are_answered_together(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory(moderation=PRE_MODERATION)
    waiting = comment_on(consultation, user_factory())
    another = consultation_factory(title="Inne konsultacje",
                                   institution=consultation.institution)
    elsewhere = comment_on(another, user_factory())
    for comment in (waiting, elsewhere):
        page = page_of(client.post(together_url(consultation), data={
            "together-comments": [str(comment.id)], "together-decision": Decision.ACCEPTED,
            "together-decision_text": "Tak."}))
        assert "Only published comments can be answered" in page.text_by_id(
            "together-comments")
        assert reloaded(comment).decision is None


def test_answers_together_are_refused_once_the_report_is_published(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory(closes_in=timedelta(days=1))
    comment = comment_on(consultation, user_factory())
    services.answer_comment(comment, staff, Decision.ACCEPTED, "Tak.")
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    publish_report(consultation)
    db.session.commit()
    page = page_of(client.get(comments_url(consultation)))
    assert page.by_id("answer-together") is None
    client.post(together_url(consultation), data={
        "together-comments": [str(comment.id)], "together-decision": Decision.REJECTED,
        "together-decision_text": "Jednak nie."})
    assert reloaded(comment).decision == Decision.ACCEPTED


def test_the_current_wording_and_a_wide_justification_field_beside_each_comment(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    section = consultation.sections[1]
    comment = comment_on(consultation, user_factory(), section=section)
    page = page_of(client.get(comments_url(consultation)))
    row = page.text_by_id(f"comment-{comment.id}")
    assert "Current wording" in row and section.text in row
    field = page.by_id(f"decision-text-{comment.id}")
    assert field["attrs"]["class"] == "wide-text" and int(field["attrs"]["rows"]) >= 8


def test_one_number_in_the_list_the_receipt_the_public_page_and_the_report(
        client, consultation_factory, user_factory, login_as, mailbox):
    consultation = consultation_factory(moderation=PRE_MODERATION)
    waiting = comment_on(consultation, user_factory(), body="Czeka na moderatora.")
    person = login_as("user", email="maria@example.org")
    client.set_cookie("lang", "en")
    client.post(f"/consultations/{consultation.slug}/comments", data={
        "section": "", "body": "Opublikowana po moderacji.", "proposed_text": "",
        "justification": "", "on_behalf": "self", "organisation_name": "",
        "organisation_krs": ""})
    mine = db.session.scalars(select(Comment).where(Comment.author_id == person.id)).one()
    assert mine.number is None  # waiting for a moderator: no number that reveals others
    assert "Your comment:" in text_of(mailbox.last_to("maria@example.org"))

    moderator = user_factory(role="staff")
    services.publish_comment(mine, moderator)
    services.publish_comment(waiting, moderator)
    services.hide_comment(waiting, moderator, "Reklama.")
    later = comment_on(consultation, person, body="Druga uwaga.")
    services.publish_comment(later, moderator)
    db.session.commit()
    assert [reloaded(c).number for c in (mine, waiting, later)] == [1, 2, 3]

    mailbox.clear()
    third = comment_on(consultation, user_factory(email="ola@example.org"), body="Trzecia.")
    assert third.number is None
    login_as("staff")
    page = page_of(client.get(comments_url(consultation) + "?order=document"))
    numbers = [page.text(e) for e in page.elements  # in the order they came in
               if e["tag"] == "th" and e["attrs"].get("scope") == "row"]
    assert numbers[:3] == ["2", "1", "3"]
    assert numbers[3] == "— (numbered when published)"

    public = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "Comment no. 3" in public.text_by_id(f"comment-{later.id}")
    assert "Comment no. 2" in public.text_by_id(f"comment-{waiting.id}")  # hidden, kept
    with force_locale("en"):
        report = build_report(consultation)
    assert [row.number for row in report.rows] == [1, 3]  # the hidden no. 2 is left out
    assert report.rows[1].cells[0] == "3"


def test_the_receipt_and_the_report_mail_carry_the_number(
        client, consultation_factory, user_factory, login_as, mailbox):
    consultation = consultation_factory()
    comment_on(consultation, user_factory(), body="Pierwsza.")
    person = login_as("user", email="maria@example.org")
    client.set_cookie("lang", "en")
    client.post(f"/consultations/{consultation.slug}/comments", data={
        "section": "", "body": "Moja uwaga.", "proposed_text": "", "justification": "",
        "on_behalf": "self", "organisation_name": "", "organisation_krs": ""})
    assert "Your comment no. 2:" in text_of(mailbox.last_to("maria@example.org"))

    staff = user_factory(role="staff")
    for comment in db.session.scalars(select(Comment)):
        services.answer_comment(comment, staff, Decision.ACCEPTED, "Uwzględniono.")
    consultation.closes_at = utcnow() - timedelta(minutes=1)
    person.locale = "en"
    publish_report(consultation)
    db.session.commit()
    assert "Comment no. 2, the whole document:" in text_of(
        mailbox.last_to("maria@example.org"))


def test_the_demo_comments_are_numbered_as_the_others(app):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    reported = db.session.scalars(select(Comment).where(
        Comment.decision.is_not(None))).first().consultation
    numbers = sorted(row.number for row in build_report(reported).rows)
    assert numbers == list(range(1, len(numbers) + 1))
