"""Demo diagnosis of the quality of cooperation: Płońsk, last year, the default
questionnaire, 30 synthetic responses (NGOs 18, officials 9, councillors 3: under the
threshold of 5, so the councillors get no figure), published.

Answers are drawn from a seeded random generator, so every run makes the same ones: NGOs
lean towards the lower half of each scale and officials towards the upper half, so the gap
between them, the finding of such surveys, shows. A few open answers. Safe to run again:
nothing is added when the diagnosis exists.
"""

import random
from datetime import date, datetime, time

from sqlalchemy import select

from consult.auth.services import find_user_by_email
from consult.core.timeutil import local_to_utc, local_today
from consult.extensions import db
from consult.institutions.models import Institution
from consult.research.models import (
    Diagnosis,
    DiagnosisStatus,
    QuestionKind,
    SurveyAnswer,
    SurveyResponse,
)
from consult.research.template import apply_default_template

STAFF_EMAIL = "staff@example.org"  # consult.demo's staff member
PLONSK = "1420011"
RESPONSES = {"ngo": 18, "officials": 9, "councillors": 3}
# The middle of each group's answers on a 0–1 scale: NGOs see cooperation worse.
LEANING = {"ngo": 0.4, "officials": 0.75, "councillors": 0.6}
OPEN_ANSWERS = {
    "ngo": ["Ogłaszać konkursy wcześniej, najlepiej w styczniu.",
            "Więcej rozmów przed przygotowaniem projektu programu, nie tylko konsultacje.",
            "Uprościć sprawozdania z małych grantów."],
    "officials": ["Organizacje rzadko zgłaszają uwagi w konsultacjach."],
    "councillors": ["Spotkania rady pożytku powinny być otwarte dla radnych."],
}
SUMMARY = (
    "Organizacje oceniają współpracę wyraźnie niżej niż urzędnicy i urzędniczki — "
    "najbardziej w obszarze tworzenia polityk publicznych. Wyniki omówi zespół roboczy "
    "przy przygotowaniu programu współpracy na kolejny rok.\n\n"
    "*Dane demonstracyjne: odpowiedzi są wygenerowane.*")


def demo_slug(year: int) -> str:
    return f"plonsk-{year}"


def _choice(rng: random.Random, steps: int, leaning: float) -> int:
    value = min(max(rng.gauss(leaning, 0.22), 0), 1)
    return round(value * steps)


def _answers(rng: random.Random, diagnosis: Diagnosis, key: str, number: int) -> list:
    answers, leaning = [], LEANING[key]
    texts = OPEN_ANSWERS.get(key, [])
    for area in diagnosis.areas:
        for indicator in area.indicators:
            if indicator.kind == QuestionKind.TEXT:
                if number < len(texts):
                    answers.append(SurveyAnswer(indicator_id=indicator.id, text=texts[number]))
            elif indicator.kind == QuestionKind.NUMBER:
                answers.append(SurveyAnswer(indicator_id=indicator.id, number=rng.randint(0, 4)))
            elif rng.random() < 0.08:
                answers.append(SurveyAnswer(indicator_id=indicator.id, dont_know=True))
            else:
                steps = len(indicator.choices) - 1 if indicator.kind == QuestionKind.SCALE else 1
                answers.append(SurveyAnswer(indicator_id=indicator.id,
                                            choice=_choice(rng, steps, leaning)))
    return answers


def seed_research() -> list[str]:
    year = local_today().year - 1
    slug = demo_slug(year)
    plonsk = db.session.scalar(select(Institution).where(Institution.teryt == PLONSK))
    if plonsk is None or db.session.scalar(select(Diagnosis.id).where(Diagnosis.slug == slug)):
        return []
    staff = find_user_by_email(STAFF_EMAIL)
    diagnosis = Diagnosis(
        slug=slug, institution_id=plonsk.id, year=year,
        title=f"Diagnoza jakości współpracy: Płońsk {year}", status=DiagnosisStatus.CLOSED,
        opens_on=date(year, 10, 1), closes_on=date(year, 11, 15), min_group_answers=5,
        summary=SUMMARY, created_by=staff,
        created_at=local_to_utc(datetime.combine(date(year, 9, 15), time(10))),
        published_at=local_to_utc(datetime.combine(date(year, 12, 1), time(12))))
    apply_default_template(diagnosis)
    db.session.add(diagnosis)
    db.session.flush()
    rng = random.Random(f"research-demo-{year}")  # noqa: S311 - demo data, not a secret
    for group in diagnosis.groups:
        for number in range(RESPONSES.get(group.key, 0)):
            day = date(year, 10, 1 + number % 30)
            response = SurveyResponse(diagnosis_id=diagnosis.id, group_id=group.id,
                                      started_on=day, finished_on=day)
            response.answers.extend(_answers(rng, diagnosis, group.key, number))
            db.session.add(response)
    db.session.flush()
    return [f"research: published diagnosis {slug} with {sum(RESPONSES.values())} responses"]
