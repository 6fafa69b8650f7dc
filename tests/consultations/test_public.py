"""Public consultation pages: the list, a consultation's page, print view, attachments, and
what the public sees of comments (names, labels, hidden and withdrawn ones, answers)."""

from datetime import timedelta

from consult.consultations import services
from consult.consultations.choices import ANNUAL, PRE_MODERATION
from consult.consultations.models import (
    CommentStatus,
    ConsultationAttachment,
    Decision,
    consultation_meetings,
)
from consult.core.timeutil import utcnow
from consult.extensions import db
from tests.consultations.conftest import comment_on
from tests.html import Page, page_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def english(client):
    client.set_cookie("lang", "en")
    return client


def test_list_orders_by_status_and_filters_by_status_and_institution(
        client, consultation_factory, institution_factory, user_factory):
    english(client)
    plonsk = institution_factory()
    sochocin = institution_factory(teryt="1420063", name="Sochocin")
    institution_factory(teryt="1465011", name="Warszawa")  # no consultation: not in the select
    closed = consultation_factory("Program Płońsk 2025", institution=plonsk,
                                  opens_in=timedelta(days=-30), closes_in=timedelta(days=-20))
    planned = consultation_factory("Program Sochocin 2027", institution=sochocin,
                                   opens_in=timedelta(days=5), closes_in=timedelta(days=20))
    late = consultation_factory("Program Płońsk 2027", institution=plonsk,
                                closes_in=timedelta(days=9))
    soon = consultation_factory("Uchwała Sochocin", institution=sochocin,
                                closes_in=timedelta(days=2))
    reported = consultation_factory("Program Płońsk 2024", institution=plonsk,
                                    opens_in=timedelta(days=-300),
                                    closes_in=timedelta(days=-290),
                                    report_published_at=utcnow() - timedelta(days=200))
    consultation_factory("Szkic", institution=plonsk, announced=False)
    person = user_factory()
    comment_on(soon, person)
    comment_on(soon, person)

    page = page_of(client.get("/consultations/"))
    titles = [page.text(e) for e in page.elements if e["tag"] == "h2"
              and e["attrs"].get("id", "").startswith("consultation-")]
    assert titles == [soon.title, late.title, planned.title, closed.title, reported.title]
    assert "Szkic" not in page.content
    assert "2 comments" in page.content
    assert page.options_of("institution") == {
        "": "all", "1420011": "Płońsk (urban municipality)",
        "1420063": "Sochocin (urban municipality)"}

    page = page_of(client.get("/consultations/?status=open"))
    assert soon.title in page.content and late.title in page.content
    assert planned.title not in page.content and closed.title not in page.content
    page = page_of(client.get("/consultations/?institution=1420063"))
    assert soon.title in page.content and planned.title in page.content
    assert late.title not in page.content
    assert page.value_of("institution") == "1420063"
    assert client.get("/consultations/?status=reported").get_data(as_text=True).count(
        "consultation-") >= 1


def test_list_is_paginated(client, consultation_factory, institution_factory):
    english(client)
    plonsk = institution_factory()
    for n in range(27):
        consultation_factory(f"Konsultacja {n}", institution=plonsk)
    first = page_of(client.get("/consultations/"))
    assert "Page 1 of 2" in first.content
    second = page_of(client.get("/consultations/?page=2"))
    assert "Page 2 of 2" in second.content


def test_detail_shows_deadline_data_contents_and_sections(client, consultation_factory,
                                                          user_factory, event_factory):
    english(client)
    consultation = consultation_factory(
        kind=ANNUAL, year=2027, summary="Program na **2027** rok.",
        contact_name="Jan Urzędnik", contact_email="ngo@plonsk.pl")
    consultation.closes_at = services.period(
        services.opens_on(consultation), None,
        (utcnow() + timedelta(days=5)).date(), None)[1]
    chapter, first, second = consultation.sections
    first.elements, second.elements = "1", "2,5"
    meeting = event_factory(title="Spotkanie konsultacyjne", type="consultation_meeting")
    db.session.execute(consultation_meetings.insert().values(
        consultation_id=consultation.id, event_id=meeting.id))
    db.session.commit()
    comment_on(consultation, user_factory(), body="Uwaga do celu.", section=first)

    response = client.get(f"/consultations/{consultation.slug}/")
    assert response.status_code == 200
    page = page_of(response)
    top = page.text_by_id("deadline")
    assert top.startswith("Comments until ") and ", 23:59" in top and "days left" in top
    assert "Płońsk" in page.content and "annual programme of cooperation" in page.content
    assert "Uchwała nr XII/85/2011" in page.content and "ngo@plonsk.pl" in page.content
    assert "<strong>2027</strong>" in response.get_data(as_text=True)
    assert "Spotkanie konsultacyjne" in page.content

    toc = page.text_by_id("toc-heading")
    assert toc == "Contents"
    links = [e["attrs"]["href"] for e in page.elements if e["tag"] == "a"
             and e["attrs"].get("href", "").startswith("#section-")]
    assert f"#section-{first.id}" in links and f"#section-{chapter.id}" in links
    assert page.by_id(f"section-{first.id}") is not None
    assert "§ 1 Cel główny (1 comment)" in page.content
    assert f"/consultations/{consultation.slug}/comment?section={first.id}" in \
        response.get_data(as_text=True)

    # The statutory checklist: element 1 and 2 covered, 3 missing.
    rows = page.table_rows()
    assert rows[0] == ["1", "§ 1 Cel główny"]
    assert rows[1] == ["2", "§ 2 Zasady współpracy"]
    assert rows[2] == ["3", "missing"]


def test_planned_closed_and_draft_consultations(client, consultation_factory, login_as,
                                                institution_factory):
    english(client)
    plonsk = institution_factory()
    planned = consultation_factory("Planowana", institution=plonsk, opens_in=timedelta(days=3),
                                   closes_in=timedelta(days=10))
    assert "Comments will be accepted from" in page_of(
        client.get(f"/consultations/{planned.slug}/")).text_by_id("deadline")
    closed = consultation_factory("Zamknięta", institution=plonsk, opens_in=timedelta(days=-10),
                                  closes_in=timedelta(days=-1))
    body = page_of(client.get(f"/consultations/{closed.slug}/"))
    assert "The consultation closed on" in body.text_by_id("deadline")
    assert "Comment on this section" not in body.content

    draft = consultation_factory("Szkic", institution=plonsk, announced=False)
    assert client.get(f"/consultations/{draft.slug}/").status_code == 404
    login_as("user")
    assert client.get(f"/consultations/{draft.slug}/").status_code == 404
    other = institution_factory(teryt="1420063", name="Sochocin")
    login_as("manager", institutions=[other])
    assert client.get(f"/consultations/{draft.slug}/").status_code == 404
    login_as("manager", institutions=[draft.institution])
    page = page_of(client.get(f"/consultations/{draft.slug}/"))
    assert "visible to staff only" in page.content


def test_comment_authors_as_the_public_sees_them(client, consultation_factory, user_factory):
    english(client)
    consultation = consultation_factory()
    anna = user_factory(full_name="Anna Kowalska", email="anna.kowalska@example.org")
    jan = user_factory(full_name="Jan Nowak", email="jan.nowak@example.org")
    ewa = user_factory(full_name="Ewa Zielińska", email="ewa.z@example.org")
    comment_on(consultation, anna, body="Prywatnie, anonimowo.")
    comment_on(consultation, jan, body="Prywatnie, z nazwiskiem.", show_name=True)
    comment_on(consultation, ewa, body="Za stowarzyszenie.", on_behalf="organisation",
               organisation_name="Stowarzyszenie Razem", organisation_krs="0000123456")
    comment_on(consultation, anna, body="Druga uwaga Anny.")

    html = client.get(f"/consultations/{consultation.slug}/").get_data(as_text=True)
    page = Page(html)
    assert page.content.count("Private person no. 1") == 2  # the same number for Anna
    assert "Jan Nowak" in page.content  # opted in
    assert "Stowarzyszenie Razem" in page.content and "0000123456" in page.content
    assert "Anna Kowalska" not in page.content and "Ewa Zielińska" not in page.content
    assert "@example.org" not in html


def test_hidden_withdrawn_and_pending_comments(client, consultation_factory, user_factory,
                                               login_as, staff):
    consultation = consultation_factory()
    author = user_factory(full_name="Piotr Autor")
    shown = comment_on(consultation, author, body="Widoczna uwaga.")
    hidden = comment_on(consultation, author, body="Obraźliwa treść.")
    withdrawn = comment_on(consultation, author, body="Wycofana treść.")
    services.hide_comment(hidden, staff, "Treść obraźliwa.")
    services.withdraw_comment(withdrawn, author)
    consultation.moderation = PRE_MODERATION
    db.session.commit()
    pending = comment_on(consultation, author, body="Czeka na moderację.")
    assert pending.status == CommentStatus.PENDING

    client.post("/auth/logout")
    english(client)
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "Widoczna uwaga." in page.content
    assert "Obraźliwa treść." not in page.content
    assert "Comment hidden by the moderator: Treść obraźliwa." in page.content
    assert "Wycofana treść." not in page.content and "Withdrawn by the author." in page.content
    assert "Czeka na moderację." not in page.content
    assert page.by_id(f"comment-{shown.id}") and page.by_id(f"comment-{hidden.id}")

    login_as("user")  # someone else
    assert "Czeka na moderację." not in page_of(
        client.get(f"/consultations/{consultation.slug}/")).content
    with client.session_transaction() as session:
        session["_user_id"] = author.get_id()
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "Czeka na moderację." in page.content
    assert "waiting for moderation" in page.text_by_id(f"comment-{pending.id}")
    assert hidden.status == CommentStatus.HIDDEN


def test_filters_by_section_and_by_decision_once_the_report_is_out(
        client, consultation_factory, user_factory, staff):
    consultation = consultation_factory(opens_in=timedelta(days=-10), closes_in=timedelta(days=1))
    _chapter, first, second = consultation.sections
    person = user_factory()
    on_first = comment_on(consultation, person, body="Uwaga o celu.", section=first)
    on_second = comment_on(consultation, person, body="Uwaga o zasadach.", section=second)
    on_document = comment_on(consultation, person, body="Uwaga ogólna.")
    slug = consultation.slug

    page = page_of(client.get(f"/consultations/{slug}/?section={first.id}"))
    assert "Uwaga o celu." in page.content and "Uwaga o zasadach." not in page.content
    assert "Uwaga ogólna." not in page.content
    assert "1 comment matches." in page.content
    page = page_of(client.get(f"/consultations/{slug}/?section=document"))
    assert "Uwaga ogólna." in page.content and "Uwaga o celu." not in page.content
    # Before the report there is no decision filter, and the parameter does nothing.
    page = page_of(client.get(f"/consultations/{slug}/?decision=accepted"))
    assert "Uwaga o celu." in page.content
    assert not any(e["attrs"].get("name") == "decision" for e in page.elements)

    for comment, decision in ((on_first, Decision.ACCEPTED), (on_second, Decision.REJECTED),
                              (on_document, Decision.REJECTED)):
        services.answer_comment(comment, staff, decision, f"Uzasadnienie {comment.id}.")
    consultation.closes_at = utcnow() - timedelta(days=1)
    consultation.report_published_at = utcnow()
    db.session.commit()
    page = page_of(client.get(f"/consultations/{slug}/?decision=rejected"))
    assert "Uwaga o zasadach." in page.content and "Uwaga ogólna." in page.content
    assert "Uwaga o celu." not in page.content
    assert f"Uzasadnienie {on_second.id}." in page.content
    assert "Decision: not accepted" in page.content
    assert page.value_of("decision") == "rejected"
    page = page_of(client.get(f"/consultations/{slug}/?decision=accepted&section={second.id}"))
    assert "Uwaga o zasadach." not in page.content and "0 comments match." in page.content


def test_answers_are_not_public_before_the_report(client, consultation_factory, user_factory,
                                                  staff):
    consultation = consultation_factory(opens_in=timedelta(days=-10), closes_in=timedelta(days=1))
    comment = comment_on(consultation, user_factory(), body="Uwaga.")
    services.answer_comment(comment, staff, Decision.ACCEPTED, "Tajne do czasu sprawozdania.")
    db.session.commit()
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "Tajne do czasu sprawozdania." not in page.content


def test_print_view_has_the_whole_draft_and_comments(client, consultation_factory,
                                                     user_factory):
    english(client)
    consultation = consultation_factory()
    _chapter, first, _second = consultation.sections
    comment_on(consultation, user_factory(), body="Uwaga do druku.", section=first,
               proposed_text="Nowy zapis.")
    page = page_of(client.get(f"/consultations/{consultation.slug}/print"))
    assert "Celem głównym programu jest budowanie partnerstwa." in page.content
    assert "Współpraca opiera się na zasadzie pomocniczości." in page.content
    assert "Uwaga do druku." in page.content and "Nowy zapis." in page.content
    assert "Private person no. 1" in page.content


def test_attachment_download(client, consultation_factory, institution_factory):
    consultation = consultation_factory()
    other = consultation_factory("Inna konsultacja",
                                 institution=institution_factory(teryt="1420063", name="Sochocin"))
    docx = ConsultationAttachment(consultation=consultation, title="Projekt programu",
                                  filename="projekt-programu.docx", content_type=DOCX,
                                  size=2048, data=b"PK\x03\x04docx")
    foreign = ConsultationAttachment(consultation=other, title="Cudzy", filename="cudzy.pdf",
                                     content_type="application/pdf", size=10, data=b"%PDF-1.7")
    db.session.add_all([docx, foreign])
    db.session.commit()
    english(client)
    page = page_of(client.get(f"/consultations/{consultation.slug}/"))
    assert "Projekt programu (DOCX, 2 KB)" in page.content

    url = f"/consultations/{consultation.slug}/attachments/{docx.id}/projekt-programu.docx"
    response = client.get(url)
    assert response.status_code == 200 and response.data == b"PK\x03\x04docx"
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "projekt-programu.docx" in response.headers["Content-Disposition"]
    wrong = f"/consultations/{consultation.slug}/attachments/{foreign.id}/cudzy.pdf"
    assert client.get(wrong).status_code == 404


ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_lists_announced_consultations_newest_first(client, consultation_factory,
                                                              institution_factory):
    import xml.etree.ElementTree as ET

    english(client)
    plonsk = institution_factory()
    opened = consultation_factory("Otwarta", institution=plonsk, opens_in=timedelta(days=-1))
    planned = consultation_factory("Planowana", institution=plonsk, opens_in=timedelta(days=3),
                                   closes_in=timedelta(days=10))
    planned.announced_at = utcnow() - timedelta(days=2)
    closed = consultation_factory("Zamknięta", institution=plonsk,
                                  opens_in=timedelta(days=-20), closes_in=timedelta(days=-5))
    reported = consultation_factory("Ze sprawozdaniem", institution=plonsk,
                                    opens_in=timedelta(days=-60), closes_in=timedelta(days=-40),
                                    report_published_at=utcnow() - timedelta(days=10))
    consultation_factory("Szkic", institution=plonsk, announced=False)
    db.session.commit()

    response = client.get("/consultations/feed.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - the app's own feed
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == ["Open for comments: Otwarta", "Planned: Planowana", "Closed: Zamknięta",
                      "Report published: Ze sprawozdaniem"]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == \
        f"http://127.0.0.1:5000/consultations/{opened.slug}/"
    assert "Comments until" in first.findtext(f"{ATOM}summary")
    assert first.findtext(f"{ATOM}updated")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 4
    assert closed.slug and reported.slug and planned.slug

    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    again = client.get("/consultations/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get("/consultations/feed.atom",
                      headers={"If-Modified-Since": modified}).status_code == 304
    consultation_factory("Nowa", institution=plonsk)
    assert client.get("/consultations/feed.atom",
                      headers={"If-None-Match": etag}).status_code == 200
