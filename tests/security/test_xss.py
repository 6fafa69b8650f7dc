"""Cross-site scripting: a corpus of payloads typed into the text fields of the main forms,
then looked for in every page, export, e-mail and API answer that shows them.

A page passes when the payload is shown as text (its marker is in the page's text) and
nothing in it would run (no <script>, no on* attribute, no javascript: link: see checks.py).
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.consultations.models import Comment, Consultation
from consult.events.choices import TEXT
from consult.events.models import Event, Registration
from consult.extensions import db
from consult.network.models import FIELDS as NETWORK_FIELDS
from consult.network.models import Member
from tests.security.checks import (
    FORMULA_PAYLOADS,
    LINK_PAYLOADS,
    XSS_PAYLOADS,
    assert_no_formulas_in_csv,
    assert_no_formulas_in_xlsx,
    assert_safe_html,
    docx_text,
    field_errors,
    html_part,
    marker,
    scripting_url,
    text_part,
    visible_text,
)
from tests.security.conftest import rows, signed_in
from tests.test_security_baseline import CONSULTATION_FORM, CONSULTATION_TERYT, EVENT_FORM

PAYLOADS = list(XSS_PAYLOADS.values())
MARKERS = [marker(p) for p in PAYLOADS]


ANY = "any"  # a page that shows only the first few items: at least one of them


def check_page(client, path: str, markers=MARKERS, status: int = 200) -> str:
    """GET ``path``: the expected status, nothing that runs, every marker shown as text."""
    response = client.get(path)
    assert response.status_code == status, f"{path}: {response.status_code}"
    body = response.get_data(as_text=True)
    assert_safe_html(body, path, PAYLOADS)
    text = visible_text(body)
    if markers == ANY:
        assert any(m in text for m in MARKERS), f"{path}: no payload is shown"
    else:
        missing = [m for m in markers if m not in text]
        assert not missing, f"{path}: the payloads with markers {missing} are not shown"
    return body


def check_json(client, path: str, values: list[str]) -> dict:
    """The API gives the text exactly as typed, as JSON that browsers will not sniff as HTML."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "application/json", path
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    data = response.get_json()
    for value in values:
        assert value in _strings(data), f"{path}: {value!r} does not round-trip"
    return data


def _strings(data) -> set[str]:
    if isinstance(data, dict):
        return set().union(*(_strings(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_strings(v) for v in data)) if data else set()
    return {data} if isinstance(data, str) else set()


def check_mail(message, where: str, markers=MARKERS) -> None:
    html = html_part(message)
    assert html is not None, f"{where}: no HTML part"
    assert_safe_html(html, f"{where} (HTML part)", PAYLOADS)
    text = visible_text(html)
    missing = [m for m in markers if m not in text]
    assert not missing, f"{where}: markers {missing} are not in the HTML part"
    plain = text_part(message)
    assert all(m in plain for m in markers), f"{where}: not all markers in the text part"


# --- event registration --------------------------------------------------------------------


def _register(client, event: Event, text: str, email: str, question_id: int):
    data = {
        "full_name": text, "email": email, "category": "ngo", "organisation": text,
        "position": text[:200], "phone": text if len(text) <= 40 else "", "needs": text,
        "consent_needs": "y", "consent_rodo": "y", f"q_{question_id}": text,
    }
    response = client.post(f"/events/{event.slug}/register", data=data)
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]
    registration = db.session.scalar(select(Registration).where(Registration.email == email))
    assert registration is not None, f"not registered: {text!r}"
    return registration


def test_registration_fields_are_text_everywhere(app, client, staff, event_factory, mailbox):
    """Every text field of the registration form and the answer to a custom question."""
    event = event_factory(questions=[{"label": "Czego oczekujesz?", "kind": TEXT}])
    question_id = event.questions[0].id
    guest = signed_in(app)
    registrations = []
    for n, payload in enumerate(PAYLOADS):
        registrations.append(_register(guest, event, payload, f"gosc{n}@example.org",
                                       question_id))
    for registration in registrations:  # guests confirm their address: now confirmed
        assert guest.post(f"/registrations/{registration.token}/confirm").status_code == 302
    base = f"/manage/events/{event.id}"
    check_page(client, f"{base}/registrations")
    check_page(client, f"{base}/checkin")
    for registration, payload in zip(registrations, PAYLOADS, strict=True):
        check_page(client, f"{base}/registrations/{registration.id}", [marker(payload)])
        check_page(guest, f"/registrations/{registration.token}", [marker(payload)])
        check_mail(mailbox.last_to(registration.email), f"mail to {registration.email}",
                   [marker(payload)])

    cells = [cell for row in assert_no_formulas_in_csv(
        client.get(f"{base}/registrations.csv").data, "registrations.csv") for cell in row]
    for payload in PAYLOADS:
        assert payload in cells, f"{payload!r} not in the CSV as typed"
    values = [value for _c, value, _t in assert_no_formulas_in_xlsx(
        client.get(f"{base}/registrations.xlsx").data, "registrations.xlsx")]
    for payload in PAYLOADS:
        assert payload in values, f"{payload!r} not in the XLSX as typed"


def test_question_labels_are_text_on_the_form(app, client, staff, event_factory):
    event = event_factory()
    for payload in PAYLOADS:
        response = client.post(f"/manage/events/{event.id}/questions",
                               data={"kind": "text", "label": payload, "options": ""})
        assert response.status_code in (200, 302)
    assert len(rows(Event, Event.id == event.id)[0].questions) == len(PAYLOADS)
    check_page(client, f"/manage/events/{event.id}/questions")
    check_page(signed_in(app), f"/events/{event.slug}/register")


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_registration_exports_neutralise_formulas(app, client, staff, event_factory,
                                                  payload):
    event = event_factory(questions=[{"label": "Uwagi", "kind": TEXT}])
    registration = _register(signed_in(app), event, payload, "formula@example.org",
                             event.questions[0].id)
    assert registration.full_name == payload  # stored as typed
    base = f"/manage/events/{event.id}"
    assert_no_formulas_in_csv(client.get(f"{base}/registrations.csv").data, "CSV")
    assert_no_formulas_in_xlsx(client.get(f"{base}/registrations.xlsx").data, "XLSX")


# --- comments on a consultation ----------------------------------------------------------------


def _comment(client, consultation: Consultation, text: str, section_id: int | None):
    response = client.post(f"/consultations/{consultation.slug}/comments", data={
        "section": str(section_id or ""), "body": text, "proposed_text": text,
        "justification": text, "on_behalf": "organisation", "organisation_name": text,
        "organisation_register": text[:100],  # not a KRS number: its own field (issue 20, H4a)
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def _close_and_report(client, consultation: Consultation, answer: str) -> None:
    """Close it, answer every comment with ``answer``, publish the report."""
    db.session.expire_all()
    consultation = db.session.get(Consultation, consultation.id)
    consultation.closes_at = consultation.closes_at - timedelta(days=8)
    db.session.commit()
    base = f"/manage/consultations/{consultation.id}"
    for comment in rows(Comment, Comment.consultation_id == consultation.id):
        response = client.post(f"{base}/comments/{comment.id}/answer",
                               data={"decision": "rejected", "decision_text": answer})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    response = client.post(f"{base}/report", data={
        "report_forms": answer, "report_conclusion": answer, "report_prepared_by": answer[:200]})
    assert response.status_code in (200, 302)
    assert client.post(f"{base}/report/publish").status_code == 302
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).report_published_at is not None


def test_comment_fields_are_text_everywhere(app, client, staff, user_factory,
                                            consultation_factory, mailbox):
    """Body, proposed wording, justification and organisation, then staff's answer: on the
    consultation's pages, the staff table, the receipt, the API and the report in every
    format."""
    consultation = consultation_factory()
    section_id = consultation.sections[1].id
    for n, payload in enumerate(PAYLOADS):
        author = user_factory(email=f"autor{n}@example.org")
        _comment(signed_in(app, author), consultation, payload, section_id if n % 2 else None)
        check_mail(mailbox.last_to(author.email), f"receipt to {author.email}",
                   [marker(payload)])
    assert len(rows(Comment, Comment.consultation_id == consultation.id)) == len(PAYLOADS)

    visitor = signed_in(app)
    for path in (f"/consultations/{consultation.slug}/",
                 f"/consultations/{consultation.slug}/print",
                 f"/manage/consultations/{consultation.id}/comments"):
        check_page(visitor if path.startswith("/consultations") else client, path)
    api = check_json(visitor, f"/api/v1/consultations/{consultation.slug}", PAYLOADS)
    assert len(api["comments"]) == len(PAYLOADS)

    answer = "xs9 <script>alert(2)</script> [z](javascript:alert(3))"
    _close_and_report(client, consultation, answer)
    report = f"/consultations/{consultation.slug}/report"
    check_page(visitor, report, MARKERS + ["xs9"])
    check_page(visitor, f"/consultations/{consultation.slug}/", MARKERS + ["xs9"])
    check_json(visitor, f"/api/v1/consultations/{consultation.slug}", PAYLOADS + [answer])
    cells = [cell for row in assert_no_formulas_in_csv(visitor.get(f"{report}.csv").data,
                                                       "report.csv") for cell in row]
    assert all(any(p in cell for cell in cells) for p in PAYLOADS + [answer])
    values = [str(v) for _c, v, _t in assert_no_formulas_in_xlsx(
        visitor.get(f"{report}.xlsx").data, "report.xlsx")]
    assert all(any(p in value for value in values) for p in PAYLOADS + [answer])
    text = docx_text(visitor.get(f"{report}.docx").data)
    assert all(p in text for p in PAYLOADS + [answer])


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_report_exports_neutralise_formulas(app, client, staff, user_factory,
                                            consultation_factory, payload):
    consultation = consultation_factory()
    _comment(signed_in(app, user_factory()), consultation, payload, None)
    _close_and_report(client, consultation, payload)
    report = f"/consultations/{consultation.slug}/report"
    assert_no_formulas_in_csv(client.get(f"{report}.csv").data, "report.csv")
    assert_no_formulas_in_xlsx(client.get(f"{report}.xlsx").data, "report.xlsx")


# --- joining the officials' network ----------------------------------------------------------


def _entry_form(institution_id: int, text: str, email: str) -> dict:
    return {"institution": str(institution_id), "full_name": text, "position": text,
            "department": text, "work_email": email, "bio": text, "consent": "y",
            "announcements": "y",
            **{f"{name}_visibility": "public" for name in NETWORK_FIELDS}}


def test_network_entry_fields_are_text_everywhere(app, client, staff, user_factory,
                                                  institution_factory, mailbox):
    """Name, position, department and bio: the staff pages, the decision, the directory,
    the profile, the vCard, the member's own page, the API and the mails."""
    institution = institution_factory()
    members = []
    for n, payload in enumerate(PAYLOADS):
        user = user_factory(email=f"urzednik{n}@example.org")
        own = signed_in(app, user)
        response = own.post("/network/join", data=_entry_form(
            institution.id, payload, f"urzednik{n}@plonsk.example.org"))
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        [member] = rows(Member, Member.user_id == user.id)
        members.append((member, own, payload))

    check_page(client, "/manage/network/")
    for member, _own, payload in members:
        check_page(client, f"/manage/network/members/{member.id}", [marker(payload)])
        check_page(client, f"/manage/network/members/{member.id}/reject", [marker(payload)])
        assert client.post(f"/manage/network/members/{member.id}/approve").status_code == 302
    check_page(client, "/manage/network/members")
    cells = [cell for row in assert_no_formulas_in_csv(
        client.get("/manage/network/members.csv").data, "members.csv") for cell in row]
    assert all(payload in cells for payload in PAYLOADS)

    visitor = signed_in(app)
    check_page(visitor, "/network/")
    for member, own, payload in members:
        check_page(visitor, f"/network/{member.id}", [marker(payload)])
        check_page(own, "/network/me", [marker(payload)])
        vcard = visitor.get(f"/network/{member.id}/vcard.vcf")
        assert vcard.mimetype == "text/vcard" and marker(payload) in vcard.get_data(as_text=True)
        messages = mailbox.to(member.work_email) + mailbox.to(
            rows(Member, Member.id == member.id)[0].user.email)
        assert messages, "the member was told nothing"
        for message in messages:
            check_mail(message, f"mail to {message['To']}", [])
    check_json(visitor, "/api/v1/network/members", PAYLOADS)


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_network_export_neutralises_formulas(app, client, staff, user_factory,
                                             institution_factory, payload):
    institution = institution_factory()
    user = user_factory()
    response = signed_in(app, user).post("/network/join", data=_entry_form(
        institution.id, payload, "urzednik@plonsk.example.org"))
    assert response.status_code == 200
    assert rows(Member, Member.user_id == user.id)[0].full_name == payload
    csv_rows = assert_no_formulas_in_csv(client.get("/manage/network/members.csv").data,
                                         "members.csv")
    assert any("'" + payload in row for row in csv_rows)  # shown, with the apostrophe


# --- staff forms: a consultation and an event ----------------------------------------------------


def test_consultation_title_and_summary_are_text_everywhere(app, client, staff,
                                                            institution_factory, mailbox):
    """Typed by staff into the consultation form: the staff pages, the public list and page,
    the home page, the Atom feed, the API and the notice to followers."""
    from consult.consultations.following import send_notices
    from consult.consultations.models import Subscription
    from consult.core.timeutil import utcnow

    plock = institution_factory(teryt=CONSULTATION_TERYT, name="Płock")
    ids = []
    for payload in PAYLOADS:
        response = client.post("/manage/consultations/new", data={
            **CONSULTATION_FORM, "title": payload, "summary": payload, "institution_id": "0",
            "teryt": CONSULTATION_TERYT})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        [consultation] = rows(Consultation, Consultation.title == payload)
        ids.append(consultation.id)
        base = f"/manage/consultations/{consultation.id}"
        check_page(client, f"{base}/", [marker(payload)])
        check_page(client, f"{base}/edit", [marker(payload)])
        assert client.post(f"{base}/announce").status_code == 302
    check_page(client, "/manage/consultations/")

    db.session.add(Subscription(email="obserwator@example.org", institution_id=plock.id,
                                token="t" * 40, locale="en", confirmed_at=utcnow()))
    for consultation in rows(Consultation, Consultation.id.in_(ids)):
        consultation.opens_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    send_notices()
    db.session.commit()
    notices = mailbox.to("obserwator@example.org")
    assert len(notices) == len(PAYLOADS)
    for message in notices:
        check_mail(message, f"notice {message['Subject']!r}", [])

    visitor = signed_in(app)
    check_page(visitor, "/consultations/")
    check_page(visitor, "/", ANY)
    for consultation in rows(Consultation, Consultation.id.in_(ids)):
        check_page(visitor, f"/consultations/{consultation.slug}/", [marker(consultation.title)])
        check_json(visitor, f"/api/v1/consultations/{consultation.slug}", [consultation.title])
    check_json(visitor, "/api/v1/consultations", PAYLOADS)
    feed = visitor.get("/consultations/feed.atom")
    assert feed.mimetype == "application/atom+xml"
    _assert_feed_titles(feed.data, PAYLOADS)


def _assert_feed_titles(data: bytes, titles: list[str]) -> None:
    """The feed is well-formed XML whose titles are the text typed (escaped, not markup)."""
    from xml.etree import ElementTree  # noqa: S405 - parsing our own output

    root = ElementTree.fromstring(data)  # noqa: S314
    atom = "{http://www.w3.org/2005/Atom}"
    found = {entry.findtext(f"{atom}title") for entry in root.iter(f"{atom}entry")}
    for entry in root.iter(f"{atom}entry"):
        for element in entry.iter():
            assert element.attrib.get("type") not in ("html", "xhtml"), element.tag
            assert not scripting_url(element.attrib.get("href")), element.attrib
    for title in titles:
        assert any(title in text for text in found), f"{title!r} not in {found}"


def test_event_title_and_description_are_text_everywhere(app, client, staff, mailbox):
    """Typed by staff into the event form (the description and accessibility information in
    Markdown): the staff pages, the public pages, the widget, the API and the participant's
    mail."""
    slugs = []
    for n, payload in enumerate(PAYLOADS):
        response = client.post("/manage/events/new", data={
            **EVENT_FORM, "title": payload, "summary": payload, "description": payload,
            "speakers": payload, "accessibility_info": payload, "organiser": payload[:300],
            "other_partners": payload, "venue_name": payload,
            "starts_at": f"2030-01-{n + 10}T10:00", "ends_at": f"2030-01-{n + 10}T16:00"})
        assert response.status_code == 302, field_errors(response.get_data(as_text=True))
        [event] = rows(Event, Event.title == payload)
        slugs.append(event.slug)
        check_page(client, f"/manage/events/{event.id}/", [marker(payload)])
        check_page(client, f"/manage/events/{event.id}/edit", [marker(payload)])
        assert client.post(f"/manage/events/{event.id}/publish").status_code == 302
    check_page(client, "/manage/events/")

    visitor = signed_in(app)
    check_page(visitor, "/events/")
    check_page(visitor, "/", ANY)
    check_page(visitor, "/embed/events", ANY)
    for n, (slug, payload) in enumerate(zip(slugs, PAYLOADS, strict=True)):
        check_page(visitor, f"/events/{slug}/", [marker(payload)])
        check_page(visitor, f"/events/{slug}/register", [marker(payload)])
        check_json(visitor, f"/api/v1/events/{slug}", [payload])
        email = f"uczestnik{n}@example.org"
        response = visitor.post(f"/events/{slug}/register", data={
            "full_name": "Maria Łęcka", "email": email, "category": "resident",
            "consent_rodo": "y"})
        assert response.status_code == 200
        check_mail(mailbox.last_to(email), f"mail about {payload!r}", [marker(payload)])
        ics = visitor.get(f"/events/{slug}/calendar.ics")
        assert ics.mimetype == "text/calendar" and marker(payload) in ics.get_data(as_text=True)
    check_json(visitor, "/api/v1/events", PAYLOADS)


@pytest.mark.parametrize("url", LINK_PAYLOADS)
def test_link_fields_refuse_script_urls(app, client, staff, institution_factory, url):
    """The online meeting link of an event and the website of an institution or an
    organisation are shown as links: only http(s) addresses are accepted."""
    response = client.post("/manage/events/new", data={
        **EVENT_FORM, "format": "online", "online_url": url, "venue_name": "",
        "venue_address": ""})
    assert response.status_code == 200  # the form again, with the error
    assert rows(Event) == []

    institution = institution_factory()
    response = client.post(f"/manage/institutions/{institution.id}",
                           data={"email_domains": "", "website": url})
    assert response.status_code == 200
    db.session.expire_all()
    assert not scripting_url(institution.website)
    response = client.post("/manage/organisations/new", data={
        "name": "Fundacja", "krs": "", "other_register": "", "nip": "", "regon": "",
        "seat": "Płock", "gmina_id": "0", "legal_form": "foundation", "website": url})
    assert response.status_code == 200
    from consult.institutions.models import Organisation

    assert rows(Organisation) == []


# --- the detectors themselves --------------------------------------------------------------------


@pytest.mark.parametrize("html", [
    "<p>xs1 <script>alert(1)</script></p>", '<a href="x"><img src=x onerror=alert(1)></a>',
    "<svg onload=alert(1)>", '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    "<a href='JaVaScRiPt:alert(1)'>x</a>", '<input value="" onmouseover="alert(1)">',
    '<iframe src="https://evil.example"></iframe>', "<SCRIPT SRC=//evil.example/x.js>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
])
def test_the_checks_catch_active_content(html):
    """The control of every test above: unescaped payloads are caught."""
    from tests.security.checks import active_content

    assert active_content(html), html


def test_the_checks_accept_escaped_payloads_and_catch_formulas():
    from markupsafe import escape

    from tests.security.checks import active_content, runs_as_formula

    for payload in PAYLOADS:
        assert not active_content(f"<p>{escape(payload)}</p><input value=\"{escape(payload)}\">")
        assert marker(payload) in visible_text(f"<p>{escape(payload)}</p>")
    assert all(runs_as_formula(payload) for payload in FORMULA_PAYLOADS)
    assert not any(runs_as_formula(value) for value in ("+48 600 100 200", "-", "(22) 123",
                                                        "'=SUM(1)", "Anna", ""))
