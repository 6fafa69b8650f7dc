"""Staff pages of consultations: who may open them, creating and editing a consultation
(the end-of-day close), the overview with its warnings, announcing, attachments, the list."""

import io
import zipfile
from datetime import UTC, date, datetime, timedelta

import docx
import pytest
from sqlalchemy import select

from consult.auth.models import MANAGER, User
from consult.consultations import services
from consult.consultations.choices import MULTIANNUAL, OTHER_ACT, PRE_MODERATION
from consult.consultations.models import (
    Comment,
    CommentFlag,
    CommentStatus,
    Consultation,
    ConsultationAttachment,
)
from consult.core.timeutil import utcnow
from consult.extensions import db
from consult.institutions.models import RURAL_GMINA, Institution
from tests.conftest import counted_queries
from tests.consultations.conftest import comment_on
from tests.html import page_of

NEW_CONSULTATION = {
    "institution_id": "",
    "teryt": "",
    "title": "Program współpracy Gminy Płońsk z organizacjami pozarządowymi na 2027 rok",
    "kind": "annual",
    "year": "2027",
    "summary": "Projekt programu na rok 2027.",
    "legal_basis": "Uchwała nr XII/85/2011 Rady Miejskiej w Płońsku",
    "participation": "everyone",
    "moderation": "post",
    "opens_on": "2026-10-01",
    "opens_time": "",
    "closes_on": "2026-10-14",
    "closes_time": "",
    "contact_name": "Jan Kowalski",
    "contact_email": "jan.kowalski@plonsk.pl",
    "contact_phone": "23 662 00 00",
    "report_forms": "",
}


def manage_urls(consultation, section=None, comment=None, attachment=None):
    """(method, url) of every page and action of this part of the staff area."""
    base = f"/manage/consultations/{consultation.id}"
    sid = section.id if section else consultation.sections[0].id
    cid = comment.id if comment else 1
    aid = attachment.id if attachment else 1
    return [
        ("GET", f"{base}/"), ("GET", f"{base}/edit"), ("POST", f"{base}/edit"),
        ("POST", f"{base}/announce"),
        ("GET", f"{base}/attachments"), ("POST", f"{base}/attachments"),
        ("POST", f"{base}/attachments/{aid}/delete"),
        ("GET", f"{base}/sections"), ("GET", f"{base}/sections/import"),
        ("POST", f"{base}/sections/import"),
        ("GET", f"{base}/sections/new"), ("POST", f"{base}/sections/new"),
        ("GET", f"{base}/sections/{sid}/edit"), ("POST", f"{base}/sections/{sid}/edit"),
        ("POST", f"{base}/sections/{sid}/delete"), ("POST", f"{base}/sections/{sid}/move"),
        ("GET", f"{base}/checklist"), ("POST", f"{base}/checklist"),
        ("GET", f"{base}/comments"), ("POST", f"{base}/comments/{cid}/answer"),
        ("POST", f"{base}/comments/{cid}/hide"), ("POST", f"{base}/comments/{cid}/publish"),
        ("POST", f"{base}/comments/{cid}/dismiss-flags"),
    ]


def pdf_bytes(size=2000) -> bytes:
    return b"%PDF-1.7\n" + b"0" * size + b"\n%%EOF\n"


def docx_bytes(*paragraphs) -> bytes:
    document = docx.Document()
    for text in paragraphs or ("Projekt programu",):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- permissions


def test_manager_of_another_institution_gets_403_everywhere(
        client, login_as, consultation_factory, institution_factory, user_factory):
    consultation = consultation_factory()
    author = user_factory()
    comment = comment_on(consultation, author, section=consultation.sections[1])
    attachment = ConsultationAttachment(title="Projekt", filename="projekt.pdf",
                                        content_type="application/pdf", size=10,
                                        data=pdf_bytes(1))
    consultation.attachments.append(attachment)
    db.session.commit()
    other = institution_factory(teryt="1420022", name="Baboszewo", kind=RURAL_GMINA)
    login_as(MANAGER, institutions=[other])

    for method, url in manage_urls(consultation, comment=comment, attachment=attachment):
        response = client.open(url, method=method, data={})
        assert response.status_code == 403, (method, url, response.status_code)
    assert db.session.get(Consultation, consultation.id).announced_at is not None
    assert db.session.get(Comment, comment.id).status == "published"


def test_anonymous_visitors_are_sent_to_sign_in(client, consultation_factory):
    consultation = consultation_factory()
    for method, url in [("GET", "/manage/consultations/"),
                        ("GET", "/manage/consultations/new")] + manage_urls(consultation):
        response = client.open(url, method=method, data={})
        assert response.status_code == 302, (method, url)
        assert "/auth/login" in response.headers["Location"]


def test_ordinary_user_is_refused(client, login_as, consultation_factory):
    consultation = consultation_factory()
    login_as("user")
    assert client.get("/manage/consultations/").status_code == 403
    assert client.get(f"/manage/consultations/{consultation.id}/").status_code == 403


def test_manager_runs_their_own_institutions_consultations(
        client, login_as, consultation_factory, institution_factory):
    own = institution_factory()
    other = institution_factory(teryt="1420022", name="Baboszewo", kind=RURAL_GMINA)
    mine = consultation_factory(institution=own)
    theirs = consultation_factory(title="Program współpracy Gminy Baboszewo",
                                  institution=other)
    login_as(MANAGER, institutions=[own])
    client.post("/language", data={"language": "en", "next": "/"})

    for method, url in manage_urls(mine):
        if method == "GET":
            assert client.get(url).status_code == 200, url
    listing = page_of(client.get("/manage/consultations/"))
    assert mine.title in listing.content
    assert theirs.title not in listing.content

    form = page_of(client.get("/manage/consultations/new"))
    assert list(form.options_of("institution_id")) == [str(own.id)]
    assert "teryt" not in [e["attrs"].get("name") for e in form.elements]
    response = client.post("/manage/consultations/new",
                           data={**NEW_CONSULTATION, "institution_id": str(other.id)})
    assert response.status_code == 200
    assert "Choose an institution from the list." in page_of(response).content
    response = client.post("/manage/consultations/new",
                           data={**NEW_CONSULTATION, "institution_id": str(own.id),
                                 "title": "Program Płońska"})
    assert response.status_code == 302
    created = db.session.scalar(select(Consultation).where(Consultation.title == "Program Płońska"))
    assert created.institution == own


# ---------------------------------------------------------------- create and edit


def test_staff_create_a_consultation_closing_at_the_end_of_the_day(
        client, staff, institution_factory):
    plonsk = institution_factory()
    response = client.get("/manage/consultations/new")
    page = page_of(response)
    assert page.value_of("kind") == "annual"
    assert page.value_of("contact_name") == "Anna Organizatorka"
    assert f"{plonsk.id}" in page.options_of("institution_id")
    assert "end of the last day" in page.content

    response = client.post("/manage/consultations/new",
                           data={**NEW_CONSULTATION, "institution_id": str(plonsk.id)})
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert response.headers["Location"].endswith(f"/manage/consultations/{consultation.id}/")
    assert consultation.institution == plonsk
    assert consultation.announced_at is None
    assert consultation.slug.startswith("program-wspolpracy-gminy-plonsk")
    # 1 October 00:00 and 15 October 00:00 in Warsaw (summer time, UTC+2).
    assert consultation.opens_at == datetime(2026, 9, 30, 22, 0, tzinfo=UTC)
    assert consultation.closes_at == datetime(2026, 10, 14, 22, 0, tzinfo=UTC)
    assert consultation.close_time_given is False
    assert services.closes_on(consultation) == date(2026, 10, 14)
    assert consultation.contact_email == "jan.kowalski@plonsk.pl"
    assert consultation.created_by_id == staff.id

    overview = page_of(client.get(response.headers["Location"]))
    assert "draft" in overview.text_by_id("consultation-status")
    assert "14 Oct 2026, 23:59" in overview.text_by_id("consultation-period")


def test_close_across_the_autumn_clock_change_is_local_midnight(
        client, staff, institution_factory):
    plonsk = institution_factory()
    client.post("/manage/consultations/new", data={
        **NEW_CONSULTATION, "institution_id": str(plonsk.id), "closes_on": "2026-10-25"})
    consultation = db.session.scalar(select(Consultation))
    # 25 October 2026 has 25 hours; the next midnight is in winter time (UTC+1).
    assert consultation.closes_at == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def test_a_given_closing_time_is_the_first_refused_minute(client, staff, institution_factory):
    plonsk = institution_factory()
    client.post("/manage/consultations/new", data={
        **NEW_CONSULTATION, "institution_id": str(plonsk.id), "opens_time": "12:00",
        "closes_time": "15:30"})
    consultation = db.session.scalar(select(Consultation))
    assert consultation.opens_at == datetime(2026, 10, 1, 10, 0, tzinfo=UTC)
    assert consultation.closes_at == datetime(2026, 10, 14, 13, 30, tzinfo=UTC)
    assert consultation.close_time_given is True

    form = page_of(client.get(f"/manage/consultations/{consultation.id}/edit"))
    assert form.value_of("opens_on") == "2026-10-01"
    assert form.value_of("opens_time") == "12:00"
    assert form.value_of("closes_on") == "2026-10-14"
    assert form.value_of("closes_time") == "15:30"


def test_staff_may_give_an_institution_outside_the_list_by_teryt(
        client, staff, institution_factory):
    krakow = institution_factory(teryt="1261011", name="Kraków")
    page = page_of(client.get("/manage/consultations/new"))
    assert str(krakow.id) not in page.options_of("institution_id")  # not mazowieckie

    response = client.post("/manage/consultations/new",
                           data={**NEW_CONSULTATION, "institution_id": "0", "teryt": "9999999"})
    assert response.status_code == 200
    assert "No local government in the register has this TERYT code." in page_of(response).content
    response = client.post("/manage/consultations/new",
                           data={**NEW_CONSULTATION, "institution_id": "0", "teryt": "1261011"})
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.institution == krakow
    # From now on it is in the list.
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/edit"))
    assert page.value_of("institution_id") == str(krakow.id)


def test_validation_errors_keep_what_was_typed(client, staff, institution_factory):
    plonsk = institution_factory()
    response = client.post("/manage/consultations/new", data={
        **NEW_CONSULTATION, "institution_id": str(plonsk.id), "title": "",
        "opens_on": "2026-10-14", "closes_on": "2026-10-01", "contact_email": "nie-email",
        "year": "dwa tysiące"})
    assert response.status_code == 200
    page = page_of(response)
    assert "Enter the title." in page.text_by_id("title-error")
    assert "The consultation must close after it opens." in page.content
    assert "Enter a valid e-mail address" in page.content
    assert "Enter a year" in page.content
    assert page.value_of("contact_phone") == "23 662 00 00"
    assert page.value_of("opens_on") == "2026-10-14"
    # A value that is not of its input's kind is shown as typed, in a text input (a
    # browser would empty a number input, and the HTML would not be valid).
    year = next(e for e in page.elements if e["attrs"].get("name") == "year")
    assert (year["attrs"]["type"], year["attrs"]["value"]) == ("text", "dwa tysiące")
    assert "min" not in year["attrs"] and "max" not in year["attrs"]
    email = next(e for e in page.elements if e["attrs"].get("name") == "contact_email")
    assert (email["attrs"]["type"], email["attrs"]["value"]) == ("text", "nie-email")
    opens_on = next(e for e in page.elements if e["attrs"].get("name") == "opens_on")
    assert opens_on["attrs"]["type"] == "date"  # a valid date keeps its date picker
    assert db.session.scalar(select(Consultation)) is None


def test_institution_is_required(client, staff):
    response = client.post("/manage/consultations/new", data=NEW_CONSULTATION)
    assert response.status_code == 200
    assert "Choose the institution, or give its TERYT code." in page_of(response).content


def test_edit_changes_the_period_and_links_meetings(
        client, staff, consultation_factory, event_factory):
    # Not announced: a running consultation may not close in the past (test_periods.py).
    consultation = consultation_factory(announced=False)
    meeting = event_factory(title="Spotkanie konsultacyjne w Płońsku",
                            type="consultation_meeting")
    training = event_factory(title="Szkolenie z pisania ofert")
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/edit"))
    assert meeting.title in page.content
    assert training.title not in page.content

    response = client.post(f"/manage/consultations/{consultation.id}/edit", data={
        **NEW_CONSULTATION, "institution_id": str(consultation.institution_id),
        "title": "Nowy tytuł", "kind": MULTIANNUAL, "moderation": PRE_MODERATION,
        "closes_on": "2026-10-20", "meeting_ids": [str(meeting.id)]})
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.title == "Nowy tytuł"
    assert consultation.kind == MULTIANNUAL
    assert consultation.moderation == PRE_MODERATION
    assert consultation.closes_at == datetime(2026, 10, 20, 22, 0, tzinfo=UTC)
    assert consultation.meetings == [meeting]
    overview = page_of(client.get(f"/manage/consultations/{consultation.id}/"))
    assert meeting.title in overview.content


# ---------------------------------------------------------------- overview and announcing


def test_overview_warns_about_missing_elements_but_announcing_is_allowed(
        client, staff, consultation_factory):
    consultation = consultation_factory(announced=False)
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/"))
    warnings = page.text_by_id("announcement-warnings")
    assert "The statutory checklist is incomplete" in warnings
    assert "priority public tasks" in page.text_by_id("missing-elements")
    assert "you can announce the consultation anyway" in warnings
    for endpoint in ("sections", "checklist", "attachments", "comments", "report", "final"):
        assert any(e["attrs"].get("href") == f"/manage/consultations/{consultation.id}/{endpoint}"
                   for e in page.elements), endpoint
    assert any(e["attrs"].get("href") == f"/consultations/{consultation.slug}/"
               for e in page.elements)

    response = client.post(f"/manage/consultations/{consultation.id}/announce")
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.announced_at is not None
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/"))
    assert "Announce the consultation" not in page.content
    assert "open" in page.text_by_id("consultation-status")


def test_other_acts_have_no_statutory_warning(client, staff, consultation_factory):
    consultation = consultation_factory(kind=OTHER_ACT, announced=False)
    page = page_of(client.get(f"/manage/consultations/{consultation.id}/"))
    assert page.by_id("missing-elements") is None
    assert "statutory checklist" not in (page.text_by_id("announcement-warnings")
                                         if page.by_id("announcement-warnings") else "")


# ---------------------------------------------------------------- attachments


def test_attach_pdf_and_docx_checked_by_content(client, staff, consultation_factory):
    consultation = consultation_factory()
    url = f"/manage/consultations/{consultation.id}/attachments"
    upload = (io.BytesIO(pdf_bytes()), "Projekt programu.pdf")
    response = client.post(url, data={"title": "Projekt programu (PDF)", "document": upload},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    response = client.post(url, data={"title": "Projekt programu (Word)",
                                      "document": (io.BytesIO(docx_bytes()), "projekt.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    stored = list(db.session.scalars(
        select(ConsultationAttachment).order_by(ConsultationAttachment.id)))
    assert [(a.filename, a.content_type) for a in stored] == [
        ("projekt-programu.pdf", "application/pdf"),
        ("projekt.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    assert stored[0].data == pdf_bytes()
    page = page_of(client.get(url))
    assert "Projekt programu (PDF)" in page.text_by_id("attachments-table")


@pytest.mark.parametrize("payload, name", [
    (b"MZ\x90\x00 this is an executable", "projekt.pdf"),
    (b"just text pretending", "projekt.docx"),
])
def test_attachments_that_are_not_pdf_or_docx_are_refused(
        client, staff, consultation_factory, payload, name):
    consultation = consultation_factory()
    response = client.post(f"/manage/consultations/{consultation.id}/attachments",
                           data={"title": "Projekt", "document": (io.BytesIO(payload), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Upload a PDF or a Word (.docx) document." in page_of(response).content
    assert db.session.scalar(select(ConsultationAttachment)) is None


def test_a_zip_that_is_not_a_word_document_is_refused(client, staff, consultation_factory):
    consultation = consultation_factory()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")  # an ODT-like archive
    response = client.post(f"/manage/consultations/{consultation.id}/attachments",
                           data={"title": "Projekt", "document": (io.BytesIO(buffer.getvalue()),
                                                                  "projekt.docx")},
                           content_type="multipart/form-data")
    assert "Upload a PDF or a Word (.docx) document." in page_of(response).content


def test_attachment_size_limit_from_config(make_app, login_as, consultation_factory):
    app = make_app(CONSULTATIONS_MAX_ATTACHMENT_MB=1)
    with app.app_context():
        consultation = consultation_factory()
        client = app.test_client()
        user = login_as("staff")
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
        response = client.post(
            f"/manage/consultations/{consultation.id}/attachments",
            data={"title": "Za duży", "document": (io.BytesIO(pdf_bytes(1024 * 1024 + 10)),
                                                    "duzy.pdf")},
            content_type="multipart/form-data")
        assert response.status_code == 200
        assert db.session.scalar(select(ConsultationAttachment)) is None


def test_delete_an_attachment(client, staff, consultation_factory):
    consultation = consultation_factory()
    attachment = ConsultationAttachment(title="Stary projekt", filename="stary.pdf",
                                        content_type="application/pdf", size=10, data=b"%PDF-1")
    consultation.attachments.append(attachment)
    db.session.commit()
    response = client.post(
        f"/manage/consultations/{consultation.id}/attachments/{attachment.id}/delete")
    assert response.status_code == 302
    assert db.session.scalar(select(ConsultationAttachment)) is None


def test_attachment_of_another_consultation_is_404(client, staff, consultation_factory):
    one = consultation_factory()
    two = consultation_factory(title="Inny program", institution=one.institution)
    attachment = ConsultationAttachment(title="Projekt", filename="p.pdf",
                                        content_type="application/pdf", size=1, data=b"%PDF-")
    two.attachments.append(attachment)
    db.session.commit()
    response = client.post(f"/manage/consultations/{one.id}/attachments/{attachment.id}/delete")
    assert response.status_code == 404


# ---------------------------------------------------------------- the list


def test_list_shows_counts_with_a_constant_number_of_queries(
        client, staff, consultation_factory, institution_factory, user_factory):
    author_id, flagger_id = user_factory().id, user_factory().id
    plonsk_id = institution_factory().id

    def add_consultation(n):
        consultation = consultation_factory(
            title=f"Program współpracy nr {n}", institution=db.session.get(Institution, plonsk_id),
            moderation=PRE_MODERATION if n % 2 else "post")
        for _ in range(3):
            comment = comment_on(consultation, db.session.get(User, author_id),
                                 section=consultation.sections[1])
        if comment.status != CommentStatus.PENDING:
            db.session.add(CommentFlag(comment_id=comment.id, user_id=flagger_id, reason="spam"))
        db.session.commit()
        return consultation

    first = add_consultation(0).title
    client.get("/manage/consultations/")  # warm-up: what is cached per process
    db.session.expunge_all()  # every object loaded afresh, as in a new process
    with counted_queries() as few:
        page = page_of(client.get("/manage/consultations/"))
    row = [r for r in page.table_rows() if r[0] == first][0]
    assert row[4:] == ["3", "3", "0", "1"]
    for n in range(1, 8):
        add_consultation(n)
    db.session.expunge_all()
    with counted_queries() as many:
        page = page_of(client.get("/manage/consultations/"))
    assert len(many) == len(few)
    pre = [r for r in page.table_rows() if r[0] == "Program współpracy nr 1"][0]
    assert pre[4:] == ["3", "0", "3", "0"]
    assert "New consultation" in page.content


def test_list_status_of_each_consultation(client, staff, consultation_factory,
                                          institution_factory):
    plonsk = institution_factory()
    consultation_factory(title="Szkic", announced=False, institution=plonsk)
    consultation_factory(title="Zaplanowana", opens_in=timedelta(days=3),
                         closes_in=timedelta(days=10), institution=plonsk)
    consultation_factory(title="Zamknięta", opens_in=timedelta(days=-10),
                         closes_in=timedelta(days=-1), institution=plonsk)
    rows = {r[0]: r[2] for r in page_of(client.get("/manage/consultations/")).table_rows()}
    assert rows == {"Szkic": "draft", "Zaplanowana": "planned", "Zamknięta": "closed"}



def test_every_page_has_unique_ids_and_labelled_controls(
        client, staff, consultation_factory, user_factory, event_factory):
    consultation = consultation_factory()
    event_factory(title="Spotkanie konsultacyjne", type="consultation_meeting")
    comment = comment_on(consultation, user_factory(), section=consultation.sections[1])
    comment_on(consultation, user_factory())
    services.flag_comment(comment, user_factory(), "spam")
    consultation.attachments.append(ConsultationAttachment(
        title="Projekt", filename="projekt.pdf", content_type="application/pdf", size=10,
        data=pdf_bytes(1)))
    db.session.commit()
    urls = ["/manage/consultations/", "/manage/consultations/new"] + [
        url for method, url in manage_urls(consultation) if method == "GET"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = page_of(response)
        ids = [e["attrs"]["id"] for e in page.elements if "id" in e["attrs"]]
        assert len(ids) == len(set(ids)), (url, sorted(i for i in ids if ids.count(i) > 1))
        labelled = {e["attrs"].get("for") for e in page.elements if e["tag"] == "label"}
        for element in page.elements:
            attrs = element["attrs"]
            if element["tag"] in ("input", "select", "textarea") and attrs.get("type") not in (
                    "hidden", "submit"):
                assert attrs.get("id") in labelled or any(
                    p["tag"] == "label" for p in element["parents"]), (url, attrs)
    fresh = consultation_factory(title="Bez uwag", institution=consultation.institution,
                                 announced=False)
    for data in ({"source": "template", "step": "preview"},
                 {"source": "markdown", "step": "preview", "markdown": "# Rozdział I\n\nA"}):
        preview = client.post(f"/manage/consultations/{fresh.id}/sections/import", data=data)
        assert preview.status_code == 200
        ids = [e["attrs"]["id"] for e in page_of(preview).elements if "id" in e["attrs"]]
        assert len(ids) == len(set(ids))


def test_expired_form_keeps_what_was_typed(make_app, user_factory, institution_factory):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        plonsk = institution_factory()
        user = user_factory(role="staff")
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
        response = client.post("/manage/consultations/new", data={
            **NEW_CONSULTATION, "institution_id": str(plonsk.id), "csrf_token": "expired"})
        assert response.status_code == 200
        page = page_of(response)
        assert page.value_of("title") == NEW_CONSULTATION["title"]
        assert page.value_of("closes_on") == "2026-10-14"
        assert db.session.scalar(select(Consultation)) is None
        # Buttons without a form of their own are refused outright.
        consultation = Consultation(slug="x", title="x", institution=plonsk,
                                    opens_at=utcnow(), closes_at=utcnow() + timedelta(days=1))
        db.session.add(consultation)
        db.session.commit()
        response = client.post(f"/manage/consultations/{consultation.id}/announce")
        assert response.status_code == 400
        assert db.session.get(Consultation, consultation.id).announced_at is None
