"""The advice log: its rules, the staff pages (a manager and a user get 403 on every
route), typing who was advised (a registered organisation linked, any other name kept),
finding a JST without JavaScript, deleting with a confirmation, the filters and their
totals, the export (guarded against formulas), a list whose queries do not grow, and the
counters the impact figures and the projects read."""

import csv
import io
import re
from datetime import date, time, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from consult.advice import queries, services
from consult.advice.models import AdviceForm, AdviceSession, TopicCategory, duration_text
from consult.auth.models import MANAGER, STAFF, USER
from consult.core.timeutil import local_today
from consult.events import impact
from consult.extensions import db
from tests.advice.conftest import data
from tests.html import page_of


def form(**changes) -> dict:
    values = {"held_on": (local_today() - timedelta(days=2)).isoformat(), "start_time": "",
              "minutes": "90", "advised": "", "institution_q": "", "institution": "",
              "person_name": "", "topic": "Zmiana statutu", "category": "statute",
              "mode": "phone", "advisor": "", "funding_project": "", "notes": ""}
    values.update(changes)
    return values


def logged() -> list[AdviceSession]:
    db.session.expire_all()
    return list(db.session.scalars(select(AdviceSession).order_by(AdviceSession.id)))


# --- the rules ------------------------------------------------------------------------------

def test_a_past_day_and_today_are_accepted_a_day_to_come_is_not(app):
    today = date(2026, 11, 27)
    services.check(data(held_on=today), today)
    services.check(data(held_on=date(2020, 1, 2)), today)
    with pytest.raises(services.AdviceError) as error:
        services.check(data(held_on=today + timedelta(days=1)), today)
    assert error.value.field == "held_on"


@pytest.mark.parametrize(("minutes", "ok"), [(0, False), (-5, False), (1, True), (720, True),
                                              (721, False)])
def test_the_duration_is_positive_and_at_most_twelve_hours(app, minutes, ok):
    if ok:
        services.check(data(minutes=minutes))
    else:
        with pytest.raises(services.AdviceError) as error:
            services.check(data(minutes=minutes))
        assert error.value.field == "minutes"


def test_someone_must_have_been_advised(app, institution_factory):
    with pytest.raises(services.AdviceError) as error:
        services.check(data(advised="  "))
    assert error.value.field == "advised"
    services.check(data(advised="", institution_id=institution_factory().id))


def test_only_staff_log_advice(app, user_factory, institution_factory):
    for user in (user_factory(role=USER),
                 user_factory(role=MANAGER, institutions=[institution_factory()])):
        with pytest.raises(services.AdviceError):
            services.log_advice(data(), user)


def test_durations_read_as_hours_and_minutes(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert duration_text(165) == "2 h 45 min"
        assert duration_text(120) == "2 h"
        assert duration_text(45) == "45 min"


# --- who may -----------------------------------------------------------------------------

def test_a_manager_and_a_user_get_403_on_every_route(client, login_as, advice_factory):
    made = advice_factory()
    paths = ["/manage/advice/", "/manage/advice/export.csv", "/manage/advice/export.xlsx",
             "/manage/advice/new", f"/manage/advice/{made.id}",
             f"/manage/advice/{made.id}/delete"]
    assert all(client.get(path).status_code == 302 for path in paths)  # to sign in
    for role in (MANAGER, USER):
        login_as(role)
        for path in paths:
            assert client.get(path).status_code == 403, path
        for path in paths[3:]:
            assert client.post(path, data=form()).status_code == 403, path
    assert len(logged()) == 1


# --- logging, correcting, deleting ----------------------------------------------------------

def test_staff_log_advice_for_a_registered_organisation_typed_loosely(
        client, staff, organisations, projects):
    page = page_of(client.get("/manage/advice/new"))
    assert page.value_of("held_on") == local_today().isoformat()
    assert page.options_of("advisor")  # the staff member entering it is chosen
    html = client.get("/manage/advice/new").get_data(as_text=True)
    assert '<option value="Fundacja Łódź">' in html and 'list="organisation-names"' in html
    response = client.post("/manage/advice/new", data=form(
        advised="fundacja lodz", start_time="10:30", person_name="Jan Kowalski",
        funding_project=str(projects[0].id), advisor=str(staff.id)))
    assert response.status_code == 302
    [made] = logged()
    assert made.organisation_id == organisations[0].id and made.advised_name == ""
    assert (made.minutes, made.start_time, made.form) == (90, time(10, 30), AdviceForm.PHONE)
    assert made.advisor_id == staff.id and made.created_by_id == staff.id
    assert made.funding_project_id == projects[0].id and made.person_name == "Jan Kowalski"


def test_a_name_not_in_the_register_is_kept_as_typed(client, staff, organisations):
    client.post("/manage/advice/new", data=form(advised="Grupa nieformalna Sąsiedzi"))
    [made] = logged()
    assert made.organisation_id is None and made.advised_name == "Grupa nieformalna Sąsiedzi"
    html = client.get("/manage/advice/").get_data(as_text=True)
    assert "Grupa nieformalna Sąsiedzi" in html and "not in the register" in html


def test_errors_stand_next_to_their_fields_and_nothing_typed_is_lost(client, staff):
    future = (local_today() + timedelta(days=1)).isoformat()
    response = client.post("/manage/advice/new", data=form(
        held_on=future, topic="Rozliczenie dotacji", notes="Notatka zespołu"))
    assert response.status_code == 409
    page = page_of(response)
    assert page.by_id("held_on-error") is not None
    assert page.value_of("held_on") == future
    assert page.value_of("topic") == "Rozliczenie dotacji"
    assert "Notatka zespołu" in response.get_data(as_text=True)
    response = client.post("/manage/advice/new", data=form(minutes="0,5", advised=""))
    page = page_of(response)
    assert page.by_id("minutes-error") is not None and page.value_of("minutes") == "0,5"
    response = client.post("/manage/advice/new", data=form(minutes="721"))
    assert page_of(response).by_id("minutes-error") is not None
    response = client.post("/manage/advice/new", data=form(advised=""))
    assert page_of(response).by_id("advised-error") is not None
    assert logged() == []


def test_a_jst_is_found_without_javascript_and_nothing_is_saved_meanwhile(
        client, staff, institution_factory):
    plonsk = institution_factory()
    response = client.post("/manage/advice/new", data=form(
        institution_q="plonsk", find="1", topic="Konsultacje programu"))
    assert response.status_code == 200 and logged() == []
    page = page_of(response)
    assert page.value_of("institution") == str(plonsk.id)  # the one match is chosen
    assert page.value_of("topic") == "Konsultacje programu"
    response = client.post("/manage/advice/new", data=form(
        institution_q="zzzz", find="1"))
    assert page_of(response).by_id("institution_q-error") is not None
    client.post("/manage/advice/new", data=form(institution=str(plonsk.id)))
    [made] = logged()
    assert made.institution_id == plonsk.id and made.organisation_id is None


def test_staff_correct_and_delete_with_a_confirmation(client, staff, advice_factory):
    made = advice_factory()
    page = page_of(client.get(f"/manage/advice/{made.id}"))
    assert page.value_of("topic") == "Zmiana statutu"
    assert page.value_of("advised") == "Stowarzyszenie spoza rejestru"
    response = client.post(f"/manage/advice/{made.id}", data=form(
        advised="Stowarzyszenie spoza rejestru", minutes="45", topic="Inny temat"))
    assert response.status_code == 302
    assert (logged()[0].minutes, logged()[0].topic) == (45, "Inny temat")
    confirm = client.get(f"/manage/advice/{made.id}/delete")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.get_data(as_text=True)
    assert len(logged()) == 1
    assert client.post(f"/manage/advice/{made.id}/delete").status_code == 302
    assert logged() == []
    assert client.get(f"/manage/advice/{made.id}").status_code == 404


# --- the list, its totals and its export ------------------------------------------------------

@pytest.fixture
def hand_counted(advice_factory, projects, organisations, institution_factory, user_factory):
    """Project A: 90 + 45 + 30 minutes (2 h 45 min) for two organisations; project B:
    60 minutes; no project: 20 minutes in 2025."""
    first, other = projects
    fundacja, aktywni = organisations
    plonsk = institution_factory()
    other_advisor = user_factory(role=STAFF, full_name="Olek Doradca")
    today = local_today()
    today_s = advice_factory(minutes=90, advised="Fundacja Łódź", funding_project_id=first.id,
                             held_on=today)
    yesterdays = advice_factory(minutes=45, advised="fundacja lodz", funding_project_id=first.id,
                   form=AdviceForm.ONLINE, held_on=today - timedelta(days=1))
    advice_factory(minutes=30, advised="Stowarzyszenie Aktywni Razem", institution_id=plonsk.id,
                   funding_project_id=first.id, category=TopicCategory.GRANTS,
                   by=other_advisor)
    advice_factory(minutes=60, advised="Fundacja Łódź", funding_project_id=other.id)
    advice_factory(minutes=20, held_on=date(2025, 3, 4), topic="=HYPERLINK(\"http://x\")")
    return {"first": first, "other": other, "fundacja": fundacja, "plonsk": plonsk,
            "other_advisor": other_advisor, "today": today_s, "yesterday": yesterdays}


def test_the_counters_are_hand_counted(app, hand_counted):
    first, other = hand_counted["first"], hand_counted["other"]
    assert queries.advice_minutes(first.id) == 165
    assert queries.advice_minutes(other.id) == 60
    assert queries.advice_minutes() == 245
    assert queries.advice_minutes(start=date(2025, 1, 1), end=date(2025, 12, 31)) == 20
    assert queries.advice_minutes(start=date(2025, 3, 4), end=date(2025, 3, 4)) == 20
    # as the projects' counters count them: Fundacja Łódź once however written and often,
    # the association linked to the register, and Płońsk (a JST) by its id
    in_first = impact.figures(impact.Filters(project_id=first.id), with_advice=True)
    assert (in_first.organisations, in_first.institutions) == (2, 1)
    assert impact.figures(impact.Filters(project_id=other.id), with_advice=True
                          ).organisations == 1


def totals_of(client, query: str) -> str:
    return page_of(client.get(f"/manage/advice/?{query}")).text_by_id("advice-totals")


def test_the_list_filters_and_totals(client, staff, hand_counted):
    first = hand_counted["first"]
    assert totals_of(client, f"project={first.id}") == "3 sessions of advice, 2 h 45 min"
    assert totals_of(client, "project=none") == "1 session of advice, 20 min"
    assert totals_of(client, "") == "5 sessions of advice, 4 h 5 min"
    assert totals_of(client, "form=online") == "1 session of advice, 45 min"
    assert totals_of(client, "category=grants") == "1 session of advice, 30 min"
    assert totals_of(client, f"advisor={hand_counted['other_advisor'].id}") == (
        "1 session of advice, 30 min")
    assert totals_of(client, "year=2025&month=3") == "1 session of advice, 20 min"
    assert totals_of(client, "year=2025&month=4") == "0 sessions of advice, 0 min"
    assert totals_of(client, "q=FUNDACJA+lodz") == "3 sessions of advice, 3 h 15 min"
    assert totals_of(client, "q=plonsk") == "1 session of advice, 30 min"
    assert totals_of(client, "q=spoza") == "1 session of advice, 20 min"
    assert totals_of(client, "project=abc&year=x&month=13&form=fax") == (
        "5 sessions of advice, 4 h 5 min")
    html = client.get(f"/manage/advice/?project={first.id}").get_data(as_text=True)
    positions = [html.index(f'id="advice-{hand_counted[day].id}"')
                 for day in ("today", "yesterday")]  # the newest day first
    assert positions == sorted(positions)


def test_the_export_follows_the_filters_and_guards_against_formulas(
        client, staff, hand_counted):
    response = client.get(f"/manage/advice/export.csv?project={hand_counted['first'].id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")),
                           delimiter=";"))
    assert len(rows) == 4 and sorted(row[2] for row in rows[1:]) == ["30", "45", "90"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[0]) for row in rows[1:])
    text = client.get("/manage/advice/export.csv?project=none").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    response = client.get("/manage/advice/export.xlsx?project=none")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    cells = [cell for cell in sheet[2] if str(cell.value).startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert sheet.cell(row=2, column=1).value.date() == date(2025, 3, 4)


def test_the_list_takes_the_same_queries_however_many_sessions(
        client, staff, advice_factory, organisations, institution_factory, user_factory,
        projects, count_queries):
    def counted() -> int:
        db.session.expire_all()
        with count_queries:
            assert client.get("/manage/advice/").status_code == 200
        return count_queries.count

    advice_factory(advised="Fundacja Łódź", funding_project_id=projects[0].id)
    one = counted()
    plonsk = institution_factory()
    for n in range(6):
        advice_factory(by=user_factory(role=STAFF), advised=organisations[n % 2].name,
                       institution_id=plonsk.id, funding_project_id=projects[n % 2].id)
    assert counted() == one


# --- the impact figures -----------------------------------------------------------------------

def test_the_impact_figures_count_hours_of_advice_by_project_and_year(
        client, staff, hand_counted):
    first = hand_counted["first"]
    assert impact.report(impact.Filters(project_id=first.id)).advice_minutes == 165
    assert impact.report(impact.Filters(year=2025)).advice_minutes == 20
    assert impact.report(impact.Filters()).advice_minutes == 245
    page = page_of(client.get(f"/manage/events/impact?project={first.id}"))
    assert page.text_by_id("impact-advice") == "2 h 45 min"
    assert page.text_by_id("impact-interventions") is not None  # still there
    text = client.get(f"/manage/events/impact.csv?project={first.id}").get_data(as_text=True)
    assert "Advice;Minutes;Hours\r\n;165;2.75\r\n" in text


def test_the_demo_logs_advice_in_its_project_once(app, organisations, institution_factory,
                                                   user_factory):
    from consult.advice.demo import STAFF_EMAIL, seed_advice
    from consult.events.demo import PROJECT_NAME
    from consult.events.funding import FundingProject

    user_factory(role=STAFF, email=STAFF_EMAIL)
    institution_factory()
    db.session.add(FundingProject(name=PROJECT_NAME))
    db.session.commit()
    assert seed_advice() == ["advice: 15 sessions"]
    db.session.commit()
    assert seed_advice() == []
    assert db.session.scalar(select(func.count(AdviceSession.id))) == 15
    project = db.session.scalar(select(FundingProject).where(FundingProject.name == PROJECT_NAME))
    assert queries.advice_minutes(project.id) > 0
    assert impact.figures(impact.Filters(project_id=project.id), with_advice=True
                          ).organisations > 0
    assert max(db.session.scalars(select(AdviceSession.held_on))) <= local_today()


def test_the_person_advised_is_in_no_account_export(client, staff, advice_factory):
    """The person advised has no account here: their name stays with the advice, for the
    funder's report, and is not in the export of the staff member who logged it."""
    advice_factory(by=staff, person_name="Zdzisława Porad-Kowalska")
    for path in ("/account/export.json", "/account/export.html"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Porad-Kowalska" not in response.get_data(as_text=True)


def test_the_home_page_shows_the_hours_of_advice_at_once(client, advice_factory):
    assert page_of(client.get("/")).by_id("impact-advice") is None  # none yet
    advice_factory(minutes=90)
    advice_factory(minutes=75)
    shown = page_of(client.get("/")).text_by_id("impact-advice")
    assert shown in ("2 godz. 45 min", "2 h 45 min")  # Polish once the catalogue has it
