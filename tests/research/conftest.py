"""Fixtures of the survey's tests: a diagnosis of Płońsk with the default questionnaire,
and responses built directly (without the respondent's pages) so any data set can be made."""

from datetime import date

import pytest

from consult.extensions import db
from consult.institutions.models import URBAN_GMINA
from consult.research.models import (
    Diagnosis,
    DiagnosisStatus,
    QuestionKind,
    SurveyAnswer,
    SurveyResponse,
)
from consult.research.template import apply_default_template


@pytest.fixture
def plonsk(institution_factory):
    return institution_factory(teryt="1420011", name="Płońsk", kind=URBAN_GMINA)


@pytest.fixture
def diagnosis_factory(app, plonsk):
    """A diagnosis with the default groups and questionnaire (open by default)."""

    def factory(institution=None, year=2026, slug=None, status=DiagnosisStatus.OPEN,
                opens_on=date(2026, 10, 1), closes_on=date(2026, 12, 31),
                min_group_answers=5, published_at=None, title=None):
        institution = institution or plonsk
        diagnosis = Diagnosis(
            slug=slug or f"{institution.teryt}-{year}", institution_id=institution.id,
            year=year, title=title or f"Diagnoza współpracy: {institution.name} {year}",
            status=status, opens_on=opens_on, closes_on=closes_on,
            min_group_answers=min_group_answers, published_at=published_at)
        apply_default_template(diagnosis)
        db.session.add(diagnosis)
        db.session.commit()
        return diagnosis

    return factory


@pytest.fixture
def response_factory(app):
    """A response of ``group`` (its key) with ``answers``: {question: value}, where a value
    is a choice index (scale, yes/no: 1 yes 0 no), "?" for "hard to say", a number, or a
    text, by the question's kind. ``finished`` by default."""

    def factory(diagnosis, group_key, answers, finished=True, day=date(2026, 11, 2)):
        group = next(g for g in diagnosis.groups if g.key == group_key)
        response = SurveyResponse(diagnosis_id=diagnosis.id, group_id=group.id, started_on=day,
                            finished_on=day if finished else None)
        for question, value in answers.items():
            answer = SurveyAnswer(indicator_id=question.id)
            if value == "?":
                answer.dont_know = True
            elif question.kind == QuestionKind.TEXT:
                answer.text = value
            elif question.kind == QuestionKind.NUMBER:
                answer.number = value
            else:
                answer.choice = value
            response.answers.append(answer)
        db.session.add(response)
        db.session.commit()
        return response

    return factory


def questions_of(diagnosis, kind=None):
    """The diagnosis's questions in order (of one kind if given)."""
    return [q for area in diagnosis.areas for q in area.indicators
            if kind is None or q.kind == kind]
