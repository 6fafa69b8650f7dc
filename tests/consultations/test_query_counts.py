"""A consultation page costs the same number of queries for 3 sections and a few comments as
for 60 sections and 2,000 comments; so do the list, the print view and one section's
comments however many it has.

Up to INLINE_LIMIT comments the page shows them all; above it the page is collapsed to
per-section counts and links (no comment rows read at all), the print view still has every
comment and a section's comments come 100 a page."""

from datetime import timedelta

from sqlalchemy import insert

from consult.consultations.models import Comment, CommentStatus, Section
from consult.consultations.queries import COMMENTS_PER_PAGE, INLINE_LIMIT
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.conftest import counted_queries, forget_kept_values
from tests.consultations.conftest import comment_on, links_to
from tests.html import page_of


def queries_for(client, count_queries, path) -> int:
    client.get(path)  # warm-up: Python's own first-use work is not what is measured
    forget_kept_values(client.application)  # the page is measured as it is built
    with count_queries as counter:
        assert client.get(path).status_code == 200
    return counter.count


def big_consultation(consultation_factory, institution, user_factory, sections=60,
                     comments=2000, on_section: int | None = None, title="Duża konsultacja"):
    """Sections and comments inserted in bulk (one INSERT each), as many people commenting:
    spread over the sections and the whole document, or all on section number
    ``on_section``."""
    rows = [(1 if n % 6 == 0 else 2, f"§ {n}", f"Tytuł {n}", f"Treść paragrafu {n}.\n\n- punkt")
            for n in range(sections)]
    consultation = consultation_factory(title, institution=institution, sections=rows)
    people = [user_factory() for _ in range(5)]
    section_ids = [s.id for s in consultation.sections]

    def section_of(n: int) -> int | None:
        if on_section is not None:
            return section_ids[on_section]
        return section_ids[n % len(section_ids)] if n % 7 else None

    now = utcnow()
    statuses = (CommentStatus.PUBLISHED,) * 8 + (CommentStatus.HIDDEN, CommentStatus.WITHDRAWN)
    db.session.execute(insert(Comment), [{
        "consultation_id": consultation.id, "section_id": section_of(n),
        "author_id": people[n % 5].id, "author_name": people[n % 5].full_name,
        "private_number": n % 5 + 1, "on_behalf": "organisation" if n % 3 == 0 else "self",
        "organisation_name": "Stowarzyszenie Razem" if n % 3 == 0 else None,
        "body": f"Uwaga numer {n}.\nDruga linia.", "proposed_text": "Nowy zapis." if n % 2 else "",
        "justification": "Uzasadnienie.", "status": statuses[n % len(statuses)],
        "hidden_reason": (
            "Obraźliwe." if statuses[n % len(statuses)] == CommentStatus.HIDDEN else None),
        "submitted_at": now - timedelta(minutes=comments - n), "created_at": now,
        "updated_at": now,
    } for n in range(comments)])
    db.session.commit()
    return consultation


def comments_on(response) -> int:
    return response.get_data(as_text=True).count('class="comment comment-')


def test_consultation_page_queries_do_not_grow(client, consultation_factory,
                                               institution_factory, user_factory,
                                               login_as, count_queries):
    plonsk = institution_factory()
    small = consultation_factory("Mała konsultacja", institution=plonsk)
    person = user_factory()
    for section in small.sections[:2]:
        comment_on(small, person, section=section)
    comment_on(small, person)
    full = big_consultation(consultation_factory, plonsk, user_factory, sections=10,
                            comments=INLINE_LIMIT - 1, title="Pełna konsultacja")
    collapsed = big_consultation(consultation_factory, plonsk, user_factory, sections=20,
                                 comments=INLINE_LIMIT + 20, title="Zwinięta konsultacja")
    big = big_consultation(consultation_factory, plonsk, user_factory)
    assert db.session.query(Section).filter_by(consultation_id=big.id).count() == 60

    def same_queries(path, *slugs):
        counts = {slug: queries_for(client, count_queries, path.format(slug=slug))
                  for slug in slugs}
        assert len(set(counts.values())) == 1, f"{path}: {counts}"

    # Every comment shown: the same for 3 comments as for INLINE_LIMIT (with the one below).
    same_queries("/consultations/{slug}/", small.slug, full.slug)
    # Collapsed: the same for 120 comments as for 2,000 (counts only, no comment rows).
    same_queries("/consultations/{slug}/", collapsed.slug, big.slug)
    same_queries("/consultations/{slug}/print", small.slug, collapsed.slug, big.slug)
    same_queries("/consultations/{slug}/?section=document", small.slug, big.slug)
    same_queries("/consultations/{slug}/?section=document&page=2", small.slug, big.slug)

    # The same as a signed-in commenter (own pending comments, edit links) and with filters.
    me = login_as("user")
    for consultation in (small, full, collapsed, big):
        comment_on(consultation, me, section=consultation.sections[2])
    same_queries("/consultations/{slug}/", small.slug, full.slug)
    assert comments_on(client.get(f"/consultations/{full.slug}/")) == INLINE_LIMIT
    same_queries("/consultations/{slug}/", collapsed.slug, big.slug)
    assert queries_for(client, count_queries,
                       f"/consultations/{big.slug}/?section={big.sections[5].id}") == \
        queries_for(client, count_queries, f"/consultations/{small.slug}/?section=document")


def test_big_consultation_page_is_collapsed_and_print_view_shows_every_comment(
        client, consultation_factory, institution_factory, user_factory):
    """People must be able to read (and print) all comments; speed is measured by make bench."""
    client.set_cookie("lang", "en")
    big = big_consultation(consultation_factory, institution_factory(), user_factory)
    client.get(f"/consultations/{big.slug}/")
    forget_kept_values(client.application)  # the page is measured as it is built
    with counted_queries() as statements:
        response = client.get(f"/consultations/{big.slug}/")
    assert response.status_code == 200
    assert comments_on(response) == 0
    # One grouped COUNT of the comments; not a single comment row is read.
    (counting,) = [s for s in statements if "consultation_comments" in s]
    assert "count(" in counting.lower() and "GROUP BY" in counting
    page = page_of(response)
    assert "shown section by section" in page.text_by_id("comments-per-section")
    section = big.sections[5]
    # 2,000 comments: n % 7 on the whole document, the rest round the 60 sections, 8 in 10
    # published.
    published = sum(1 for n in range(2000) if n % 7 and n % 60 == 5 and n % 10 < 8)
    assert f"Comments on this section: {published}" in page.text_by_id(section.anchor)
    assert f"{section.label} ({published} comments)" in page.content  # the contents
    links = links_to(page, f"/consultations/{big.slug}/?section={section.id}#")
    assert links == ["Show the comments on § 5 Tytuł 5"]
    assert len(links_to(page, f"/consultations/{big.slug}/?section=")) == 61
    assert links_to(page, f"/consultations/{big.slug}/print")

    print_view = client.get(f"/consultations/{big.slug}/print")
    assert comments_on(print_view) == 2000


def test_a_section_with_a_thousand_comments_is_paginated(client, consultation_factory,
                                                        institution_factory, user_factory,
                                                        count_queries):
    plonsk = institution_factory()
    big = big_consultation(consultation_factory, plonsk, user_factory, comments=1000,
                           on_section=5)
    small = consultation_factory("Mała konsultacja", institution=plonsk)
    comment_on(small, user_factory(), section=small.sections[1])
    section = big.sections[5].id
    path = f"/consultations/{big.slug}/?section={section}"

    first = client.get(path)
    assert comments_on(first) == COMMENTS_PER_PAGE
    assert "Uwaga numer 0." in first.get_data(as_text=True)  # the oldest first
    last = client.get(path + "&page=10")
    assert comments_on(last) == COMMENTS_PER_PAGE
    assert "Uwaga numer 997." in last.get_data(as_text=True)
    assert comments_on(client.get(path + "&page=11")) == 0

    few = queries_for(client, count_queries,
                      f"/consultations/{small.slug}/?section={small.sections[1].id}")
    for page in (1, 5, 10):
        many = queries_for(client, count_queries, f"{path}&page={page}")
        assert many == few, f"page {page}: {few} queries for 1 comment, {many} for 1,000"
    assert queries_for(client, count_queries, f"/consultations/{big.slug}/") <= few


def test_list_queries_do_not_grow(client, consultation_factory, institution_factory,
                                  user_factory, count_queries):
    plonsk = institution_factory()
    for n in range(2):
        consultation_factory(f"Konsultacja {n}", institution=plonsk)
    few = queries_for(client, count_queries, "/consultations/")
    person = user_factory()
    others = [institution_factory(teryt=f"14200{n}3", name=f"Gmina {n}") for n in range(3, 9)]
    for n in range(25):
        consultation = consultation_factory(f"Konsultacja więcej {n}",
                                            institution=others[n % len(others)])
        comment_on(consultation, person)
    many = queries_for(client, count_queries, "/consultations/")
    assert many == few, f"{few} queries for 2 consultations, {many} for 27"
