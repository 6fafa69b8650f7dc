"""Fixtures of the advice log's tests: two funding projects, registered organisations, a
JST, and a factory of sessions logged through the service."""

from datetime import timedelta

import pytest

from consult.advice import services
from consult.advice.models import AdviceForm, TopicCategory
from consult.auth.models import STAFF
from consult.core.timeutil import local_today
from consult.events.funding import FundingProject
from consult.extensions import db
from consult.institutions.models import Organisation


def data(**changes) -> services.AdviceData:
    values = {"held_on": local_today() - timedelta(days=3), "minutes": 60,
              "topic": "Zmiana statutu", "category": TopicCategory.STATUTE,
              "form": AdviceForm.IN_PERSON, "advised": "Stowarzyszenie spoza rejestru"}
    values.update(changes)
    return services.AdviceData(**values)


@pytest.fixture
def advisor(user_factory):
    return user_factory(role=STAFF, full_name="Ewa Doradczyni", email="ewa@example.org")


@pytest.fixture
def projects(app):
    first = FundingProject(name="Koalicja NGO-JST")
    other = FundingProject(name="Inny projekt")
    db.session.add_all([first, other])
    db.session.commit()
    return first, other


@pytest.fixture
def organisations(app):
    made = [Organisation(name="Fundacja Łódź"), Organisation(name="Stowarzyszenie Aktywni Razem")]
    db.session.add_all(made)
    db.session.commit()
    return made


@pytest.fixture
def advice_factory(app, advisor):
    def factory(by=None, **changes):
        by = by or advisor
        changes.setdefault("advisor_id", by.id)
        made = services.log_advice(data(**changes), by)
        db.session.commit()
        return made

    return factory
