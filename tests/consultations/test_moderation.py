"""Moderation on the staff comment table: hiding with a reason, approving waiting comments,
showing hidden ones again, reports by users and dismissing them."""

from flask_babel import force_locale

from consult.consultations import services
from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import Comment, CommentFlag, CommentStatus, CommentStatusChange
from consult.extensions import db
from tests.consultations.conftest import comment_on
from tests.html import page_of


def comments_url(consultation, query=""):
    return f"/manage/consultations/{consultation.id}/comments{query}"


def action_url(consultation, comment, action, query=""):
    return f"/manage/consultations/{consultation.id}/comments/{comment.id}/{action}{query}"


def test_hide_with_a_reason_keeps_the_comment_in_the_record(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(), body="Obraźliwy wpis.",
                         section=consultation.sections[1])
    response = client.post(action_url(consultation, comment, "hide", "?status=published"),
                           data={"reason": "Wpis narusza regulamin (obraźliwy język)."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/manage/consultations/{consultation.id}/comments?status=published"
        f"#comment-{comment.id}")
    db.session.expire_all()
    comment = db.session.get(Comment, comment.id)
    assert comment.status == CommentStatus.HIDDEN
    assert comment.hidden_reason == "Wpis narusza regulamin (obraźliwy język)."
    assert comment.moderated_by_id == staff.id
    assert comment.body == "Obraźliwy wpis."

    row = page_of(client.get(comments_url(consultation))).text_by_id(f"comment-{comment.id}")
    assert "hidden" in row
    assert "Reason: Wpis narusza regulamin (obraźliwy język)." in row
    assert "Obraźliwy wpis." in row  # staff still see what was written
    assert "Show again" in row


def test_hiding_needs_a_reason_and_keeps_the_other_filters(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(), section=consultation.sections[1])
    response = client.post(action_url(consultation, comment, "hide", "?order=document"),
                           data={"reason": "   "})
    assert response.status_code == 200
    page = page_of(response)
    assert "Give the reason" in page.text_by_id(f"reason-{comment.id}-error")
    hide_form = page.by_id(f"hide-{comment.id}")
    assert hide_form["attrs"]["action"].endswith("/hide?order=document")
    assert any(p["tag"] == "details" and "open" in p["attrs"] for p in hide_form["parents"])
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == CommentStatus.PUBLISHED


def test_show_a_hidden_comment_again(client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory())
    services.hide_comment(comment, staff, "Pomyłka")
    db.session.commit()
    response = client.post(action_url(consultation, comment, "publish"))
    assert response.status_code == 302
    db.session.expire_all()
    comment = db.session.get(Comment, comment.id)
    assert (comment.status, comment.hidden_reason) == (CommentStatus.PUBLISHED, None)


def test_approve_a_comment_waiting_for_moderation(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory(moderation=PRE_MODERATION)
    comment = comment_on(consultation, user_factory(), body="Czekam na moderację.")
    assert comment.status == CommentStatus.PENDING
    page = page_of(client.get(comments_url(consultation)))
    row = page.text_by_id(f"comment-{comment.id}")
    assert "awaiting moderation" in row
    assert "Publish the comment first, then answer it." in row
    assert page.by_id(f"answer-{comment.id}") is None

    response = client.post(action_url(consultation, comment, "publish", "?status=pending"))
    assert response.headers["Location"].endswith(f"?status=pending#comment-{comment.id}")
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == CommentStatus.PUBLISHED
    page = page_of(client.get(comments_url(consultation)))
    assert page.by_id(f"answer-{comment.id}") is not None


def test_a_pending_comment_can_be_hidden_instead(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory(moderation=PRE_MODERATION)
    comment = comment_on(consultation, user_factory())
    client.post(action_url(consultation, comment, "hide"), data={"reason": "Spam"})
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == CommentStatus.HIDDEN


def test_every_status_change_is_logged_with_who_and_why(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory(moderation=PRE_MODERATION)
    author = user_factory()
    comment = comment_on(consultation, author)
    client.post(action_url(consultation, comment, "publish"))
    client.post(action_url(consultation, comment, "hide"), data={"reason": "Spam"})
    client.post(action_url(consultation, comment, "hide"), data={"reason": "Spam"})  # again
    client.post(action_url(consultation, comment, "publish"))
    db.session.expire_all()
    services.withdraw_comment(db.session.get(Comment, comment.id), author)
    db.session.commit()
    log = db.session.scalars(db.select(CommentStatusChange).where(
        CommentStatusChange.comment_id == comment.id).order_by(CommentStatusChange.id)).all()
    assert [(c.old_status, c.new_status, c.actor_id, c.reason) for c in log] == [
        (CommentStatus.PENDING, CommentStatus.PUBLISHED, staff.id, ""),
        (CommentStatus.PUBLISHED, CommentStatus.HIDDEN, staff.id, "Spam"),
        (CommentStatus.HIDDEN, CommentStatus.PUBLISHED, staff.id, ""),
        (CommentStatus.PUBLISHED, CommentStatus.WITHDRAWN, author.id, ""),
    ]
    assert all(c.at is not None for c in log)


def test_publishing_a_published_comment_says_why_not(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory())
    response = client.post(action_url(consultation, comment, "publish"), follow_redirects=True)
    assert "Only a waiting or hidden comment can be published." in page_of(response).content


def test_withdrawn_comments_are_shown_but_not_moderated(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    author = user_factory()
    comment = comment_on(consultation, author, body="Wycofana uwaga.")
    services.withdraw_comment(comment, author)
    db.session.commit()
    page = page_of(client.get(comments_url(consultation)))
    row = page.text_by_id(f"comment-{comment.id}")
    assert "Withdrawn by the author" in row
    assert "No answer needed." in row
    assert page.by_id(f"hide-{comment.id}") is None
    response = client.post(action_url(consultation, comment, "hide"), data={"reason": "x"},
                           follow_redirects=True)
    assert "A withdrawn comment cannot be hidden." in page_of(response).content
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).status == CommentStatus.WITHDRAWN


def test_reports_are_listed_with_reasons_and_can_be_dismissed(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(), section=consultation.sections[2])
    services.flag_comment(comment, user_factory(), "Reklama firmy")
    services.flag_comment(comment, user_factory(), "")
    db.session.commit()
    page = page_of(client.get(comments_url(consultation)))
    row = page.text_by_id(f"comment-{comment.id}")
    assert "Reported by 2 people" in row
    assert "Reklama firmy" in row and "no reason given" in row
    assert "1 reported by users" in page.text_by_id("comment-counts")

    response = client.post(action_url(consultation, comment, "dismiss-flags"))
    assert response.status_code == 302
    db.session.expire_all()
    assert all(flag.resolved_at is not None for flag in db.session.query(CommentFlag))
    assert db.session.get(Comment, comment.id).status == CommentStatus.PUBLISHED
    row = page_of(client.get(comments_url(consultation))).text_by_id(f"comment-{comment.id}")
    assert "Reported by" not in row


def test_hiding_resolves_the_reports(client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory())
    services.flag_comment(comment, user_factory(), "Obraźliwe")
    db.session.commit()
    client.post(action_url(consultation, comment, "hide"), data={"reason": "Obraźliwe"})
    db.session.expire_all()
    assert db.session.query(CommentFlag).one().resolved_at is not None


def test_comment_of_another_consultation_is_404(
        client, staff, consultation_factory, user_factory):
    one = consultation_factory()
    two = consultation_factory(title="Inny", institution=one.institution)
    comment = comment_on(two, user_factory())
    assert client.post(action_url(one, comment, "hide"),
                       data={"reason": "x"}).status_code == 404
    assert client.post(action_url(one, comment, "publish")).status_code == 404
    assert client.post(action_url(one, comment, "answer"),
                       data={"decision": "accepted", "decision_text": "x"}).status_code == 404


def test_private_people_are_numbered_when_first_published(consultation_factory,
                                                          user_factory, staff):
    """Under pre-moderation "no. 2" must not reveal a "no. 1" still waiting."""
    consultation = consultation_factory(moderation=PRE_MODERATION)
    first, second = user_factory(), user_factory()
    waiting = comment_on(consultation, first, body="Czeka")
    approved = comment_on(consultation, second, body="Zatwierdzona")
    # Outside a request the labels are in the default language (Polish): ask for English.
    with force_locale("en"):
        assert waiting.public_author == "Private person"
        services.publish_comment(approved, staff)
        db.session.commit()
        assert approved.public_author == "Private person no. 1"
        services.publish_comment(waiting, staff)
        again = comment_on(consultation, second, body="Druga uwaga tej samej osoby")
        services.publish_comment(again, staff)
        db.session.commit()
        assert waiting.public_author == "Private person no. 2"
        assert again.public_author == "Private person no. 1"
