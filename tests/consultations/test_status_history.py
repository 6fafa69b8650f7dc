"""A comment's status history on the staff comment table: who hid it, why, who showed it
again; each comment shows only its own."""

from consult.consultations import services
from consult.extensions import db
from tests.consultations.conftest import comment_on
from tests.history import history_rows
from tests.html import page_of


def test_the_moderation_table_shows_each_comments_own_history(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    moderated = comment_on(consultation, user_factory(), body="Obraźliwy wpis.")
    untouched = comment_on(consultation, user_factory(), body="Zwykła uwaga.")
    url = f"/manage/consultations/{consultation.id}/comments"
    client.post(f"{url}/{moderated.id}/hide", data={"reason": "Narusza regulamin."})
    client.post(f"{url}/{moderated.id}/publish")

    page = page_of(client.get(url))

    assert history_rows(page, f"history-{moderated.id}") == [
        ["published", "hidden", "Anna Organizatorka", "Narusza regulamin."],
        ["hidden", "published", "Anna Organizatorka", ""],
    ]
    history = next(e for e in page.elements if e["tag"] == "details"
                   and e["attrs"].get("class") == "status-history")
    assert f"comment-{moderated.id}" in [p["attrs"].get("id") for p in history["parents"]]
    assert page.by_id(f"history-{untouched.id}") is None  # no changes: no history shown


def test_the_authors_own_changes_are_in_the_history(
        client, staff, consultation_factory, user_factory):
    consultation = consultation_factory()
    author = user_factory(full_name="Maria Łęcka")
    comment = comment_on(consultation, author)
    services.withdraw_comment(comment, author)
    db.session.commit()

    page = page_of(client.get(f"/manage/consultations/{consultation.id}/comments"))

    assert history_rows(page, f"history-{comment.id}") == [
        ["published", "withdrawn", "Maria Łęcka", ""]]
