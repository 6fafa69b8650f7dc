"""Answers on the staff comment table: document order, "waiting first", filters, the full
record of the author, answering inline, read-only after the report, query counts."""

from datetime import timedelta

from consult.consultations.choices import ORGANISATION, PRE_MODERATION
from consult.consultations.models import Comment, CommentFlag, Consultation, Decision
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import counted_queries
from tests.consultations.conftest import comment_on
from tests.html import page_of


def comments_url(consultation, query=""):
    return f"/manage/consultations/{consultation.id}/comments{query}"


def answer_url(consultation, comment, query=""):
    return f"/manage/consultations/{consultation.id}/comments/{comment.id}/answer{query}"


def row_ids(response) -> list[int]:
    page = page_of(response)
    return [int(e["attrs"]["id"].removeprefix("comment-")) for e in page.elements
            if e["tag"] == "tr" and e["attrs"].get("id", "").startswith("comment-")]


def numbers(response) -> list[str]:
    """The Lp. column."""
    page = page_of(response)
    return [page.text(e) for e in page.elements
            if e["tag"] == "th" and e["attrs"].get("scope") == "row"]


def setup_comments(consultation, user_factory):
    """Comments in an order unlike the document's: § 2, whole document, § 1, § 1."""
    _chapter, first, second = consultation.sections
    on_second = comment_on(consultation, user_factory(), body="Do § 2.", section=second)
    on_document = comment_on(consultation, user_factory(), body="Do całości.")
    on_first = comment_on(consultation, user_factory(), body="Do § 1, pierwsza.", section=first)
    on_first_again = comment_on(consultation, user_factory(), body="Do § 1, druga.",
                                section=first)
    return on_document, on_first, on_first_again, on_second


def test_table_is_in_document_order_with_waiting_comments_first(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    on_document, on_first, on_first_again, on_second = setup_comments(consultation, user_factory)

    response = client.get(comments_url(consultation))
    assert row_ids(response) == [on_document.id, on_first.id, on_first_again.id, on_second.id]
    assert numbers(response) == ["2", "3", "4", "1"]  # numbered as they came in

    client.post(answer_url(consultation, on_first),
                data={"decision": Decision.ACCEPTED, "decision_text": "Uwzględniamy."})
    response = client.get(comments_url(consultation))
    # Answered comments move after the ones still waiting; their number stays.
    assert row_ids(response) == [on_document.id, on_first_again.id, on_second.id, on_first.id]
    assert numbers(response) == ["2", "4", "1", "3"]
    response = client.get(comments_url(consultation, "?order=document"))
    assert row_ids(response) == [on_document.id, on_first.id, on_first_again.id, on_second.id]


def test_moving_a_section_changes_the_order(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    on_document, on_first, on_first_again, on_second = setup_comments(consultation, user_factory)
    consultation.opens_at = utcnow() + timedelta(days=1)  # postponed: sections may move
    db.session.commit()
    second = consultation.sections[2]
    client.post(f"/manage/consultations/{consultation.id}/sections/{second.id}/move",
                data={"direction": "up"})
    response = client.get(comments_url(consultation))
    assert row_ids(response) == [on_document.id, on_second.id, on_first.id, on_first_again.id]


def test_filters_by_status_decision_and_section(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    on_document, on_first, on_first_again, on_second = setup_comments(consultation, user_factory)
    first = consultation.sections[1]
    client.post(answer_url(consultation, on_first),
                data={"decision": Decision.REJECTED, "decision_text": "Nie."})
    client.post(answer_url(consultation, on_second),
                data={"decision": Decision.ACCEPTED, "decision_text": "Tak."})
    client.post(f"/manage/consultations/{consultation.id}/comments/{on_document.id}/hide",
                data={"reason": "Poza tematem"})

    def ids(query):
        return row_ids(client.get(comments_url(consultation, query)))

    assert ids("?decision=unanswered") == [on_first_again.id]
    assert ids("?decision=rejected") == [on_first.id]
    assert ids("?decision=accepted") == [on_second.id]
    assert ids(f"?section={first.id}&order=document") == [on_first.id, on_first_again.id]
    assert ids("?section=document") == [on_document.id]
    assert ids("?status=hidden") == [on_document.id]
    assert ids("?status=published&decision=unanswered") == [on_first_again.id]
    assert len(ids("?status=nonsense&section=999999")) == 4  # unknown values are ignored
    page = page_of(client.get(comments_url(consultation, "?decision=accepted&section=document")))
    assert "No comments match the filters." in page.content
    assert page.value_of("decision") == "accepted"
    assert page.value_of("section") == "document"


def test_staff_see_the_full_record_of_the_author(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    person = user_factory(full_name="Maria Łęcka", email="maria@example.org")
    private = user_factory(full_name="Jan Prywatny", email="jan@example.org")
    for_organisation = comment_on(
        consultation, person, section=consultation.sections[1], on_behalf=ORGANISATION,
        organisation_name="Stowarzyszenie Aktywni Razem", organisation_krs="0000123456",
        proposed_text="Celem głównym jest partnerstwo.", justification="Bo tak.")
    as_person = comment_on(consultation, private, body="Uwaga prywatna.")

    page = page_of(client.get(comments_url(consultation)))
    row = page.text_by_id(f"comment-{for_organisation.id}")
    assert "Maria Łęcka" in row and "maria@example.org" in row
    assert "on behalf of Stowarzyszenie Aktywni Razem, KRS or register: 0000123456" in row
    assert "Proposed wording: Celem głównym jest partnerstwo." in row
    assert "Justification: Bo tak." in row
    assert "§ 1 Cel główny" in row
    row = page.text_by_id(f"comment-{as_person.id}")
    assert "Jan Prywatny" in row and "jan@example.org" in row
    assert "Shown publicly as: Private person no." in row
    assert "the whole document" in row


def test_answer_is_saved_and_the_page_returns_to_the_row(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory(), section=consultation.sections[1])
    response = client.post(
        answer_url(consultation, comment, "?decision=unanswered&order=document"),
        data={"decision": Decision.PARTIALLY_ACCEPTED, "decision_text": "Uwzględniamy w części."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/comments?decision=unanswered&order=document#comment-{comment.id}")
    db.session.expire_all()
    comment = db.session.get(Comment, comment.id)
    assert (comment.decision, comment.decision_text) == (
        Decision.PARTIALLY_ACCEPTED, "Uwzględniamy w części.")
    assert comment.answered_by_id == staff.id

    page = page_of(client.get(comments_url(consultation)))
    assert page.value_of("decision") is None  # the filter
    answer = page.by_id(f"decision-{comment.id}")
    options = [e for e in page.elements if e["tag"] == "option" and answer in e["parents"]]
    assert [o["attrs"]["value"] for o in options if "selected" in o["attrs"]] == [
        Decision.PARTIALLY_ACCEPTED]
    assert page.text_by_id(f"decision-text-{comment.id}") == "Uwzględniamy w części."
    assert "0 without an answer" in page.text_by_id("comment-counts")


def test_answer_without_justification_keeps_what_was_typed(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory())
    other = comment_on(consultation, user_factory())
    response = client.post(answer_url(consultation, comment),
                           data={"decision": Decision.REJECTED, "decision_text": ""})
    assert response.status_code == 200
    page = page_of(response)
    assert "Give the justification" in page.text_by_id(f"decision-text-{comment.id}-error")
    select_element = page.by_id(f"decision-{comment.id}")
    chosen = [e["attrs"]["value"] for e in page.elements
              if e["tag"] == "option" and select_element in e["parents"]
              and "selected" in e["attrs"]]
    assert chosen == [Decision.REJECTED]
    assert page.by_id(f"decision-text-{other.id}-error") is None

    response = client.post(answer_url(consultation, comment),
                           data={"decision": "", "decision_text": "Uzasadnienie bez decyzji."})
    page = page_of(response)
    assert "Choose the decision." in page.text_by_id(f"decision-{comment.id}-error")
    assert page.text_by_id(f"decision-text-{comment.id}") == "Uzasadnienie bez decyzji."
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).decision is None


def test_answers_are_read_only_after_the_report(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    comment = comment_on(consultation, user_factory())
    client.post(answer_url(consultation, comment),
                data={"decision": Decision.ACCEPTED, "decision_text": "Tak."})
    consultation.report_published_at = utcnow()
    db.session.commit()
    page = page_of(client.get(comments_url(consultation)))
    assert page.by_id("answers-read-only") is not None
    assert page.by_id(f"answer-{comment.id}") is None
    row = page.text_by_id(f"comment-{comment.id}")
    assert "accepted" in row and "Tak." in row

    response = client.post(answer_url(consultation, comment),
                           data={"decision": Decision.REJECTED, "decision_text": "Jednak nie."},
                           follow_redirects=True)
    assert "record can no longer change" in page_of(response).content
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).decision == Decision.ACCEPTED


def test_comment_table_has_a_constant_number_of_queries(
        client, staff, consultation_factory, user_factory):
    consultation_id = consultation_factory(moderation=PRE_MODERATION).id

    def add(n):
        consultation = db.session.get(Consultation, consultation_id)
        sections = consultation.sections
        for i in range(n):
            author = user_factory()
            comment = comment_on(consultation, author, section=sections[i % 3] if i % 4 else None,
                                 on_behalf=ORGANISATION if i % 2 else "self",
                                 organisation_name=f"Fundacja {i}", organisation_krs="0000000001")
            if i % 3 == 0:
                comment.status = "published"
                db.session.add(CommentFlag(comment_id=comment.id, user_id=author.id,
                                           reason="spam"))
            if i % 5 == 0:
                comment.status, comment.decision, comment.decision_text = (
                    "published", Decision.ACCEPTED, "Tak.")
        db.session.commit()

    url = f"/manage/consultations/{consultation_id}/comments"
    add(4)
    client.get(url)  # warm-up: what is cached per process
    db.session.expunge_all()  # every object loaded afresh, as in a new process
    with counted_queries() as few:
        assert client.get(url).status_code == 200
    add(40)
    db.session.expunge_all()
    with counted_queries() as many:
        response = client.get(url)
    assert len(row_ids(response)) == 44
    assert len(many) == len(few), many
