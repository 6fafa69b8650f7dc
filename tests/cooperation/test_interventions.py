"""The federation's interventions: staff only (a manager gets 403 on every route, GET and
POST), the rules of the log, the letter (its type and size told by its content, downloaded
as an attachment), only a published summary on the public page, one follow-up reminder per
date, the count per year in the impact figures, and a log page whose queries do not grow."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from consult.auth.models import MANAGER, STAFF
from consult.cooperation import documents, interventions
from consult.cooperation.documents import Upload
from consult.cooperation.models import (
    Intervention,
    InterventionChange,
    InterventionOutcome,
    InterventionProblem,
)
from consult.cooperation.services import CooperationError, warsaw_today
from consult.core.mail import OutboxMessage
from consult.demo import seed_demo
from consult.events import impact
from consult.extensions import db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SECRET_DETAILS = "Rozmowa z sekretarzem: wójt nie odbiera telefonów."
SECRET_REPLY = "Odpowiedź wójta: program będzie w styczniu."
SUMMARY = "Federacja wezwała gminę do uchwalenia programu; gmina uchwaliła go w styczniu."


def form(**changes) -> dict:
    today = warsaw_today()
    data = {"sent_on": (today - timedelta(days=10)).isoformat(),
            "subject": "Wezwanie do uchwalenia programu współpracy",
            "problem": InterventionProblem.PROGRAMME_NOT_ADOPTED, "details": SECRET_DETAILS,
            "reply_on": "", "reply": "", "outcome": InterventionOutcome.PENDING,
            "outcome_note": "", "follow_up_on": "", "public_summary": ""}
    data.update(changes)
    return data


def data(**changes) -> interventions.InterventionData:
    values = {"sent_on": warsaw_today() - timedelta(days=10), "subject": "Wezwanie",
              "problem": InterventionProblem.PROGRAMME_NOT_ADOPTED}
    values.update(changes)
    return interventions.InterventionData(**values)


def logged() -> list[Intervention]:
    db.session.expire_all()
    return list(db.session.scalars(select(Intervention).order_by(Intervention.id)))


@pytest.fixture
def author(user_factory):
    return user_factory(role=STAFF, full_name="Ewa Interwentka", email="ewa@example.org")


@pytest.fixture
def intervention_factory(app, author):
    def factory(institution, by=None, letter=None, **changes) -> Intervention:
        made = interventions.create(institution, data(**changes), by or author, letter)
        db.session.commit()
        return made

    return factory


# --- who ------------------------------------------------------------------------------------

def test_a_manager_gets_403_on_every_intervention_route_even_for_their_own_jst(
        client, login_as, jst, intervention_factory):
    plonsk = jst["plonsk"]
    made = intervention_factory(plonsk, letter=Upload("pismo.pdf", PDF))
    login_as(MANAGER, institutions=[plonsk])
    paths = ["/manage/cooperation/interventions/",
             f"/manage/cooperation/{plonsk.teryt}/interventions/new",
             f"/manage/cooperation/interventions/{made.id}",
             f"/manage/cooperation/interventions/{made.id}/letter"]
    for path in paths:
        assert client.get(path).status_code == 403, path
    for path in (paths[1], paths[2], f"/manage/cooperation/interventions/{made.id}/publish"):
        assert client.post(path, data=form(public_summary=SUMMARY, publish="1")
                           ).status_code == 403, path
    assert len(logged()) == 1 and not logged()[0].published
    # Their own JST's recording page does not show the section either.
    html = client.get(f"/manage/cooperation/{plonsk.teryt}/").get_data(as_text=True)
    assert 'id="interventions"' not in html and made.subject not in html
    assert "/manage/cooperation/interventions/" not in html  # nor the navigation's link


def test_the_service_refuses_anyone_but_staff(jst, user_factory):
    manager = user_factory(role=MANAGER, institutions=[jst["plonsk"]])
    with pytest.raises(CooperationError):
        interventions.create(jst["plonsk"], data(), manager)


def test_a_jst_outside_the_region_is_not_found(client, staff, jst):
    assert client.get("/manage/cooperation/3021/interventions/new").status_code == 404


# --- the log ------------------------------------------------------------------------------

def test_staff_log_an_intervention_with_a_letter_and_record_the_reply_and_outcome(
        client, staff, jst):
    plonsk = jst["plonsk"]
    page = client.get(f"/manage/cooperation/{plonsk.teryt}/")
    assert f"/manage/cooperation/{plonsk.teryt}/interventions/new" in page.get_data(as_text=True)
    response = client.post(f"/manage/cooperation/{plonsk.teryt}/interventions/new",
                           data={**form(), "letter": (io.BytesIO(PDF), "Pismo do wójta.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    [made] = logged()
    assert (made.institution_id, made.created_by_id, made.outcome) == (
        plonsk.id, staff.id, InterventionOutcome.PENDING)
    assert (made.letter_content_type, made.letter_filename, made.letter_size) == (
        "application/pdf", "pismo-do-wojta.pdf", len(PDF))
    assert response.headers["Location"].endswith(f"/manage/cooperation/interventions/{made.id}")

    reply_on = warsaw_today() - timedelta(days=2)
    response = client.post(f"/manage/cooperation/interventions/{made.id}", data=form(
        reply_on=reply_on.isoformat(), reply=SECRET_REPLY, outcome="resolved",
        outcome_note="program uchwalony"))
    assert response.status_code == 302
    [made] = logged()
    assert (made.reply_on, made.reply, made.outcome) == (reply_on, SECRET_REPLY, "resolved")
    assert made.has_letter  # a correction without a file keeps the letter
    changes = list(db.session.scalars(select(InterventionChange).order_by(InterventionChange.id)))
    assert [(c.from_outcome, c.to_outcome, c.note) for c in changes] == [
        (None, "pending", ""), ("pending", "resolved", "program uchwalony")]
    html = client.get(f"/manage/cooperation/interventions/{made.id}").get_data(as_text=True)
    assert 'id="outcome-history"' in html and "program uchwalony" in html
    # The JST's staff page lists it.
    html = client.get(f"/manage/cooperation/{plonsk.teryt}/").get_data(as_text=True)
    assert f"/manage/cooperation/interventions/{made.id}" in html


@pytest.mark.parametrize(("changes", "field"), [
    ({"sent_on": "tomorrow"}, "sent_on"),
    ({"reply": SECRET_REPLY}, "reply_on"),
    ({"reply_on": "before"}, "reply_on"),
    ({"follow_up_on": "before"}, "follow_up_on"),
    ({"subject": ""}, "subject"),
])
def test_the_rules_put_the_error_next_to_its_field_and_keep_what_was_typed(
        client, staff, jst, changes, field):
    today = warsaw_today()
    dates = {"tomorrow": (today + timedelta(days=1)).isoformat(),
             "before": (today - timedelta(days=20)).isoformat()}
    changes = {key: dates.get(value, value) for key, value in changes.items()}
    response = client.post("/manage/cooperation/1420011/interventions/new", data=form(**changes))
    assert response.status_code in (200, 409)
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert SECRET_DETAILS in html  # what was typed is kept
    assert logged() == []


def test_the_letter_must_be_a_document_and_not_too_large(client, staff, jst, monkeypatch):
    url = "/manage/cooperation/1420011/interventions/new"
    response = client.post(url, data={**form(), "letter": (io.BytesIO(b"MZ\x90\x00"), "a.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 409
    assert 'id="letter-error"' in response.get_data(as_text=True)
    monkeypatch.setattr(documents, "MAX_DOCUMENT_MB", 0)
    response = client.post(url, data={**form(), "letter": (io.BytesIO(PDF), "pismo.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 409
    assert "larger than 0 MB" in response.get_data(as_text=True)
    assert logged() == []


def test_the_letter_is_downloaded_as_an_attachment_by_staff(
        client, staff, jst, intervention_factory):
    made = intervention_factory(jst["plonsk"],
                                letter=Upload("Wezwanie łódź.pdf", PDF))
    response = client.get(f"/manage/cooperation/interventions/{made.id}/letter")
    assert response.status_code == 200 and response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "wezwanie-lodz.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    without = intervention_factory(jst["plonsk"])
    assert client.get(f"/manage/cooperation/interventions/{without.id}/letter"
                      ).status_code == 404


# --- the public page ------------------------------------------------------------------------

def test_only_a_published_summary_reaches_the_public_page(
        client, staff, jst, intervention_factory, author):
    plonsk = jst["plonsk"]
    made = intervention_factory(plonsk, details=SECRET_DETAILS, reply=SECRET_REPLY,
                                reply_on=warsaw_today(), public_summary=SUMMARY,
                                letter=Upload("pismo.pdf", PDF))
    public = f"/cooperation/{plonsk.teryt}/"
    assert SUMMARY not in client.get(public).get_data(as_text=True)

    # Publishing needs a summary.
    empty = intervention_factory(plonsk)
    client.post(f"/manage/cooperation/interventions/{empty.id}/publish", data={"publish": "1"})
    assert not db.session.get(Intervention, empty.id).published

    response = client.post(f"/manage/cooperation/interventions/{made.id}/publish",
                           data={"publish": "1"})
    assert response.status_code == 302
    client.post("/auth/logout")
    html = client.get(public).get_data(as_text=True)
    assert SUMMARY in html and "Programme not adopted" in html
    for secret in (SECRET_DETAILS, SECRET_REPLY, made.subject, author.full_name, "pismo.pdf",
                   f"/interventions/{made.id}"):
        assert secret not in html, secret

    interventions.unpublish(made, author)
    db.session.commit()
    assert SUMMARY not in client.get(public).get_data(as_text=True)


def test_emptying_the_summary_takes_it_off_the_public_page(jst, intervention_factory, author):
    made = intervention_factory(jst["plonsk"], public_summary=SUMMARY)
    interventions.publish(made, author)
    interventions.amend(made, data(public_summary=""), author)
    db.session.commit()
    assert not made.published
    assert interventions.published_summaries(jst["plonsk"].id) == []


# --- follow-ups -----------------------------------------------------------------------------

def test_a_follow_up_is_mailed_once_and_again_after_the_date_changes(
        app, jst, intervention_factory, author, user_factory):
    user_factory(role=STAFF, email="inna@example.org")
    today = warsaw_today()
    due = intervention_factory(jst["plonsk"], follow_up_on=today)
    intervention_factory(jst["raciaz"], follow_up_on=today + timedelta(days=3))  # not yet
    intervention_factory(jst["baboszewo"], follow_up_on=today,
                         outcome=InterventionOutcome.RESOLVED)  # nothing to follow

    def mail() -> list[OutboxMessage]:
        return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    assert interventions.send_follow_ups(today) == 1
    db.session.commit()
    assert interventions.send_follow_ups(today) == 0  # the second run of the day
    db.session.commit()
    [message] = mail()
    assert message.recipient == author.email  # only the person who entered it
    assert due.subject in message.subject and "Płońsk" in message.text_body
    assert f"/manage/cooperation/interventions/{due.id}" in message.text_body

    interventions.amend(due, data(follow_up_on=today - timedelta(days=1)), author)
    db.session.commit()
    assert interventions.send_follow_ups(today) == 1
    db.session.commit()
    assert len(mail()) == 2


def test_all_staff_are_reminded_when_the_author_is_gone(
        app, jst, intervention_factory, author, user_factory):
    other = user_factory(role=STAFF, email="inna@example.org")
    admin = user_factory(role="admin", email="admin@example.org")
    made = intervention_factory(jst["plonsk"], follow_up_on=warsaw_today())
    db.session.delete(author)
    db.session.commit()
    assert interventions.send_follow_ups() == 1
    db.session.commit()
    recipients = set(db.session.scalars(select(OutboxMessage.recipient)))
    assert recipients == {other.email, admin.email}
    assert db.session.get(Intervention, made.id).created_by_id is None


def test_the_command_sends_the_follow_ups(app, jst, intervention_factory):
    intervention_factory(jst["plonsk"], follow_up_on=warsaw_today())
    result = app.test_cli_runner().invoke(args=["cooperation", "send-follow-ups"])
    assert result.exit_code == 0 and "1 follow-up queued" in result.output


# --- the log page and the impact figures ------------------------------------------------------

def test_the_log_shows_due_follow_ups_first_and_filters(
        client, staff, jst, intervention_factory):
    today = warsaw_today()
    old = intervention_factory(jst["raciaz"], subject="Stare pismo", sent_on=date(2024, 3, 1),
                               outcome=InterventionOutcome.NOT_RESOLVED)
    new = intervention_factory(jst["plonsk"], subject="Nowe pismo")
    due = intervention_factory(jst["baboszewo"], subject="Pismo do ponowienia",
                               sent_on=today - timedelta(days=40),
                               follow_up_on=today - timedelta(days=1))
    html = client.get("/manage/cooperation/interventions/").get_data(as_text=True)
    positions = [html.index(f'id="intervention-{item.id}"') for item in (due, new, old)]
    assert positions == sorted(positions)
    html = client.get("/manage/cooperation/interventions/?outcome=not_resolved"
                      ).get_data(as_text=True)
    assert "Stare pismo" in html and "Nowe pismo" not in html
    html = client.get("/manage/cooperation/interventions/?year=2024").get_data(as_text=True)
    assert "Stare pismo" in html and "Pismo do ponowienia" not in html


def test_the_log_page_takes_the_same_queries_however_many_interventions(
        client, staff, jst, intervention_factory, user_factory, count_queries):
    def counted() -> int:
        db.session.expire_all()
        with count_queries:
            assert client.get("/manage/cooperation/interventions/").status_code == 200
        return count_queries.count

    intervention_factory(jst["plonsk"])
    one = counted()
    for n, unit in enumerate(("raciaz", "baboszewo", "plonski", "plock", "woj")):
        intervention_factory(jst[unit], by=user_factory(role=STAFF),
                             follow_up_on=warsaw_today() - timedelta(days=n))
    assert counted() == one


def test_the_impact_figures_count_interventions_per_year(
        client, staff, jst, intervention_factory):
    for day in (date(2024, 1, 5), date(2024, 12, 31), date(2025, 6, 1)):
        intervention_factory(jst["plonsk"], sent_on=day)
    assert interventions.count_by_year() == {2024: 2, 2025: 1}
    assert impact.report(impact.Filters()).interventions == {2024: 2, 2025: 1}
    html = client.get("/manage/events/impact").get_data(as_text=True)
    assert 'id="impact-interventions"' in html
    csv = client.get("/manage/events/impact.csv").get_data(as_text=True)
    assert "Interventions sent to local governments" in csv
    assert ";2024;2\r\n" in csv and ";2025;1\r\n" in csv



def test_the_demo_interventions(app):
    seed_demo()
    made = logged()
    assert len(made) == 3
    assert [item.outcome for item in made if item.published] == ["resolved"]
    assert any(interventions.is_follow_up_due(item) for item in made)
    assert all(item.created_by.email == "staff@example.org" for item in made)
    seed_demo()
    assert len(logged()) == 3
