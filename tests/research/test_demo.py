"""The survey's part of `flask seed-demo`: a published diagnosis of Płońsk for last year with
30 synthetic responses in three groups, the councillors under the threshold, the gap between
NGOs and officials visible; the same answers on every run and nothing added on a second."""

from sqlalchemy import func, select

from consult.cooperation.services import warsaw_today
from consult.demo import seed_demo
from consult.extensions import db
from consult.research.demo import demo_slug
from consult.research.models import Diagnosis, SurveyAnswer, SurveyResponse
from consult.research.results import compute, published
from consult.research.status import answers_closed


def test_the_demo_diagnosis(app):
    seed_demo()
    year = warsaw_today().year - 1
    diagnosis = published(demo_slug(year))
    assert diagnosis is not None and diagnosis.year == year
    assert diagnosis.institution.teryt == "1420011"
    assert answers_closed(diagnosis)
    results = compute(diagnosis)
    ngo, officials, councillors = results.groups
    assert sum(results.counts.values()) >= 30
    assert (ngo.visible, officials.visible, councillors.visible) == (True, True, False)
    assert results.gap.high is officials and results.gap.low is ngo
    assert results.gap.points >= 15
    assert results.open_answers
    answers = db.session.scalar(select(func.count()).select_from(SurveyAnswer))

    seed_demo()
    assert db.session.scalar(select(func.count()).select_from(Diagnosis)) == 1
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == answers
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 30
