"""A consultation page costs the same number of queries for 3 sections and a few comments as
for 60 sections and 2,000 comments; so do the list and the print view."""

from datetime import timedelta

from sqlalchemy import insert

from consult.consultations.models import HIDDEN, PUBLISHED, WITHDRAWN, Comment, Section
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.consultations.conftest import comment_on


def queries_for(client, count_queries, path) -> int:
    client.get(path)  # warm-up: anything cached per process is not what is measured
    with count_queries as counter:
        assert client.get(path).status_code == 200
    return counter.count


def big_consultation(consultation_factory, institution, user_factory, sections=60,
                     comments=2000):
    """Sections and comments inserted in bulk (one INSERT each), as many people commenting."""
    rows = [(1 if n % 6 == 0 else 2, f"§ {n}", f"Tytuł {n}", f"Treść paragrafu {n}.\n\n- punkt")
            for n in range(sections)]
    consultation = consultation_factory("Duża konsultacja", institution=institution,
                                        sections=rows)
    people = [user_factory() for _ in range(5)]
    section_ids = [s.id for s in consultation.sections]
    now = utcnow()
    statuses = (PUBLISHED,) * 8 + (HIDDEN, WITHDRAWN)
    db.session.execute(insert(Comment), [{
        "consultation_id": consultation.id,
        "section_id": section_ids[n % len(section_ids)] if n % 7 else None,
        "author_id": people[n % 5].id, "author_name": people[n % 5].full_name,
        "private_number": n % 5 + 1, "on_behalf": "organisation" if n % 3 == 0 else "self",
        "organisation_name": "Stowarzyszenie Razem" if n % 3 == 0 else None,
        "body": f"Uwaga numer {n}.\nDruga linia.", "proposed_text": "Nowy zapis." if n % 2 else "",
        "justification": "Uzasadnienie.", "status": statuses[n % len(statuses)],
        "hidden_reason": "Obraźliwe." if statuses[n % len(statuses)] == HIDDEN else None,
        "submitted_at": now - timedelta(minutes=n), "created_at": now, "updated_at": now,
    } for n in range(comments)])
    db.session.commit()
    return consultation


def test_consultation_page_queries_do_not_grow(client, consultation_factory,
                                               institution_factory, user_factory,
                                               login_as, count_queries):
    plonsk = institution_factory()
    small = consultation_factory("Mała konsultacja", institution=plonsk)
    person = user_factory()
    for section in small.sections[:2]:
        comment_on(small, person, section=section)
    comment_on(small, person)
    big = big_consultation(consultation_factory, plonsk, user_factory)
    assert db.session.query(Section).filter_by(consultation_id=big.id).count() == 60

    for path in ("/consultations/{slug}/", "/consultations/{slug}/print"):
        few = queries_for(client, count_queries, path.format(slug=small.slug))
        many = queries_for(client, count_queries, path.format(slug=big.slug))
        assert many == few, f"{path}: {few} queries for 3 sections, {many} for 60 + 2,000"

    # The same as a signed-in commenter (own pending comments, edit links) and with filters.
    me = login_as("user")
    comment_on(big, me, section=big.sections[3])
    comment_on(small, me)
    assert queries_for(client, count_queries, f"/consultations/{small.slug}/") == \
        queries_for(client, count_queries, f"/consultations/{big.slug}/")
    section = big.sections[5].id
    assert queries_for(client, count_queries,
                       f"/consultations/{big.slug}/?section={section}") == \
        queries_for(client, count_queries, f"/consultations/{small.slug}/?section=document")


def test_big_consultation_page_shows_every_comment(client, consultation_factory,
                                                  institution_factory, user_factory):
    """People must be able to read (and print) all comments; speed is measured by make bench."""
    big = big_consultation(consultation_factory, institution_factory(), user_factory)
    response = client.get(f"/consultations/{big.slug}/")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="comment comment-') == 2000


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
