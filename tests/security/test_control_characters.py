"""Control characters in what people type, and every file the platform writes.

Text pasted from Word carries a vertical tab (a manual line break) or a form feed (a page
break); other programs leave any C0 control character, U+FFFE or U+FFFF in it. XML 1.0
forbids all of those but tab, line feed and carriage return, so before the fix one such
character in a comment or a name made the XLSX, DOCX and Atom files a 500. The rule (see
``consult.core.text``):

- on input, every form and query-string value loses what XML forbids, and Word's breaks
  become line breaks (``consult.core.request_data``);
- on output, every file writer passes text through ``export_text`` as well, because rows
  stored before the input rule, by imports, the command line or a service may hold
  anything. The first test seeds such rows through the services and models, past the
  input rule, and opens every export with the library that reads that kind of file.

Lone surrogates cannot arrive: a browser cannot encode one, Werkzeug decodes what is not
UTF-8 into U+FFFD, and neither database can store one (the last test). ``export_text``
removes them anyway, which the property tests at the end check on the writers themselves.
"""

import csv
import io
import json
import re
from datetime import date, timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from xml.etree import ElementTree  # noqa: S405 - parsing our own output

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from consult.auth.models import STAFF, User
from consult.consultations import services as consultation_services
from consult.consultations.models import Comment, Consultation
from consult.consultations.report import publish_report
from consult.core.calendar import CalendarEntry, build_calendar
from consult.core.spreadsheets import to_csv, to_xlsx
from consult.core.text import export_text
from consult.core.timeutil import utcnow
from consult.events.attendance import check_in, days_of
from consult.events.choices import COMMENT, TEXT
from consult.events.funding import FundingProject
from consult.events.models import (
    Evaluation,
    EvaluationAnswer,
    EvaluationQuestion,
    Event,
    Registration,
)
from consult.extensions import db
from consult.network.models import FIELDS as NETWORK_FIELDS
from consult.network.models import Member
from consult.network.vcard import escape, fold
from tests.consultations.conftest import comment_on
from tests.events.conftest import add
from tests.events.test_exports import pdf_pages
from tests.network.conftest import member_factory, parse_vcard, vcard_text  # noqa: F401
from tests.security.conftest import signed_in
from tests.test_security_baseline import CONSULTATION_FORM, CONSULTATION_TERYT, EVENT_FORM

# Every C0 control character, and the two non-characters XML forbids.
CONTROLS = [chr(code) for code in range(0x20)] + ["\ufffe", "\uffff"]
# A word after each, so that a character swallowing the rest of the text shows.
TYPED = "Kowal" + "".join(f"{char}z{n:02d}" for n, char in enumerate(CONTROLS))
PHONE = "600\x0b100\x01200\ufffe"  # the phone column holds 40 characters
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
WORD_BREAKS = {"\x0b": "\n", "\x0c": "\n"}


def as_exported(text: str, carriage_return: str = "\n") -> str:
    """What every file must say for ``text``, written out by hand: tab and line feed kept,
    CR and Word's VT and FF as line feeds, everything else forbidden left out. What is
    stored of typed text is the same but for CR, kept as the browser sent it."""
    kept = {"\t": "\t", "\n": "\n", "\r": carriage_return, **WORD_BREAKS}
    return "".join(kept.get(char, "" if FORBIDDEN.match(char) else char) for char in text)


EXPORTED = as_exported(TYPED)


def squeezed(text: str) -> str:
    """Without any white space: how a PDF table or a Word cell may break a line is theirs."""
    return "".join(text.split())


def storable(app) -> str:
    """PostgreSQL's text cannot hold NUL at all; SQLite stores it."""
    with app.app_context():
        return TYPED if db.engine.dialect.name == "sqlite" else TYPED.replace("\x00", "")


# --- readers -------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_values(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    workbook = load_workbook(io.BytesIO(response.data))
    return [str(cell.value) for sheet in workbook.worksheets
            for row in sheet.iter_rows() for cell in row if cell.value is not None]


def docx_paragraphs(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    document = Document(io.BytesIO(response.data))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        paragraphs += [p.text for row in table.rows for cell in row.cells
                       for p in cell.paragraphs]
    return paragraphs + [document.core_properties.title, document.core_properties.subject]


def calendar_events(data: bytes, where: str) -> list:
    """The VEVENTs, after checking the content lines as a strict client would: CRLF only,
    no control character but tab, at most 75 octets."""
    assert data.endswith(b"\r\n"), where
    for line in data[:-2].split(b"\r\n"):
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), f"{where}: {line!r}"
        assert len(line) <= 75, f"{where}: {line!r}"
    return Calendar.from_ical(data).walk("VEVENT")


def assert_no_forbidden(text: str, where: str) -> None:
    found = FORBIDDEN.findall(text)
    assert not found, f"{where}: {found!r}"


# --- the output side: rows stored with every character -----------------------------------


@pytest.fixture
def stored_world(app, user_factory, institution_factory, consultation_factory,
                 event_factory, member_factory):  # noqa: F811 - the imported fixture
    """One of everything, with the characters stored past the input rule."""
    text = storable(app)
    staff_user = user_factory(role=STAFF, full_name=text)
    author = user_factory(full_name=text, email="autor@example.org")
    institution = institution_factory(name=text)
    consultation = consultation_factory(
        title=text, summary=text, institution=institution, legal_basis=text,
        report_prepared_by=text, report_conclusion=text,
        sections=[(1, "§ 1", text, text)])
    comment_on(consultation, author, body=text, section=consultation.sections[0],
               proposed_text=text, justification=text, on_behalf="organisation",
               organisation_name=text, organisation_krs="0000123456")
    comment_on(consultation, author, body=text)
    consultation.closes_at = utcnow().replace(microsecond=0)
    db.session.commit()
    for comment in db.session.scalars(select(Comment)):
        consultation_services.answer_comment(comment, staff_user, "rejected", text)
    publish_report(consultation)
    db.session.commit()

    # An event that has taken place: attendance is recorded only from the event's day.
    event = event_factory(
        title=text, slug="szkolenie", summary=text, organiser=text,
        starts_in=timedelta(days=-3),
        questions=[{"label": text, "kind": TEXT}],
        funding_project=FundingProject(name=text, funder=text, notice=text))
    event.venue_name = event.venue_address = text
    db.session.commit()
    registration = add(event, text, "uczestnik@example.org", organisation=text,
                       position=text, phone=PHONE, needs=text, consent_needs=True,
                       answers={event.questions[0].id: text})
    check_in(registration, days_of(event)[0], staff_user)
    question = EvaluationQuestion(event_id=event.id, kind=COMMENT, label=text)
    db.session.add(Evaluation(event_id=event.id, created_on=date.today(), answers=[
        EvaluationAnswer(question=question, text=text)]))
    db.session.commit()

    member = member_factory(institution=institution, user=author, full_name=text,
                            position=text, department=text, bio=text, work_phone=PHONE,
                            visibility={name: "public" for name in NETWORK_FIELDS})
    return {"staff": staff_user, "author": author, "consultation": consultation,
            "event": event, "registration": registration, "member": member}


def test_every_export_takes_stored_control_characters(app, mailbox, stored_world):
    """Every file and JSON answer: no 500, the reading library opens it, the text is all
    there (Word's breaks as line breaks) and nothing XML forbids is left in it."""
    staff = signed_in(app, stored_world["staff"])
    visitor = signed_in(app)
    owner = signed_in(app, stored_world["author"])
    consultation: Consultation = stored_world["consultation"]
    event: Event = stored_world["event"]
    registration: Registration = stored_world["registration"]
    member: Member = stored_world["member"]
    report = f"/consultations/{consultation.slug}/report"
    base = f"/manage/events/{event.id}"
    every_export = {
        **{f"{report}.{kind}": visitor for kind in ("csv", "xlsx", "docx")},
        "/consultations/feed.atom": visitor,
        f"{base}/registrations.csv": staff, f"{base}/registrations.xlsx": staff,
        f"{base}/attendance.pdf": staff, "/manage/events/impact.csv": staff,
        f"/events/{event.slug}/calendar.ics": visitor, "/events/calendar.ics": visitor,
        f"/registrations/{registration.token}/calendar.ics": visitor,
        "/manage/network/members.csv": staff, f"/network/{member.id}/vcard.vcf": visitor,
        "/account/export.json": owner, f"/api/v1/consultations/{consultation.slug}": visitor,
        f"/api/v1/events/{event.slug}": visitor, "/api/v1/network/members": visitor,
        report: visitor, f"/manage/consultations/{consultation.id}/report": staff,
        f"{base}/evaluation": staff,
    }
    assert not [path for path, client in every_export.items() if not _answers(client, path)]

    # The consultation report: CSV, XLSX, DOCX, the page, and element 10 for staff.
    cells = [cell for row in csv_rows(visitor.get(f"{report}.csv")) for cell in row]
    assert cells.count(EXPORTED) >= 6, cells  # author, section, body, proposal, reason, answer
    values = xlsx_values(visitor.get(f"{report}.xlsx"))
    assert values.count(EXPORTED) >= 6, values
    assert any(EXPORTED in value for value in values)  # the header sheet
    paragraphs = docx_paragraphs(visitor.get(f"{report}.docx"))
    assert_no_forbidden("".join(paragraphs), "report.docx")
    lines = EXPORTED.split("\n")
    assert all(line in paragraphs for line in lines[1:-1]), "a line of the comment is lost"
    assert squeezed(EXPORTED) in squeezed("".join(paragraphs))
    for path in (report, f"/manage/consultations/{consultation.id}/report",
                 f"/manage/consultations/{consultation.id}/comments"):
        response = (staff if path.startswith("/manage") else visitor).get(path)
        assert response.status_code == 200, path

    # The Atom feed.
    feed = visitor.get("/consultations/feed.atom")
    assert feed.status_code == 200
    atom = "{http://www.w3.org/2005/Atom}"
    [entry] = ElementTree.fromstring(feed.data).iter(f"{atom}entry")  # noqa: S314
    assert EXPORTED in entry.findtext(f"{atom}title")
    assert EXPORTED in entry.findtext(f"{atom}summary")
    assert entry.findtext(f"{atom}author/{atom}name") == EXPORTED

    # Registrations: CSV and XLSX for staff, the attendance list, the evaluation results.
    rows = csv_rows(staff.get(f"{base}/registrations.csv"))
    assert rows[0].count(EXPORTED) == 1  # the question as a column
    assert rows[1].count(EXPORTED) >= 3 and as_exported(PHONE) in rows[1]  # name, org, …
    assert "; ".join(EXPORTED.splitlines()) in rows[1]  # the answer, on one line
    values = xlsx_values(staff.get(f"{base}/registrations.xlsx"))
    assert values.count(EXPORTED) >= 4 and as_exported(PHONE) in values
    pdf = staff.get(f"{base}/attendance.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    text = " ".join(pdf_pages(pdf.data))
    assert squeezed(EXPORTED) in squeezed(text)
    assert staff.get(f"{base}/evaluation").status_code == 200
    assert csv_rows(staff.get(f"{base}/evaluation.csv")) == [[EXPORTED], [EXPORTED]]
    assert xlsx_values(staff.get(f"{base}/evaluation.xlsx")).count(EXPORTED) == 2
    impact = csv_rows(staff.get("/manage/events/impact.csv"))
    assert EXPORTED in [cell for row in impact for cell in row]  # the project's name

    # Calendars: the event, the public feed, the registrant's own entry, the mail's file.
    for path in (f"/events/{event.slug}/calendar.ics", "/events/calendar.ics",
                 f"/registrations/{registration.token}/calendar.ics"):
        response = visitor.get(path)
        assert response.status_code == 200, path
        [vevent] = calendar_events(response.data, path)
        assert str(vevent["summary"]) == EXPORTED
        assert EXPORTED in str(vevent["description"]) and EXPORTED in str(vevent["location"])
    attendee = vevent["attendee"]
    assert attendee.params["cn"] == " ".join(EXPORTED.split())
    [message] = mailbox.to(registration.email)
    mail = message_from_bytes(message.as_bytes(), policy=default_policy)
    [ics] = [part for part in mail.walk() if part.get_content_type() == "text/calendar"]
    [vevent] = calendar_events(ics.get_payload(decode=True), "the mail's calendar file")
    assert str(vevent["summary"]) == EXPORTED

    # The network: the staff's CSV and the member's vCard.
    cells = [cell for row in csv_rows(staff.get("/manage/network/members.csv")) for cell in row]
    assert cells.count(EXPORTED) >= 3, cells
    vcard = visitor.get(f"/network/{member.id}/vcard.vcf")
    assert vcard.status_code == 200
    body = vcard.get_data(as_text=True)
    assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f]", body.replace("\r\n", ""))
    properties = parse_vcard(body)
    assert vcard_text(properties, "FN") == EXPORTED
    assert vcard_text(properties, "NOTE") == EXPORTED
    assert vcard_text(properties, "TITLE") == EXPORTED

    # JSON carries any character escaped: the text exactly as stored.
    text = storable(app)
    answers = {
        f"/api/v1/consultations/{consultation.slug}": visitor,
        "/api/v1/consultations": visitor,
        f"/api/v1/events/{event.slug}": visitor,
        "/api/v1/events?past=1": visitor,  # the event has taken place
        "/api/v1/network/members": visitor,
        f"/registrations/{registration.token}.json": visitor,
        "/account/export.json": owner,
    }
    for path, client in answers.items():
        response = client.get(path)
        assert response.status_code == 200, path
        strings = _strings(json.loads(response.get_data()))
        assert text in strings or path.startswith("/registrations/"), path


def _answers(client, path: str) -> bool:
    """200, not a 500 (in tests Flask raises what would be one)."""
    try:
        return client.get(path).status_code == 200
    except Exception:  # noqa: BLE001 - any error is the failure looked for
        return False


def _strings(data) -> set[str]:
    if isinstance(data, dict):
        return set().union(*map(_strings, data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*map(_strings, data)) if data else set()
    return {data} if isinstance(data, str) else set()


def test_word_breaks_separate_words_in_every_spreadsheet_cell(app, stored_world):
    """The vertical tab of a Word paste is a line break in the cell, not a glued word."""
    values = xlsx_values(signed_in(app).get(
        f"/consultations/{stored_world['consultation'].slug}/report.xlsx"))
    assert any("z10\nz11\nz12\nz13" in value for value in values)


# --- the input side: what a browser sends ---------------------------------------------------


def _stored_texts(*models) -> list[str]:
    db.session.expire_all()
    texts = []
    for model in models:
        for row in db.session.scalars(select(model)):
            texts += [value for value in vars(row).values() if isinstance(value, str)]
    return texts


def test_typed_control_characters_are_cleaned_on_input(app, client, staff,
                                                       user_factory, institution_factory,
                                                       consultation_factory, event_factory):
    """Every form a visitor or staff fill in: the text is stored without what XML forbids,
    Word's breaks as line breaks, and the exports built from it open."""
    event = event_factory(questions=[{"label": "Czego oczekujesz?", "kind": TEXT}])
    guest = signed_in(app)
    response = guest.post(f"/events/{event.slug}/register", data={
        "full_name": TYPED, "email": "gosc@example.org", "category": "ngo",
        "organisation": TYPED, "position": TYPED, "phone": "", "needs": TYPED,
        "consent_needs": "y", "consent_rodo": "y", f"q_{event.questions[0].id}": TYPED})
    assert response.status_code in (200, 302)
    [registration] = db.session.scalars(select(Registration)).all()
    assert registration.full_name == as_exported(TYPED, "\r")
    assert registration.answers[0].value == as_exported(TYPED, "\r")

    consultation = consultation_factory(institution=institution_factory())
    author = user_factory(email="autor@example.org")
    response = signed_in(app, author).post(f"/consultations/{consultation.slug}/comments", data={
        "section": str(consultation.sections[1].id), "body": TYPED, "proposed_text": TYPED,
        "justification": TYPED, "on_behalf": "organisation", "organisation_name": TYPED,
        "organisation_krs": "0000123456"})
    assert response.status_code == 302, response.status_code

    response = client.post("/manage/events/new", data={
        **EVENT_FORM, "title": TYPED, "summary": TYPED, "description": TYPED,
        "speakers": TYPED, "accessibility_info": TYPED, "organiser": TYPED,
        "other_partners": TYPED, "venue_name": TYPED})
    assert response.status_code == 302, response.status_code
    institution_factory(teryt=CONSULTATION_TERYT, name="Płock")
    response = client.post("/manage/consultations/new", data={
        **CONSULTATION_FORM, "title": TYPED, "summary": TYPED, "legal_basis": TYPED,
        "contact_name": TYPED, "report_forms": TYPED, "institution_id": "0",
        "teryt": CONSULTATION_TERYT})
    assert response.status_code == 302, response.status_code

    texts = _stored_texts(Registration, Comment, Event, Consultation)
    assert texts.count(as_exported(TYPED, "\r")) >= 14
    for text in texts:
        assert_no_forbidden(text, "a stored value")
    assert client.get(f"/manage/events/{event.id}/registrations.xlsx").status_code == 200


def test_sign_up_and_network_entry_are_cleaned_on_input(app, user_factory,
                                                        institution_factory):
    response = signed_in(app).post("/auth/register", data={
        "full_name": TYPED, "email": "nowa@example.org", "password": "correct-horse-battery",
        "password_confirm": "correct-horse-battery", "consent_rodo": "y"})
    assert response.status_code in (200, 302)
    user = db.session.scalar(select(User).where(User.email == "nowa@example.org"))
    assert user.full_name == as_exported(TYPED, "\r")

    institution = institution_factory(domains="plonsk.pl")
    official = user_factory(email="urzednik@example.org")
    response = signed_in(app, official).post("/network/join", data={
        "institution": str(institution.id), "full_name": TYPED, "position": TYPED,
        "department": TYPED, "work_email": "urzednik@plonsk.pl", "bio": TYPED,
        "consent": "y", **{f"{name}_visibility": "public" for name in NETWORK_FIELDS}})
    assert response.status_code == 200
    [member] = db.session.scalars(select(Member)).all()
    assert member.bio == as_exported(TYPED, "\r")
    for text in _stored_texts(Member):
        assert_no_forbidden(text, "a network entry")


@pytest.mark.parametrize("body", [
    b"full_name=%ED%A0%80Maria%EF%BF%BE", b"full_name=Maria%ED%B0%80",
])
def test_encoded_surrogates_never_reach_the_database(app, event_factory, body):
    """A lone surrogate sent as the bytes of its would-be UTF-8 form: Werkzeug keeps the
    text as typed (percent signs) or as U+FFFD, never a surrogate; no 500."""
    event = event_factory()
    response = signed_in(app).post(
        f"/events/{event.slug}/register",
        data=body + b"&email=s%40example.org&category=ngo&consent_rodo=y",
        content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302)
    for text in _stored_texts(Registration):
        assert_no_forbidden(text, "a stored value")


def test_a_multipart_surrogate_arrives_as_a_replacement_character(app, event_factory):
    event = event_factory()
    parts = {"full_name": "\ud800Maria".encode("utf-8", "surrogatepass"),
             "email": b"m@example.org", "category": b"ngo", "consent_rodo": b"y"}
    body = b"".join(b'--B\r\nContent-Disposition: form-data; name="' + name.encode()
                    + b'"\r\n\r\n' + value + b"\r\n" for name, value in parts.items())
    response = signed_in(app).post(f"/events/{event.slug}/register", data=body + b"--B--\r\n",
                                   content_type="multipart/form-data; boundary=B")
    assert response.status_code in (200, 302)
    for text in _stored_texts(Registration):
        assert_no_forbidden(text, "a stored value")


# --- the writers themselves, for any text (surrogates included) -------------------------------

ANY_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(CONTROLS + ["\ud800", "\udfff", "\x7f", "\x85", "\u2028", "ł", "🦊"]),
    st.characters(codec="utf-8")), max_size=40)
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(text=ANY_TEXT)
def test_spreadsheets_hold_any_text(app, text):
    data = to_xlsx(["Imię", text], [[1, text]], text or "Arkusz")
    cells = [cell.value for row in load_workbook(io.BytesIO(data)).active.iter_rows()
             for cell in row]
    assert cells[1] in (export_text(text), None) and cells[3] in (export_text(text), None)
    rows = list(csv.reader(io.StringIO(to_csv(["a"], [[text]]).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[1][0] in (export_text(text), "'" + export_text(text))  # "'": not a formula


@PROPERTY
@given(text=ANY_TEXT)
def test_calendars_and_vcards_hold_any_text(app, text):
    start = utcnow().replace(microsecond=0)
    data = build_calendar([CalendarEntry(
        uid="x@example.org", starts_at=start, ends_at=start, summary=text, description=text,
        location=text, categories=[text or "x"], attendees=[(text, "a@example.org")])])
    [vevent] = calendar_events(data, repr(text))
    assert str(vevent["summary"]) == export_text(text)
    line = fold(f"NOTE:{escape(text)}")
    assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]",
                         line.replace("\r\n", ""))
    line.encode()


@PROPERTY
@given(text=ANY_TEXT)
def test_export_text_is_what_xml_can_hold(text):
    cleaned = export_text(text)
    assert_no_forbidden(cleaned, repr(text))
    assert "\r" not in cleaned
    element = ElementTree.Element("t")
    element.text = cleaned
    assert ElementTree.fromstring(ElementTree.tostring(element)).text in (cleaned, None)  # noqa: S314
