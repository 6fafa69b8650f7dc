"""A consultation with many comments, as its readers see it: up to INLINE_LIMIT comments all
under their sections; above it each section shows how many comments it has and a link to
them, a section's comments (or one decision's) come 100 a page, and the print view has
them all. Commenters still find, change and withdraw their own comments."""

from datetime import timedelta

from consult.consultations import services
from consult.consultations.choices import PRE_MODERATION
from consult.consultations.models import Comment, CommentStatus, Decision
from consult.consultations.queries import COMMENTS_PER_PAGE, INLINE_LIMIT
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.consultations.conftest import add_comments, comment_on, links_to
from tests.html import page_of


def english(client):
    client.set_cookie("lang", "en")
    return client


def comment_items(page) -> list[dict]:
    return [e for e in page.elements if e["tag"] == "li"
            and "comment" in e["attrs"].get("class", "").split()]


def test_up_to_the_limit_every_comment_is_on_the_page(client, consultation_factory,
                                                      user_factory):
    english(client)
    consultation = consultation_factory()
    _chapter, first, second = consultation.sections
    person = user_factory()
    add_comments(consultation, person, INLINE_LIMIT - 10, section=first)
    add_comments(consultation, person, 10, body="Ogólna {n}.")
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert len(comment_items(page)) == INLINE_LIMIT
    assert "Uwaga 0." in page.text_by_id(f"section-{first.id}")
    assert "Ogólna 9." in page.text_by_id("document-comments")
    assert page.by_id("comments-per-section") is None
    assert f"§ 1 Cel główny ({INLINE_LIMIT - 10} comments)" in page.content

    add_comments(consultation, person, 1, section=second)  # one more: collapsed
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert comment_items(page) == []
    assert page.by_id("comments-per-section") is not None


def test_collapsed_page_shows_counts_and_links_per_section(client, consultation_factory,
                                                           user_factory, staff):
    english(client)
    consultation = consultation_factory()
    chapter, first, second = consultation.sections
    slug = consultation.slug
    person = user_factory()
    add_comments(consultation, person, 70, section=first)
    add_comments(consultation, person, 40, body="Ogólna {n}.")
    add_comments(consultation, person, 3, section=second, status=CommentStatus.HIDDEN)

    page = page_of(client.get(f"/consultations/{slug}/"))
    note = page.text_by_id("comments-per-section")
    assert "shown section by section" in note
    assert links_to(page, f"/consultations/{slug}/print") == [
        "All comments on one page: the print view", "Print view"]  # the draft comes first
    assert "Comments on this section: 70" in page.text_by_id(f"section-{first.id}")
    assert links_to(page, f"/consultations/{slug}/?section={first.id}#") == [
        "Show the comments on § 1 Cel główny"]
    # Only hidden comments: nothing published, but their notes are behind the link.
    assert "Comments on this section: 0" in page.text_by_id(f"section-{second.id}")
    assert links_to(page, f"/consultations/{slug}/?section={second.id}#") == [
        "Show the comments on § 2 Zasady współpracy"]
    # No comments at all: no count, no link.
    assert "Comments on this section" not in page.text_by_id(f"section-{chapter.id}")
    assert links_to(page, f"/consultations/{slug}/?section={chapter.id}#") == []
    assert "Comments on the whole document: 40" in page.text_by_id("document-comments")
    assert links_to(page, f"/consultations/{slug}/?section=document") == [
        "Show the comments on the whole document"]
    link = next(e for e in page.elements if e["tag"] == "a" and e["attrs"]["href"].startswith(
        f"/consultations/{slug}/?section={first.id}"))
    assert link["attrs"]["href"].endswith(f"#section-{first.id}-comments")
    # The contents keep their counts of published comments.
    assert "§ 1 Cel główny (70 comments)" in page.content
    assert "§ 2 Zasady współpracy (0 comments)" in page.content
    assert "Comments on the whole document (40 comments)" in page.content
    assert "Uwaga 0." not in page.content and "Ogólna 0." not in page.content

    # The print view still has every comment.
    printed = page_of(client.get(f"/consultations/{slug}/print"))
    assert len(comment_items(printed)) == 113
    assert "Uwaga 69." in printed.content and "Ogólna 39." in printed.content


def test_section_view_lists_that_sections_comments(client, consultation_factory,
                                                   user_factory):
    english(client)
    consultation = consultation_factory()
    _chapter, first, second = consultation.sections
    person = user_factory()
    add_comments(consultation, person, 60, section=first, body="Pierwszy {n}.")
    add_comments(consultation, person, 50, section=second, body="Drugi {n}.")
    add_comments(consultation, person, 5, body="Ogólna {n}.")

    page = page_of(client.get(f"/consultations/{consultation.slug}/?section={second.id}"))
    assert page.value_of("section") == str(second.id)
    assert "50 comments match." in page.content
    listed = comment_items(page)
    assert len(listed) == 50
    assert page.text(listed[0]).startswith("Private person no. 1")
    assert "Drugi 0." in page.text(listed[0]) and "Drugi 49." in page.text(listed[-1])
    assert "Pierwszy" not in page.content and "Ogólna" not in page.content
    assert page.by_id(f"section-{second.id}-comments") is not None
    assert page.by_id("comments-per-section") is None
    assert not any(e["attrs"].get("class") == "pagination" for e in page.elements)

    page = page_of(client.get(f"/consultations/{consultation.slug}/?section=document"))
    assert "5 comments match." in page.content
    assert "Ogólna 4." in page.text_by_id("document-comments")
    assert "Pierwszy" not in page.content and "Drugi" not in page.content


def test_page_two_of_a_big_section(client, consultation_factory, user_factory):
    english(client)
    consultation = consultation_factory()
    first = consultation.sections[1]
    add_comments(consultation, user_factory(), COMMENTS_PER_PAGE + 30, section=first)
    base = f"/consultations/{consultation.slug}/"

    page = page_of(client.get(f"{base}?section={first.id}"))
    assert f"{COMMENTS_PER_PAGE + 30} comments match." in page.content
    assert len(comment_items(page)) == COMMENTS_PER_PAGE
    assert "Page 1 of 2" in page.content
    (next_link,) = [e["attrs"]["href"] for e in page.elements
                    if e["tag"] == "a" and e["attrs"].get("rel") == "next"]
    assert f"section={first.id}" in next_link and "page=2" in next_link
    assert next_link.endswith(f"#section-{first.id}-comments")

    page = page_of(client.get(next_link))
    listed = comment_items(page)
    assert len(listed) == 30
    assert f"Uwaga {COMMENTS_PER_PAGE}." in page.text(listed[0])
    assert f"Uwaga {COMMENTS_PER_PAGE + 29}." in page.text(listed[-1])
    assert "Page 2 of 2" in page.content
    assert "Uwaga 0." not in page.content
    assert page.value_of("section") == str(first.id)


def test_decision_filter_is_paginated_and_keeps_the_filter(client, consultation_factory,
                                                           user_factory):
    english(client)
    consultation = consultation_factory(opens_in=timedelta(days=-10),
                                        closes_in=timedelta(days=-1),
                                        report_published_at=utcnow())
    _chapter, first, second = consultation.sections
    person = user_factory()
    add_comments(consultation, person, 80, section=second, decision=Decision.REJECTED,
                 body="Odrzucona {n}.")
    add_comments(consultation, person, 40, section=first, decision=Decision.REJECTED,
                 body="Odrzucona w celu {n}.")
    add_comments(consultation, person, 30, decision=Decision.REJECTED, body="Odrzucona ogólna {n}.")
    add_comments(consultation, person, 20, section=first, decision=Decision.ACCEPTED,
                 body="Przyjęta {n}.")
    base = f"/consultations/{consultation.slug}/"

    page = page_of(client.get(f"{base}?decision=rejected"))
    assert "150 comments match." in page.content and "Page 1 of 2" in page.content
    assert page.value_of("decision") == "rejected"
    # In the order of the draft: § 1 (40), then § 2 (the first 60 of 80 on this page).
    assert len(comment_items(page)) == COMMENTS_PER_PAGE
    assert "Odrzucona w celu 39." in page.text_by_id(f"section-{first.id}")
    assert "Odrzucona 59." in page.text_by_id(f"section-{second.id}")
    assert "Odrzucona 60." not in page.content and "Przyjęta" not in page.content
    assert page.by_id("document-comments") is None
    (next_link,) = [e["attrs"]["href"] for e in page.elements
                    if e["tag"] == "a" and e["attrs"].get("rel") == "next"]
    assert "decision=rejected" in next_link and "page=2" in next_link

    page = page_of(client.get(next_link))
    assert len(comment_items(page)) == 50
    assert page.by_id(f"section-{first.id}") is None
    assert "Odrzucona 60." in page.text_by_id(f"section-{second.id}")
    assert "Odrzucona ogólna 29." in page.text_by_id("document-comments")

    page = page_of(client.get(f"{base}?decision=accepted&section={first.id}"))
    assert "20 comments match." in page.content and "Przyjęta 19." in page.content


def test_commenter_finds_and_changes_own_comments_on_a_collapsed_page(
        client, consultation_factory, user_factory, login_as):
    english(client)
    consultation = consultation_factory()
    _chapter, first, second = consultation.sections
    add_comments(consultation, user_factory(), COMMENTS_PER_PAGE + 20, section=first)
    slug = consultation.slug
    me = login_as("user")

    # A new comment lands on the page that lists it: page 2 of its section.
    response = client.post(f"/consultations/{slug}/comments", data={
        "section": str(first.id), "body": "Moja uwaga do celu.", "on_behalf": "self"})
    mine = db.session.scalars(db.select(Comment).filter_by(author_id=me.id)).one()
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.endswith(f"/{slug}/?section={first.id}&page=2#comment-{mine.id}")
    page = page_of(client.get(location))
    assert "Moja uwaga do celu." in page.text_by_id(f"comment-{mine.id}")
    assert links_to(page, f"/consultations/{slug}/comments/{mine.id}/edit") == ["Change"]
    assert links_to(page, f"/consultations/{slug}/comments/{mine.id}/withdraw") == ["Withdraw"]

    # Own comments waiting for moderation: counted on the collapsed page, listed in the
    # section (nobody else sees them).
    consultation.moderation = PRE_MODERATION
    db.session.commit()
    response = client.post(f"/consultations/{slug}/comments", data={
        "section": str(second.id), "body": "Czeka na moderatora.", "on_behalf": "self"})
    pending = db.session.scalars(db.select(Comment).filter_by(status=CommentStatus.PENDING)).one()
    assert response.headers["Location"].endswith(
        f"/{slug}/?section={second.id}#comment-{pending.id}")
    page = page_of(client.get(f"/consultations/{slug}/"))
    assert "Yours waiting for moderation: 1" in page.text_by_id(f"section-{second.id}")
    page = page_of(client.get(f"/consultations/{slug}/?section={second.id}"))
    assert "waiting for moderation" in page.text_by_id(f"comment-{pending.id}")
    assert links_to(page, f"/consultations/{slug}/comments/{pending.id}/edit") == ["Change"]

    # Withdrawing goes back to where the comment is listed.
    response = client.post(f"/consultations/{slug}/comments/{mine.id}/withdraw")
    assert response.headers["Location"].endswith(
        f"/{slug}/?section={first.id}&page=2#comment-{mine.id}")
    # The lasting link to a comment (for e-mails) finds its page too.
    assert client.get(f"/consultations/{slug}/?comment={mine.id}").headers[
        "Location"].endswith(f"/{slug}/?section={first.id}&page=2#comment-{mine.id}")

    client.post("/auth/logout")
    page = page_of(client.get(f"/consultations/{slug}/?section={second.id}"))
    assert "Czeka na moderatora." not in page.content
    assert client.get(f"/consultations/{slug}/?comment={pending.id}").status_code == 200
    assert "Yours waiting" not in page_of(client.get(f"/consultations/{slug}/")).content


def test_comments_on_the_whole_document_land_on_their_page(client, consultation_factory,
                                                           user_factory, login_as):
    """The whole document's comments come after every section's: counted in their own
    list, not with the sections' ones."""
    consultation = consultation_factory()
    author = user_factory()
    add_comments(consultation, author, COMMENTS_PER_PAGE, section=consultation.sections[1])
    add_comments(consultation, author, COMMENTS_PER_PAGE + 5)  # on the whole document
    slug = consultation.slug
    first_general = db.session.scalars(db.select(Comment).filter_by(
        section_id=None).order_by(Comment.submitted_at)).first()
    assert client.get(f"/consultations/{slug}/?comment={first_general.id}").headers[
        "Location"].endswith(f"/{slug}/?section=document#comment-{first_general.id}")
    me = login_as("user")
    response = client.post(f"/consultations/{slug}/comments", data={
        "section": "", "body": "Uwaga do całości.", "on_behalf": "self"})
    mine = db.session.scalars(db.select(Comment).filter_by(author_id=me.id)).one()
    location = response.headers["Location"]
    assert location.endswith(f"/{slug}/?section=document&page=2#comment-{mine.id}")
    assert "Uwaga do całości." in page_of(client.get(location)).text_by_id(f"comment-{mine.id}")


def test_lasting_link_to_a_comment_on_a_small_consultation(client, consultation_factory,
                                                           user_factory, staff):
    consultation = consultation_factory()
    shown = comment_on(consultation, user_factory(), section=consultation.sections[1])
    hidden = comment_on(consultation, user_factory())
    services.hide_comment(hidden, staff, "Obraźliwe.")
    db.session.commit()
    slug = consultation.slug
    response = client.get(f"/consultations/{slug}/?comment={shown.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/consultations/{slug}/#comment-{shown.id}")
    # A hidden comment keeps its place (a note says it was hidden).
    assert client.get(f"/consultations/{slug}/?comment={hidden.id}").status_code == 302
    # Someone else's consultation's comment, or none: just the page.
    other = consultation_factory("Inna konsultacja", institution=consultation.institution)
    assert client.get(f"/consultations/{other.slug}/?comment={shown.id}").status_code == 200
    for value in ("99999", "abc", "9" * 30):
        assert client.get(f"/consultations/{slug}/?comment={value}").status_code == 200


def test_odd_section_and_page_values_are_ignored(client, consultation_factory, user_factory):
    consultation = consultation_factory()
    add_comments(consultation, user_factory(), 3, section=consultation.sections[1])
    slug = consultation.slug
    for query in ("section=²", "section=" + "9" * 30, "section=-1", "section=abc",
                  "section=document&page=0", "section=document&page=-5",
                  f"section={consultation.sections[1].id}&page=" + "9" * 30,
                  "decision=rejected&page=2"):
        assert client.get(f"/consultations/{slug}/?{query}").status_code == 200, query
    assert client.get(f"/consultations/{slug}/comment?section=²").status_code == 302
