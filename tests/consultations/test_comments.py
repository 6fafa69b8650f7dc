"""Commenting through the form: sign-in and verified address, the contract's fields, the
current wording beside the form, organisations, receipts, edit, withdraw, report."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from consult.consultations.choices import ORGANISATIONS_ONLY, PRE_MODERATION
from consult.consultations.models import Comment, CommentFlag, CommentStatus
from consult.consultations.services import CommentData, ConsultationError, submit_comment
from consult.extensions import db
from tests.conftest import text_of
from tests.consultations.conftest import comment_on
from tests.html import page_of


def english(client):
    client.set_cookie("lang", "en")


def form_data(**changes) -> dict:
    return {"section": "", "body": "Proponujemy zwiększyć środki na zadania priorytetowe.",
            "proposed_text": "", "justification": "", "on_behalf": "self",
            "organisation_name": "", "organisation_krs": "", **changes}


def comments_of(consultation) -> list[Comment]:
    db.session.expire_all()
    return list(db.session.scalars(select(Comment).where(
        Comment.consultation_id == consultation.id).order_by(Comment.id)))


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, consultation_factory):
    consultation = consultation_factory()
    section = consultation.sections[1]
    response = client.get(f"/consultations/{consultation.slug}/comment?section={section.id}")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/auth/login"
    assert parse_qs(location.query)["next"] == [
        f"/consultations/{consultation.slug}/comment?section={section.id}"]
    response = client.post(f"/consultations/{consultation.slug}/comments", data=form_data())
    assert urlsplit(response.headers["Location"]).path == "/auth/login"
    assert comments_of(consultation) == []


def test_unverified_user_is_told_to_confirm_and_can_get_the_link_again(
        client, consultation_factory, login_as, mailbox):
    english(client)
    consultation = consultation_factory()
    person = login_as("user", verified=False)
    page = page_of(client.get(f"/consultations/{consultation.slug}/comment"))
    assert "Confirm your e-mail address to comment" in page.content
    assert not any(e["attrs"].get("name") == "body" for e in page.elements)
    response = client.post(f"/consultations/{consultation.slug}/comments", data=form_data())
    assert response.status_code == 403 and comments_of(consultation) == []

    response = client.post(f"/consultations/{consultation.slug}/verify-email")
    assert response.status_code == 302
    assert "/auth/verify/" in text_of(mailbox.last_to(person.email))


def test_verified_user_comments_on_a_section_and_gets_a_receipt(
        client, consultation_factory, login_as, mailbox):
    english(client)
    consultation = consultation_factory()
    section = consultation.sections[1]
    person = login_as("user", full_name="Maria Łęcka", email="maria@example.org")

    page = page_of(client.get(f"/consultations/{consultation.slug}/comment?section={section.id}"))
    assert page.value_of("section") == str(section.id)
    assert page.options_of("section")[str(section.id)] == "§ 1 Cel główny"
    assert page.options_of("section")[""] == "The whole document"
    # The current wording of the chosen section is beside the form.
    assert "Celem głównym programu jest budowanie partnerstwa." in page.content
    assert "The controller of your personal data is Płońsk" in page.content

    response = client.post(f"/consultations/{consultation.slug}/comments", data=form_data(
        section=str(section.id), proposed_text="Celem głównym jest partnerstwo i zaufanie.",
        justification="Zaufanie jest kluczowe."))
    (comment,) = comments_of(consultation)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/consultations/{consultation.slug}/#comment-{comment.id}")
    assert comment.section_id == section.id and comment.author_id == person.id
    assert comment.status == CommentStatus.PUBLISHED and comment.private_number == 1
    assert comment.proposed_text == "Celem głównym jest partnerstwo i zaufanie."

    page = page_of(client.get(response.headers["Location"]))
    assert "Your comment has been published" in page.content
    assert "Proponujemy zwiększyć środki" in page.text_by_id(f"comment-{comment.id}")

    receipt = text_of(mailbox.last_to("maria@example.org"))
    assert "Proponujemy zwiększyć środki na zadania priorytetowe." in receipt
    assert "Celem głównym jest partnerstwo i zaufanie." in receipt
    assert "§ 1 Cel główny" in receipt
    assert f"#comment-{comment.id}" in receipt


def test_body_is_required_and_organisation_needs_a_name(client, consultation_factory,
                                                        login_as):
    english(client)
    consultation = consultation_factory()
    login_as("user")
    response = client.post(f"/consultations/{consultation.slug}/comments",
                           data=form_data(body="", justification="Bo tak."))
    page = page_of(response)
    assert "Write your comment." in page.content
    assert page.value_of("csrf_token") is not None
    assert "Bo tak." in page.content  # kept

    response = client.post(f"/consultations/{consultation.slug}/comments",
                           data=form_data(on_behalf="organisation"))
    assert "Give the name of the organisation." in page_of(response).content
    assert comments_of(consultation) == []

    response = client.post(f"/consultations/{consultation.slug}/comments",
                           data=form_data(section="999999"))
    assert comments_of(consultation) == []


def test_organisation_comment_is_remembered_for_next_time(client, consultation_factory,
                                                          login_as, institution_factory):
    english(client)
    first = consultation_factory()
    second = consultation_factory("Program Sochocin",
                                  institution=institution_factory(teryt="1420063",
                                                                  name="Sochocin"))
    login_as("user")
    client.post(f"/consultations/{first.slug}/comments", data=form_data(
        on_behalf="organisation", organisation_name="Fundacja Wspólna Sprawa",
        organisation_krs="0000654321"))
    (comment,) = comments_of(first)
    assert comment.organisation_name == "Fundacja Wspólna Sprawa"

    page = page_of(client.get(f"/consultations/{second.slug}/comment"))
    assert page.value_of("organisation_name") == "Fundacja Wspólna Sprawa"
    assert page.value_of("organisation_krs") == "0000654321"
    assert any(e["attrs"].get("value") == "organisation" and "checked" in e["attrs"]
               for e in page.elements if e["tag"] == "input")


def test_organisations_only_consultation_refuses_a_private_person(client, consultation_factory,
                                                                  login_as):
    english(client)
    consultation = consultation_factory(participation=ORGANISATIONS_ONLY)
    login_as("user")
    page = page_of(client.get(f"/consultations/{consultation.slug}/comment"))
    radios = [e["attrs"]["value"] for e in page.elements
              if e["tag"] == "input" and e["attrs"].get("name") == "on_behalf"]
    assert radios == ["organisation"]

    response = client.post(f"/consultations/{consultation.slug}/comments",
                           data=form_data(body="Jako osoba prywatna."))
    assert response.status_code == 409
    page = page_of(response)
    assert "only organisations may comment" in page.content
    assert "Jako osoba prywatna." in page.content
    assert comments_of(consultation) == []

    client.post(f"/consultations/{consultation.slug}/comments", data=form_data(
        on_behalf="organisation", organisation_name="Klub Sportowy Orzeł"))
    assert [c.organisation_name for c in comments_of(consultation)] == ["Klub Sportowy Orzeł"]


def test_pre_moderation_keeps_the_comment_for_its_author(client, consultation_factory,
                                                         login_as, mailbox):
    english(client)
    consultation = consultation_factory(moderation=PRE_MODERATION)
    person = login_as("user")
    response = client.post(f"/consultations/{consultation.slug}/comments",
                           data=form_data(body="Czekam na moderację."), follow_redirects=True)
    (comment,) = comments_of(consultation)
    assert comment.status == CommentStatus.PENDING
    page = page_of(response)
    assert "waits for the moderator's approval" in page.content
    assert "Czekam na moderację." in page.text_by_id(f"comment-{comment.id}")
    assert "waits for the moderator's approval" in text_of(mailbox.last_to(person.email))

    client.post("/auth/logout")
    assert "Czekam na moderację." not in client.get(
        f"/consultations/{consultation.slug}/").get_data(as_text=True)


def test_author_edits_and_withdraws_while_open(client, consultation_factory, login_as):
    english(client)
    consultation = consultation_factory()
    person = login_as("user")
    comment = comment_on(consultation, person, body="Pierwsza wersja.")
    edit = f"/consultations/{consultation.slug}/comments/{comment.id}/edit"

    page = page_of(client.get(edit))
    assert "Pierwsza wersja." in page.content
    response = client.post(edit, data=form_data(body="Druga wersja."))
    assert response.status_code == 302
    (changed,) = comments_of(consultation)
    assert changed.body == "Druga wersja." and changed.edited_at is not None

    withdraw = f"/consultations/{consultation.slug}/comments/{comment.id}/withdraw"
    assert "Yes, withdraw my comment" in page_of(client.get(withdraw)).content
    assert comments_of(consultation)[0].status == CommentStatus.PUBLISHED  # a GET changes nothing
    assert client.post(withdraw).status_code == 302
    assert comments_of(consultation)[0].status == CommentStatus.WITHDRAWN
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "Druga wersja." not in page.content and "Withdrawn by the author." in page.content


def test_others_cannot_edit_or_withdraw(client, consultation_factory, login_as, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(), body="Cudza uwaga.")
    login_as("user")
    base = f"/consultations/{consultation.slug}/comments/{comment.id}"
    assert client.get(f"{base}/edit").status_code == 403
    assert client.post(f"{base}/edit", data=form_data(body="Podmiana.")).status_code == 403
    assert client.post(f"{base}/withdraw").status_code == 403
    assert comments_of(consultation)[0].body == "Cudza uwaga."
    assert comments_of(consultation)[0].status == CommentStatus.PUBLISHED


def test_no_changes_after_the_close(client, consultation_factory, login_as):
    english(client)
    consultation = consultation_factory()
    person = login_as("user")
    comment = comment_on(consultation, person, body="Przed zamknięciem.")
    consultation.closes_at = consultation.opens_at + timedelta(hours=1)
    db.session.commit()
    base = f"/consultations/{consultation.slug}/comments/{comment.id}"

    response = client.get(f"{base}/edit", follow_redirects=True)
    assert "This comment can no longer be changed." in page_of(response).content
    response = client.post(f"{base}/edit", data=form_data(body="Po zamknięciu."))
    assert response.status_code == 409
    page = page_of(response)
    assert "Po zamknięciu." in page.content and "comments are no longer accepted" in page.content
    response = client.post(f"{base}/withdraw", follow_redirects=True)
    assert "can no longer be withdrawn" in page_of(response).content
    (unchanged,) = comments_of(consultation)
    assert unchanged.body == "Przed zamknięciem." and unchanged.status == CommentStatus.PUBLISHED


def test_report_a_comment_once(client, consultation_factory, login_as, user_factory):
    english(client)
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(), body="Spam spam spam.")
    url = f"/consultations/{consultation.slug}/comments/{comment.id}/report"
    response = client.get(url)
    assert urlsplit(response.headers["Location"]).path == "/auth/login"

    login_as("user")
    assert "What is wrong with this comment?" in page_of(client.get(url)).content
    response = client.post(url, data={"reason": ""})
    assert "Say briefly why you report the comment." in page_of(response).content
    assert client.post(url, data={"reason": "To jest spam."}).status_code == 302
    response = client.post(url, data={"reason": "Jeszcze raz."}, follow_redirects=True)
    assert "You have already reported this comment." in page_of(response).content
    assert db.session.scalar(select(func.count(CommentFlag.id))) == 1
    assert db.session.scalar(select(CommentFlag.reason)) == "To jest spam."


def test_comment_form_is_rate_limited(consultation_factory, user_factory, rate_limited):
    # rate_limited comes last: the limiter is shared and the app made last switches it on.
    consultation = consultation_factory()
    person = user_factory()
    client = rate_limited.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = person.get_id()
    codes = [client.post(f"/consultations/{consultation.slug}/comments",
                         data=form_data(body="")).status_code for _ in range(11)]
    assert codes[-1] == 429 and 429 not in codes[:10]


def test_form_of_a_closed_consultation_says_so(client, consultation_factory, login_as):
    english(client)
    consultation = consultation_factory(opens_in=timedelta(days=-10), closes_in=timedelta(days=-1))
    login_as("user")
    page = page_of(client.get(f"/consultations/{consultation.slug}/comment"))
    assert "comments are no longer accepted" in page.text_by_id("comment-refusal")
    assert not any(e["attrs"].get("name") == "body" for e in page.elements)


def test_a_comment_sent_after_the_session_ended_waits_in_the_form(client, consultation_factory,
                                                                   login_as):
    english(client)
    consultation = consultation_factory()
    section = consultation.sections[2]
    typed = form_data(section=str(section.id), body="Dopisać zasadę jawności budżetu.",
                      justification="Przejrzystość.")
    response = client.post(f"/consultations/{consultation.slug}/comments", data=typed)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/auth/login"
    assert comments_of(consultation) == []

    login_as(full_name="Ewa Powracająca")  # signs in on the same client (same session)
    page = page_of(client.get(f"/consultations/{consultation.slug}/comment"))
    assert page.text_by_id("body").strip() == "Dopisać zasadę jawności budżetu."
    assert page.text_by_id("justification").strip() == "Przejrzystość."
    assert page.value_of("section") == str(section.id)
    assert "We kept the comment you typed" in page.content
    # Used once: the next visit starts with an empty form.
    assert page_of(client.get(f"/consultations/{consultation.slug}/comment")).text_by_id(
        "body").strip() == ""


def test_a_long_comment_after_the_session_ended_is_shown_back_to_copy(client,
                                                                      consultation_factory):
    english(client)
    consultation = consultation_factory()
    long_text = "Bardzo długie uzasadnienie zmiany. " * 80
    response = client.post(f"/consultations/{consultation.slug}/comments",
                           data=form_data(body=long_text))
    assert response.status_code == 401
    page = page_of(response)
    assert page.text_by_id("kept-body").strip() == long_text.strip()
    assert "/auth/login" in response.get_data(as_text=True) and comments_of(consultation) == []


def test_the_rule_checks_the_section_in_the_database(consultation_factory, user_factory):
    """The comment form lists the sections it keeps; the rule that records a comment reads
    the section itself: one of another consultation, or one deleted since, is refused."""
    consultation = consultation_factory()
    other = consultation_factory(title="Program współpracy Gminy Nowe Miasto na 2027 r.",
                                 institution=consultation.institution)
    author = user_factory()
    for section_id in (other.sections[0].id, max(s.id for s in other.sections) + 1000):
        with pytest.raises(ConsultationError):
            submit_comment(consultation, author, CommentData(section_id=section_id,
                                                             body="Uwaga."))
    assert comments_of(consultation) == []
