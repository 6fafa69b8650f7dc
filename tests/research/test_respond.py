"""The respondent's pages: personal and open links, page-by-page saving, finishing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.cooperation.services import warsaw_today
from consult.extensions import db
from consult.research.links import resume_hash
from consult.research.models import (
    DiagnosisStatus,
    Invitation,
    QuestionKind,
    SurveyAnswer,
    SurveyResponse,
)
from consult.research.services import turn_open_link_on
from tests.research.conftest import questions_of
from tests.research.invite import invite
from tests.research.world import research_diagnosis


@pytest.fixture
def open_diagnosis(diagnosis_factory):
    today = warsaw_today()
    return diagnosis_factory(opens_on=today - timedelta(days=3),
                             closes_on=today + timedelta(days=20))


def _fields(diagnosis, area_number):
    return [f"q{q.id}" for q in diagnosis.areas[area_number - 1].indicators]


def test_a_personal_link_saves_each_page_and_resumes_where_the_respondent_stopped(
        app, client, open_diagnosis):
    token = invite(app, open_diagnosis)
    url = f"/survey/i/{token}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    assert '<progress max="4" value="1"' in html
    assert "Projekty uchwał dotyczących organizacji" in html  # Polish by default
    assert 'value="?"' in html and html.count('type="radio"') > 10
    first = open_diagnosis.areas[0].indicators
    answer = client.post(url, data={"page": 1, "action": "next", f"q{first[0].id}": "4",
                                    f"q{first[1].id}": "?", f"q{first[4].id}": "1"})
    assert answer.status_code == 302 and "page=2" in answer.headers["Location"]
    response = db.session.scalar(select(SurveyResponse))
    assert response.finished_on is None and response.started_on == warsaw_today()
    assert response.resume_hash == resume_hash(token)
    assert {(a.indicator_id, a.choice, a.dont_know) for a in response.answers} == {
        (first[0].id, 4, False), (first[1].id, None, True), (first[4].id, 1, False)}
    # The respondent leaves and comes back through the same link: page 2, answers kept.
    again = client.get(url).get_data(as_text=True)
    assert '<progress max="4" value="2"' in again
    back = client.get(f"{url}?page=1").get_data(as_text=True)
    assert f'id="q{first[0].id}-4" name="q{first[0].id}" type="radio" value="4"' in back \
        or f'checked id="q{first[0].id}-4"' in back
    assert 'checked' in back
    # The last page sends the questionnaire.
    text = questions_of(open_diagnosis, QuestionKind.TEXT)[0]
    done = client.post(url, data={"page": 4, "action": "send", f"q{text.id}": "Więcej rozmów."})
    assert done.status_code == 302 and done.headers["Location"].endswith("/survey/thanks")
    db.session.expire_all()
    response = db.session.scalar(select(SurveyResponse))
    assert response.finished_on == warsaw_today() and response.resume_hash is None
    assert db.session.scalar(select(Invitation.used)) is True
    used = client.get(url)
    assert used.status_code == 410
    assert 'type="radio"' not in used.get_data(as_text=True)
    assert client.post(url, data={"page": 4, "action": "send"}).status_code == 410
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 1


def test_a_question_can_be_taken_back(app, client, open_diagnosis):
    token = invite(app, open_diagnosis)
    q = open_diagnosis.areas[2].indicators[0]
    client.post(f"/survey/i/{token}", data={"page": 3, "action": "next", f"q{q.id}": "2"})
    assert db.session.scalar(select(SurveyAnswer.choice)) == 2
    text = questions_of(open_diagnosis, QuestionKind.TEXT)[0]
    client.post(f"/survey/i/{token}", data={"page": 4, "action": "back", f"q{text.id}": "x"})
    client.post(f"/survey/i/{token}", data={"page": 4, "action": "back", f"q{text.id}": " "})
    assert db.session.scalar(select(db.func.count()).select_from(SurveyAnswer)) == 1


def test_numbers_are_checked_and_what_was_typed_is_kept(app, client, open_diagnosis):
    token = invite(app, open_diagnosis)
    number = questions_of(open_diagnosis, QuestionKind.NUMBER)[0]
    scale = open_diagnosis.areas[1].indicators[0]
    client.post("/language", data={"language": "en", "next": "/"})
    page = client.post(f"/survey/i/{token}", data={
        "page": 2, "action": "next", f"q{number.id}": "dwa", f"q{scale.id}": "3"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Enter a number, e.g. 3 or 2,5." in html and 'value="dwa"' in html
    assert f'aria-describedby="q{number.id}-error"' in html
    assert db.session.scalar(select(db.func.count()).select_from(SurveyAnswer)) == 0
    client.post(f"/survey/i/{token}", data={"page": 2, "action": "next",
                                             f"q{number.id}": "2,5"})
    assert str(db.session.scalar(select(SurveyAnswer.number))) == "2.50"
    again = client.get(f"/survey/i/{token}?page=2").get_data(as_text=True)
    assert 'value="2.5"' in again
    # English texts of the questions.
    assert "The rules of open competitions are clear" in again


def test_unknown_links_are_404_and_a_closed_diagnosis_is_refused(app, client, open_diagnosis):
    assert client.get("/survey/i/nie-ma-takiego").status_code == 404
    assert client.get("/survey/o/nie-ma-takiego").status_code == 404
    token = invite(app, open_diagnosis)
    open_diagnosis.status = DiagnosisStatus.CLOSED
    db.session.commit()
    page = client.get(f"/survey/i/{token}")
    assert page.status_code == 200 and 'type="radio"' not in page.get_data(as_text=True)
    assert client.post(f"/survey/i/{token}", data={"page": 1, "action": "next"}
                       ).status_code == 200
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 0


def test_an_open_link_keeps_each_respondent_in_a_cookie(app, client, open_diagnosis):
    group = open_diagnosis.groups[1]
    token = turn_open_link_on(group)
    db.session.commit()
    url = f"/survey/o/{token}"
    first = client.get(url)
    cookie = client.get_cookie(f"survey_{group.id}", path="/survey/")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert cookie.expires is not None
    assert first.headers["Referrer-Policy"] == "no-referrer"
    q = open_diagnosis.areas[0].indicators[0]
    client.post(url, data={"page": 1, "action": "next", f"q{q.id}": "1"})
    response = db.session.scalar(select(SurveyResponse))
    assert response.group_id == group.id and response.resume_hash == resume_hash(cookie.value)
    assert '<progress max="4" value="2"' in client.get(url).get_data(as_text=True)
    client.post(url, data={"page": 4, "action": "send"})
    assert client.get_cookie(f"survey_{group.id}", path="/survey/") is None
    # The next person on the same device starts a new response.
    assert '<progress max="4" value="1"' in client.get(url).get_data(as_text=True)
    client.post(url, data={"page": 1, "action": "next", f"q{q.id}": "3"})
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 2


def test_the_page_takes_the_same_queries_however_many_answers(
        app, client, open_diagnosis, count_queries):
    token = invite(app, open_diagnosis)
    url = f"/survey/i/{token}"
    area = open_diagnosis.areas[0]
    client.post(url, data={"page": 1, "action": "next", f"q{area.indicators[0].id}": "1"})
    with count_queries:
        client.get(f"{url}?page=1")
    few = count_queries.count
    client.post(url, data={"page": 1, "action": "next",
                           **{f"q{q.id}": "1" for q in area.indicators}})
    client.post(url, data={"page": 2, "action": "next",
                           **{f"q{q.id}": "1" for q in open_diagnosis.areas[1].indicators
                              if q.kind != QuestionKind.NUMBER}})
    with count_queries:
        client.get(f"{url}?page=1")
    assert count_queries.count == few


def test_the_answers_of_one_link_are_rate_limited(institution_factory, rate_limited):
    # rate_limited comes last: the limiter is shared and the app made last switches it on.
    ref = research_diagnosis(rate_limited, institution_factory().id, DiagnosisStatus.OPEN)
    client = rate_limited.test_client()
    url = f"/survey/i/{ref.personal_token}"
    codes = [client.post(url, data={"page": "1", "action": "next"}).status_code
             for _ in range(31)]
    assert codes[-1] == 429 and 429 not in codes[:30]


def test_a_questionnaire_sent_without_answers_is_not_counted(app, client, open_diagnosis):
    token = invite(app, open_diagnosis)
    q = open_diagnosis.areas[0].indicators[0]
    client.post(f"/survey/i/{token}", data={"page": 1, "action": "next", f"q{q.id}": "2"})
    client.post(f"/survey/i/{token}", data={"page": 1, "action": "next", f"q{q.id}": ""})
    done = client.post(f"/survey/i/{token}", data={"page": 4, "action": "send"})
    assert done.headers["Location"].endswith("/survey/thanks")
    assert db.session.scalar(select(db.func.count()).select_from(SurveyResponse)) == 0
    assert db.session.scalar(select(Invitation.used)) is True
