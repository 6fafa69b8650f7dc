"""A project with its events, attendance and advice, counted by hand (``world``)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from consult.advice.models import AdviceSession
from consult.events.funding import FundingProject
from consult.events.models import Answer, Question
from consult.extensions import db
from consult.institutions.models import Organisation
from tests.events.test_impact import attendee

PAST = timedelta(days=-10)


@pytest.fixture
def project_factory(app):
    def factory(name="Koalicja dialogu", **fields):
        fields.setdefault("published", True)
        fields.setdefault("slug", fields.get("slug") or name.lower().replace(" ", "-"))
        project = FundingProject(name=name, currency=fields.pop("currency", "EUR"), **fields)
        db.session.add(project)
        db.session.commit()
        return project

    return factory


def advice(project, minutes, held_on=date(2026, 11, 2), **fields) -> AdviceSession:
    session = AdviceSession(held_on=held_on, minutes=minutes, topic="Statut",
                            category=fields.pop("category", "statute"), form="phone",
                            funding_project=project, **fields)
    db.session.add(session)
    db.session.commit()
    return session


@pytest.fixture
def world(app, project_factory, event_factory, institution_factory):
    """A project's two held events and an upcoming one, another project's event, advice.

    Held: training (6 h, 100 km; asks for sex) and workshop (4.5 h). Maria (a woman) at
    both counts once; Jan and Ola of "Fundacja Łódź" written two ways, the one linked to the
    register: one organisation, also advised; Piotr of a town hall; Ewa a resident who did
    not answer about sex. Advice: 90 min to the foundation, 45 min to Płońsk (a JST), 30
    min in another project. Upcoming and other projects' events do not count.
    """
    project = project_factory(starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 31))
    other = project_factory(name="Inny projekt", slug="inny")
    foundation = Organisation(name="Fundacja Łódź", search_name="fundacja lodz")
    db.session.add(foundation)
    sex = {"kind": "choice", "label": "Płeć", "options": "Kobieta\nMężczyzna",
           "reports_sex": True}
    training = event_factory(title="Szkolenie A", starts_in=PAST, hours=Decimal("6"),
                             kilometres=100, funding_project=project, questions=[sex])
    workshop = event_factory(title="Warsztat B", starts_in=PAST * 2, type="workshop",
                             hours=Decimal("4.5"), funding_project=project)
    upcoming = event_factory(title="Przyszłe", funding_project=project, hours=Decimal("3"))
    elsewhere = event_factory(title="Cudze", starts_in=PAST, funding_project=other,
                              hours=Decimal("2"))
    question: Question = training.questions[0]

    def answered(registration, value):
        db.session.add(Answer(registration=registration, question=question, value=value))
        db.session.commit()

    answered(attendee(training, "maria@example.org", "ngo", "Stowarzyszenie Aktywni Razem",
                      full_name="Maria Nowak"), "Kobieta")
    attendee(workshop, "maria@example.org", "ngo", "Stowarzyszenie Aktywni Razem")
    answered(attendee(training, "jan@example.org", "ngo", "Fundacja Łódź",
                      organisation_id=foundation.id), "Mężczyzna")
    attendee(workshop, "ola@example.org", "ngo", "fundacja  lodz")
    answered(attendee(training, "piotr@example.org", "jst", "Urząd Miasta Płońsk"),
             "mężczyzna")
    attendee(workshop, "ewa@example.org", "resident", "")
    attendee(upcoming, "ewa@example.org", "resident", "", days=0)
    attendee(elsewhere, "obcy@example.org", "ngo", "Obca Fundacja")
    plonsk = institution_factory(teryt="1420092", name="Płońsk")
    advice(project, 90, organisation_id=foundation.id)
    advice(project, 45, institution_id=plonsk.id, category="consultations")
    advice(other, 30, advised_name="Ktoś")
    return project
