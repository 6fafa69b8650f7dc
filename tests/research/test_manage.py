"""Staff prepare diagnoses: creating one or several, editing only a draft, the status,
the open links, and the invitations (parse, validate, skip duplicates, CSV, send once,
remind once). Staff only."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from consult.auth.models import MANAGER, USER
from consult.cooperation.services import warsaw_today
from consult.core.mail import OutboxMessage
from consult.extensions import db
from consult.institutions.models import CITY_COUNTY
from consult.network.models import Member, MemberStatus
from consult.research import invitations, services
from consult.research.links import invitation_hash
from consult.research.models import (
    Diagnosis,
    DiagnosisStatus,
    Indicator,
    Invitation,
    QuestionKind,
    RespondentGroup,
)


def _count(model) -> int:
    return db.session.scalar(select(db.func.count()).select_from(model))


@pytest.fixture
def draft(diagnosis_factory):
    today = warsaw_today()
    return diagnosis_factory(status=DiagnosisStatus.DRAFT, opens_on=today,
                             closes_on=today + timedelta(days=14))


@pytest.fixture
def opened(diagnosis_factory):
    today = warsaw_today()
    return diagnosis_factory(opens_on=today - timedelta(days=1),
                             closes_on=today + timedelta(days=14))


# ---------------------------------------------------------------- creating


def test_staff_create_one_diagnosis_with_the_default_questionnaire(client, staff, plonsk):
    page = client.get("/manage/research/new").get_data(as_text=True)
    assert "Płońsk" in page and 'value="5"' in page  # RESEARCH_MIN_GROUP_ANSWERS
    response = client.post("/manage/research/new", data={
        "institutions": str(plonsk.id), "year": "2026", "title": "",
        "opens_on": "2026-11-02", "closes_on": "2026-11-30", "min_group_answers": "5"})
    assert response.status_code == 302
    diagnosis = db.session.scalar(select(Diagnosis))
    assert diagnosis.slug == "plonsk-2026" and diagnosis.status == DiagnosisStatus.DRAFT
    assert diagnosis.title == "Diagnoza jakości współpracy: Płońsk 2026"
    assert [g.key for g in diagnosis.groups] == ["ngo", "officials", "councillors"]
    assert len(diagnosis.areas) == 4 and diagnosis.created_by_id == staff.id
    assert response.headers["Location"].endswith(f"/manage/research/{diagnosis.id}/")
    overview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"/manage/research/{diagnosis.id}/results" in overview
    assert "Surveys of cooperation" in client.get("/manage/research/").get_data(as_text=True)


def test_staff_create_several_at_once_each_with_its_own_slug(
        client, staff, plonsk, institution_factory):
    plock = institution_factory(teryt="1462011", name="Płock", kind=CITY_COUNTY)
    services.create_diagnoses([plonsk], services.Plan(2026, "", date(2026, 11, 2),
                                                      date(2026, 11, 30), 5))
    db.session.commit()
    response = client.post("/manage/research/new", data={
        "institutions": [str(plonsk.id), str(plock.id)], "year": "2026",
        "title": "Badanie jesienne", "opens_on": "2026-11-02", "closes_on": "2026-11-30",
        "min_group_answers": "6"})
    assert response.status_code == 302
    slugs = {d.slug: d.title for d in db.session.scalars(select(Diagnosis))}
    assert slugs == {"plonsk-2026": "Diagnoza jakości współpracy: Płońsk 2026",
                     "plonsk-2026-2": "Badanie jesienne: Płońsk",
                     "plock-2026": "Badanie jesienne: Płock"}


def test_a_new_diagnosis_keeps_what_was_typed_when_the_dates_are_wrong(client, staff, plonsk):
    response = client.post("/manage/research/new", data={
        "institutions": str(plonsk.id), "year": "2026", "title": "Moja diagnoza",
        "opens_on": "2026-11-30", "closes_on": "2026-11-02", "min_group_answers": "5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _count(Diagnosis) == 0
    assert "The closing day cannot be before the opening day." in html
    assert 'value="Moja diagnoza"' in html and 'aria-describedby="closes_on-error"' in html


@pytest.mark.parametrize("role", [None, USER, MANAGER])
def test_only_staff_reach_the_survey_pages(client, login_as, draft, plonsk, role):
    if role == MANAGER:
        login_as(role, institutions=[plonsk])  # even the manager of the diagnosis's JST
    elif role:
        login_as(role)
    pages = ["/manage/research/", "/manage/research/new", f"/manage/research/{draft.id}/",
             f"/manage/research/{draft.id}/questionnaire",
             f"/manage/research/{draft.id}/invitations"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == (302 if role is None else 403), path
    response = client.post(f"/manage/research/{draft.id}/status", data={"status": "open"})
    assert response.status_code == (302 if role is None else 403)
    db.session.refresh(draft)
    assert draft.status == DiagnosisStatus.DRAFT


# ---------------------------------------------------------------- status and editing


def test_a_draft_opens_and_an_open_one_closes(client, staff, draft):
    url = f"/manage/research/{draft.id}/status"
    assert client.post(url, data={"status": "closed"}).status_code == 302
    db.session.refresh(draft)
    assert draft.status == DiagnosisStatus.DRAFT  # a draft cannot be closed
    client.post(url, data={"status": "open"})
    db.session.refresh(draft)
    assert draft.status == DiagnosisStatus.OPEN
    client.post(url, data={"status": "open"})
    client.post(url, data={"status": "closed"})
    db.session.refresh(draft)
    assert draft.status == DiagnosisStatus.CLOSED
    assert client.post(url, data={"status": "draft"}).status_code == 400


def test_staff_edit_a_question_of_a_draft(client, staff, draft):
    indicator = draft.areas[0].indicators[0]
    url = f"/manage/research/{draft.id}/questions/{indicator.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Zdecydowanie nie\nRaczej nie" in page
    response = client.post(url, data={
        "kind": "scale", "text_pl": "Urząd słucha organizacji.",
        "text_en": "The office listens to NGOs.", "labels_pl": "Nie\nCzasem\nTak",
        "labels_en": "No\nSometimes\nYes", "reversed": "y", "position": "0"})
    assert response.status_code == 302
    db.session.refresh(indicator)
    assert indicator.text_pl == "Urząd słucha organizacji." and indicator.reversed
    assert not indicator.dont_know
    assert indicator.choices == [{"pl": "Nie", "en": "No"}, {"pl": "Czasem", "en": "Sometimes"},
                                 {"pl": "Tak", "en": "Yes"}]
    # A scale needs as many English labels as Polish ones; what was typed is kept.
    response = client.post(url, data={
        "kind": "scale", "text_pl": "Inne", "text_en": "Other", "labels_pl": "A\nB\nC",
        "labels_en": "A\nB", "position": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "as many English labels" in html
    assert "A\nB\nC</textarea>" in html


def test_groups_areas_and_questions_are_added_and_removed_in_a_draft(client, staff, draft):
    base = f"/manage/research/{draft.id}"
    client.post(f"{base}/groups/new", data={"key": "mieszkancy", "name_pl": "Mieszkańcy",
                                            "name_en": "Residents"})
    assert client.post(f"{base}/groups/new", data={
        "key": "ngo", "name_pl": "X", "name_en": "X"}).status_code == 200  # taken key
    client.post(f"{base}/areas/new", data={"title_pl": "Dialog", "title_en": "Dialogue",
                                           "weight": "2", "position": "9"})
    db.session.expire_all()
    area = draft.areas[-1]
    assert area.title_en == "Dialogue" and area.weight == 2
    client.post(f"{base}/areas/{area.id}/questions/new", data={
        "kind": "number", "text_pl": "Ile?", "text_en": "How many?", "dont_know": "y",
        "position": "0"})
    db.session.expire_all()
    question = area.indicators[0]
    assert question.kind == QuestionKind.NUMBER and not question.dont_know
    client.post(f"{base}/questions/{question.id}/remove")
    client.post(f"{base}/areas/{area.id}/remove")
    group = next(g for g in draft.groups if g.key == "mieszkancy")
    client.post(f"{base}/groups/{group.id}/remove")
    db.session.expire_all()
    assert [g.key for g in draft.groups] == ["ngo", "officials", "councillors"]
    assert len(draft.areas) == 4


def test_nothing_is_edited_once_the_diagnosis_is_open(client, staff, opened):
    indicator = opened.areas[0].indicators[0]
    before = indicator.text_pl
    response = client.post(f"/manage/research/{opened.id}/questions/{indicator.id}", data={
        "kind": "scale", "text_pl": "Zmienione", "text_en": "Changed",
        "labels_pl": "A\nB", "labels_en": "A\nB", "position": "0"})
    assert response.status_code == 200
    assert "only while the diagnosis is a draft" in response.get_data(as_text=True)
    client.post(f"/manage/research/{opened.id}/questions/{indicator.id}/remove")
    client.post(f"/manage/research/{opened.id}/groups/new", data={
        "key": "inni", "name_pl": "Inni", "name_en": "Others"})
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).text_pl == before
    assert _count(RespondentGroup) == 3
    with pytest.raises(services.ResearchError):
        services.remove_area(opened.areas[0])


def test_an_open_link_is_shown_once_and_a_new_one_replaces_it(client, staff, opened):
    group = opened.groups[0]
    url = f"/manage/research/{opened.id}/groups/{group.id}/open-link"
    page = client.post(url, data={"open": "on"})
    html = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    token = html.split("/survey/o/")[1].split("<")[0]
    db.session.refresh(group)
    assert group.open_token_hash == invitation_hash(token) and token not in group.open_token_hash
    assert client.get(f"/survey/o/{token}").status_code == 200
    assert token not in client.get(f"/manage/research/{opened.id}/").get_data(as_text=True)
    client.post(url, data={"open": "on"})
    assert client.get(f"/survey/o/{token}").status_code == 404
    client.post(url, data={"open": "off"})
    db.session.refresh(group)
    assert group.open_token_hash is None


# ---------------------------------------------------------------- invitations


def test_pasted_addresses_are_checked_and_nothing_is_lost(client, staff, draft):
    url = f"/manage/research/{draft.id}/invitations"
    typed = "a@example.org\nnie-adres\nb@example.org;urzednicy\nc@example.org;officials"
    response = client.post(url, data={"group": "ngo", "addresses": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and _count(Invitation) == 0
    assert "Line 2: nie-adres is not a valid e-mail address." in html
    assert "Line 3: no group" in html and "urzednicy" in html
    assert "nie-adres\nb@example.org;urzednicy" in html
    assert 'aria-describedby="addresses-hint addresses-error"' in html
    response = client.post(url, data={
        "group": "ngo", "addresses": "a@example.org\n\nA@example.org\nc@example.org;officials"})
    assert response.status_code == 302
    found = {i.email: i.group.key for i in db.session.scalars(select(Invitation))}
    assert found == {"a@example.org": "ngo", "c@example.org": "officials"}
    # Added again: skipped.
    client.post(url, data={"group": "councillors", "addresses": "a@example.org"})
    assert _count(Invitation) == 2


def test_a_csv_file_of_addresses(client, staff, draft):
    data = "\ufeffEmail;Group\nx@example.org;councillors\ny@example.org;\n".encode()
    response = client.post(f"/manage/research/{draft.id}/invitations", data={
        "group": "ngo", "addresses": "",
        "file": (io.BytesIO(data), "adresy.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    found = {i.email: i.group.key for i in db.session.scalars(select(Invitation))}
    assert found == {"x@example.org": "councillors", "y@example.org": "ngo"}
    parsed = invitations.parse_csv(b"adres\nx@example.org\n", draft, draft.groups[0])
    assert parsed.errors and not parsed.entries


def test_the_networks_members_of_the_jst_are_invited(client, staff, draft, user_factory):
    member = Member(user_id=user_factory().id, institution_id=draft.institution_id,
                    full_name="Anna Nowak", work_email="anna.nowak@plonsk.pl",
                    status=MemberStatus.APPROVED, announcements_token="t" * 43)
    db.session.add(member)
    db.session.commit()
    client.post(f"/manage/research/{draft.id}/invitations/network",
                data={"network-group": "officials"})
    invitation = db.session.scalar(select(Invitation))
    assert invitation.email == "anna.nowak@plonsk.pl" and invitation.group.key == "officials"


def test_invitations_go_once_and_only_while_answers_are_taken(app, client, staff, draft,
                                                               mailbox):
    invitations.add_invitations(draft, [invitations.Entry("a@example.org", draft.groups[0])])
    db.session.commit()
    client.post(f"/manage/research/{draft.id}/invitations/send")
    assert _count(OutboxMessage) == 0  # a draft takes no answers
    draft.status = DiagnosisStatus.OPEN
    draft.opens_on = warsaw_today()
    db.session.commit()
    client.post(f"/manage/research/{draft.id}/invitations/send")
    client.post(f"/manage/research/{draft.id}/invitations/send")
    messages = list(db.session.scalars(select(OutboxMessage)))
    assert len(messages) == 1 and messages[0].recipient == "a@example.org"
    assert messages[0].contains_secret
    token = messages[0].text_body.split("/survey/i/")[1].split()[0]
    invitation = db.session.scalar(select(Invitation))
    assert invitation.sent_at is not None and invitation.token_hash == invitation_hash(token)
    assert token not in messages[0].html_body.replace(f"/survey/i/{token}", "")
    # The reminder: once, with a new link; the first one still works.
    client.post(f"/manage/research/{draft.id}/invitations/remind")
    client.post(f"/manage/research/{draft.id}/invitations/remind")
    messages = list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert len(messages) == 2
    new_token = messages[1].text_body.split("/survey/i/")[1].split()[0]
    assert new_token != token
    assert client.get(f"/survey/i/{token}").status_code == 200
    assert client.get(f"/survey/i/{new_token}").status_code == 200
    invitation = db.session.scalar(select(Invitation))
    assert invitation.previous_token_hash == invitation_hash(token)


def test_a_used_invitation_is_not_reminded(app, opened):
    invitations.add_invitations(opened, [invitations.Entry("a@example.org", opened.groups[0]),
                                         invitations.Entry("b@example.org", opened.groups[0])])
    with app.test_request_context():
        assert invitations.send_invitations(opened) == 2
        db.session.scalar(select(Invitation).where(Invitation.email == "a@example.org")
                          ).used = True
        assert invitations.send_reminders(opened) == 1
        assert invitations.send_reminders(opened) == 0
