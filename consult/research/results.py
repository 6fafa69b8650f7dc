"""The results of a diagnosis: the Local Cooperation Quality Index per indicator, area and
group, and the JST's overall index, computed once and shown by every channel (the pages,
the API, the CSV/XLSX files, the DOCX and PDF reports, the charts).

The method (also on the results page, ``templates/research/_method.html``):

* Points: choice i of a scale of k labels scores 100·i/(k−1); yes 100, no 0; a reversed
  indicator scores 100 − that. "Hard to say" and questions left unanswered are missing
  (left out, never zero). Numbers and open texts are not scored.
* Counted responses: the finished ones; once no more answers can come
  (``status.answers_closed``) also the unfinished ones with at least one answer, for what
  they answered.
* Per group: an indicator's score is the mean of its answers' points; an area's index the
  mean of its indicators' scores; the group's overall index the mean of its areas' indexes
  weighted by ``Area.weight`` (indicators and areas without answers left out).
* The JST's overall index: the mean of the shown groups' overall indexes, each weighing
  the same; the gap between the highest and the lowest group is the finding.
* A group with fewer counted responses than ``Diagnosis.min_group_answers`` gets no figure
  anywhere (``GroupResult`` then holds none) and is left out of the JST's index: no
  respondent of a small group can be identified.

Everything is read in a fixed number of queries, however many answers there are.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.research.models import (
    Area,
    Diagnosis,
    Indicator,
    QuestionKind,
    RespondentGroup,
    SurveyAnswer,
    SurveyResponse,
)
from consult.research.status import answers_closed


def in_language(polish: str, english: str) -> str:
    """The text in the page's language (Polish unless the page is in English)."""
    return english if str(get_locale()) == "en" and english else polish


def shown(value: float | None) -> str:
    """An index as people read it: a whole number (halves rounded up), or a dash."""
    if value is None:
        return "—"
    return str(int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)))


def points(indicator: Indicator, choice: int | None, dont_know: bool) -> float | None:
    """The 0–100 points of one answer, or None (missing: "hard to say", no answer, not a
    scored question, a choice outside the scale)."""
    if dont_know or choice is None:
        return None
    if indicator.kind == QuestionKind.SCALE:
        steps = len(indicator.choices) - 1
        if steps < 1 or not 0 <= choice <= steps:
            return None
        value = 100 * choice / steps
    elif indicator.kind == QuestionKind.YES_NO:
        if choice not in (0, 1):
            return None
        value = 100.0 * choice
    else:
        return None
    return 100 - value if indicator.reversed else value


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class NumberSummary:
    """A number question's answers in one group."""

    median: float
    low: float
    high: float


@dataclass(frozen=True)
class GroupResult:
    """One respondent group. A hidden group (under the threshold) carries no figure at all:
    ``overall`` is None and the dictionaries are empty."""

    group: RespondentGroup
    visible: bool
    overall: float | None = None
    areas: dict[int, float | None] = field(default_factory=dict)  # Area.id → index
    indicators: dict[int, float | None] = field(default_factory=dict)  # Indicator.id →
    numbers: dict[int, NumberSummary] = field(default_factory=dict)  # Indicator.id →

    @property
    def name(self) -> str:
        return in_language(self.group.name_pl, self.group.name_en)


@dataclass(frozen=True)
class Gap:
    """The difference between the highest and the lowest shown group."""

    high: GroupResult
    low: GroupResult
    points: float


@dataclass(frozen=True)
class OpenAnswer:
    """An open answer (staff only). ``group`` is None for answers of hidden groups, which
    are listed together."""

    indicator: Indicator
    group: RespondentGroup | None
    text: str


@dataclass(frozen=True)
class Results:
    diagnosis: Diagnosis
    closed: bool
    groups: list[GroupResult]  # in the diagnosis's order, hidden ones included
    overall: float | None  # the JST's: mean of the shown groups' overall indexes
    gap: Gap | None  # None with fewer than two shown groups with an index
    area_overall: dict[int, float | None]  # Area.id → mean of the shown groups' indexes
    # Staff only, never to a public channel: counted responses per RespondentGroup.id,
    # and the open answers.
    counts: dict[int, int]
    open_answers: list[OpenAnswer]

    @property
    def areas(self) -> list[Area]:
        return self.diagnosis.areas

    @property
    def visible(self) -> list[GroupResult]:
        return [result for result in self.groups if result.visible]

    @property
    def hidden(self) -> list[GroupResult]:
        return [result for result in self.groups if not result.visible]

    @property
    def threshold(self) -> int:
        return self.diagnosis.min_group_answers

    def area_gap(self, area: Area) -> float | None:
        values = [r.areas.get(area.id) for r in self.visible]
        values = [value for value in values if value is not None]
        return max(values) - min(values) if len(values) > 1 else None

    def scored(self, area: Area) -> list[Indicator]:
        return [i for i in area.indicators if i.kind in (QuestionKind.SCALE, QuestionKind.YES_NO)]

    def numbers(self) -> list[Indicator]:
        return [i for area in self.areas for i in area.indicators
                if i.kind == QuestionKind.NUMBER]


def load_diagnosis(diagnosis_id: int) -> Diagnosis | None:
    """A diagnosis with its groups, areas and indicators (three queries)."""
    return db.session.scalars(
        select(Diagnosis).where(Diagnosis.id == diagnosis_id).options(
            selectinload(Diagnosis.groups), selectinload(Diagnosis.institution),
            selectinload(Diagnosis.areas).selectinload(Area.indicators))).first()


def _rows_of(diagnosis_ids: list[int]) -> tuple[dict[int, list], dict[int, list]]:
    """Every response and every answer of the diagnoses, by diagnosis, in two queries."""
    responses, answers = defaultdict(list), defaultdict(list)
    if not diagnosis_ids:
        return responses, answers
    for row in db.session.execute(
            select(SurveyResponse.diagnosis_id, SurveyResponse.id, SurveyResponse.group_id,
                   SurveyResponse.finished_on)
            .where(SurveyResponse.diagnosis_id.in_(diagnosis_ids))):
        responses[row.diagnosis_id].append(row)
    for row in db.session.execute(
            select(SurveyResponse.diagnosis_id, SurveyAnswer.response_id,
                   SurveyAnswer.indicator_id, SurveyAnswer.choice, SurveyAnswer.dont_know,
                   SurveyAnswer.number, SurveyAnswer.text)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.diagnosis_id.in_(diagnosis_ids))
            .order_by(SurveyAnswer.id)):
        answers[row.diagnosis_id].append(row)
    return responses, answers


def compute_all(diagnoses: list[Diagnosis], today=None) -> list[Results]:
    """The results of each diagnosis (loaded with their questionnaire, as
    ``published_diagnoses`` and ``load_diagnosis`` do), in two queries however many
    diagnoses and answers there are."""
    responses, answers = _rows_of([diagnosis.id for diagnosis in diagnoses])
    return [_results(diagnosis, responses[diagnosis.id], answers[diagnosis.id], today)
            for diagnosis in diagnoses]


def compute(diagnosis: Diagnosis, today=None) -> Results:
    """The results of one diagnosis (see ``compute_all``)."""
    return compute_all([diagnosis], today)[0]


def _results(diagnosis: Diagnosis, responses: list, answers: list, today) -> Results:
    closed = answers_closed(diagnosis, today)
    answered = {row.response_id for row in answers}
    counted = {row.id: row.group_id for row in responses
               if row.finished_on is not None or (closed and row.id in answered)}
    indicators = {i.id: i for area in diagnosis.areas for i in area.indicators}
    scores: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    numbers: dict[int, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    texts: list[tuple[int, int, str]] = []
    for row in answers:
        group_id, indicator = counted.get(row.response_id), indicators.get(row.indicator_id)
        if group_id is None or indicator is None:
            continue
        if indicator.kind == QuestionKind.NUMBER and row.number is not None and not row.dont_know:
            numbers[group_id][indicator.id].append(float(row.number))
        elif indicator.kind == QuestionKind.TEXT and (row.text or "").strip():
            texts.append((group_id, indicator.id, row.text.strip()))
        else:
            value = points(indicator, row.choice, row.dont_know)
            if value is not None:
                scores[group_id][indicator.id].append(value)
    counts = defaultdict(int)
    for group_id in counted.values():
        counts[group_id] += 1
    groups = [_group_result(diagnosis, group, counts[group.id], scores[group.id],
                            numbers[group.id]) for group in diagnosis.groups]
    shown_groups = [r for r in groups if r.visible and r.overall is not None]
    gap = None
    if len(shown_groups) > 1:
        high = max(shown_groups, key=lambda r: r.overall)
        low = min(shown_groups, key=lambda r: r.overall)
        gap = Gap(high=high, low=low, points=high.overall - low.overall)
    visible_ids = {r.group.id for r in groups if r.visible}
    groups_by_id = {group.id: group for group in diagnosis.groups}
    open_answers = [
        OpenAnswer(indicator=indicators[indicator_id],
                   group=groups_by_id[group_id] if group_id in visible_ids else None, text=text)
        for group_id, indicator_id, text in texts]
    open_answers.sort(key=lambda a: (a.indicator.area.position, a.indicator.position,
                                     a.group is None, a.group.position if a.group else 0))
    return Results(
        diagnosis=diagnosis, closed=closed, groups=groups,
        overall=_mean(r.overall for r in shown_groups), gap=gap,
        area_overall={area.id: _mean(r.areas[area.id] for r in groups
                                     if r.visible and r.areas.get(area.id) is not None)
                      for area in diagnosis.areas},
        counts=dict(counts), open_answers=open_answers)


def _group_result(diagnosis: Diagnosis, group: RespondentGroup, count: int,
                  scores: dict[int, list[float]], numbers: dict[int, list[float]]) -> GroupResult:
    if count < diagnosis.min_group_answers:
        return GroupResult(group=group, visible=False)
    indicator_scores = {indicator_id: _mean(values) for indicator_id, values in scores.items()}
    areas: dict[int, float | None] = {}
    for area in diagnosis.areas:
        areas[area.id] = _mean(indicator_scores[i.id] for i in area.indicators
                               if indicator_scores.get(i.id) is not None)
    weighted = [(areas[area.id], area.weight) for area in diagnosis.areas
                if areas[area.id] is not None and area.weight > 0]
    total = sum(weight for _value, weight in weighted)
    overall = sum(value * weight for value, weight in weighted) / total if total else None
    return GroupResult(
        group=group, visible=True, overall=overall, areas=areas, indicators=indicator_scores,
        numbers={indicator_id: NumberSummary(median=statistics.median(values),
                                             low=min(values), high=max(values))
                 for indicator_id, values in numbers.items() if values})


def results_of(diagnosis_id: int, today=None) -> Results | None:
    diagnosis = load_diagnosis(diagnosis_id)
    return compute(diagnosis, today) if diagnosis is not None else None


def published(slug: str) -> Diagnosis | None:
    """A published diagnosis by its slug, with its questionnaire loaded."""
    found = db.session.scalar(select(Diagnosis.id).where(
        Diagnosis.slug == slug, Diagnosis.published_at.is_not(None)))
    return load_diagnosis(found) if found is not None else None


def published_diagnoses(institution_id: int | None = None) -> list[Diagnosis]:
    """Published diagnoses, newest year first (of one JST if given), loaded for
    ``compute``."""
    query = (select(Diagnosis).where(Diagnosis.published_at.is_not(None))
             .options(selectinload(Diagnosis.groups), selectinload(Diagnosis.institution),
                      selectinload(Diagnosis.areas).selectinload(Area.indicators))
             .order_by(Diagnosis.year.desc(), Diagnosis.id.desc()))
    if institution_id is not None:
        query = query.where(Diagnosis.institution_id == institution_id)
    return list(db.session.scalars(query))


def earlier_results(diagnosis: Diagnosis) -> list[Results]:
    """The same JST's other published diagnoses of earlier years, oldest first."""
    return compute_all([other for other in reversed(published_diagnoses(diagnosis.institution_id))
                        if other.year < diagnosis.year])


def latest_per_institution(diagnoses: list[Diagnosis]) -> list[Diagnosis]:
    """The newest of each JST's diagnoses (the list is newest first)."""
    seen, latest = set(), []
    for diagnosis in diagnoses:
        if diagnosis.institution_id not in seen:
            seen.add(diagnosis.institution_id)
            latest.append(diagnosis)
    return sorted(latest, key=lambda d: d.institution.name)
