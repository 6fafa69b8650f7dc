"""The index against hand-computed fixtures (consult/research/results.py)."""

from datetime import date

import pytest

from consult.extensions import db
from consult.research.models import DiagnosisStatus, QuestionKind
from consult.research.results import compute, load_diagnosis, points, shown
from tests.research.conftest import questions_of

SCALE, YES_NO = QuestionKind.SCALE, QuestionKind.YES_NO


def test_points_of_one_answer(diagnosis_factory):
    diagnosis = diagnosis_factory()
    scale = questions_of(diagnosis, SCALE)[0]  # five labels: 0, 25, 50, 75, 100
    yes_no = questions_of(diagnosis, YES_NO)[0]
    assert [points(scale, i, False) for i in range(5)] == [0, 25, 50, 75, 100]
    assert points(scale, None, True) is None  # "hard to say" is missing, not zero
    assert points(scale, 7, False) is None
    assert points(yes_no, 1, False) == 100 and points(yes_no, 0, False) == 0
    scale.reversed = yes_no.reversed = True
    assert points(scale, 1, False) == 75 and points(yes_no, 1, False) == 0


def test_shown_rounds_halves_up():
    assert [shown(62.5), shown(62.49), shown(0), shown(None)] == ["63", "62", "0", "—"]


@pytest.fixture
def small(diagnosis_factory, response_factory):
    """Two areas only matter: area 1 (weight 2) and area 2 (weight 1); areas 3 and 4 get
    no answers at all and are left out. Threshold 2 so small groups can be shown."""
    diagnosis = diagnosis_factory(min_group_answers=2)
    a1, a2 = diagnosis.areas[0], diagnosis.areas[1]
    a1.weight = 2
    q1, q2 = a1.indicators[0], a1.indicators[1]  # scales
    q3 = a1.indicators[4]  # yes/no, made reversed
    q3.reversed = True
    r1 = a2.indicators[0]  # scale
    number = a2.indicators[5]
    db.session.commit()
    # NGOs, three finished responses:
    #   q1: 4 (100), 2 (50), "?" (missing)        → 75
    #   q2: unanswered by all                     → left out
    #   q3 (reversed yes/no): yes (0), no (100), no (100) → 66.67
    #   area 1 = mean(75, 66.67) = 70.83
    #   r1: 1 (25), 3 (75), 0 (0)                 → 33.33 = area 2
    #   NGO overall = (70.83·2 + 33.33·1) / 3 = 58.33
    response_factory(diagnosis, "ngo", {q1: 4, q3: 1, r1: 1, number: 3})
    response_factory(diagnosis, "ngo", {q1: 2, q3: 0, r1: 3, number: 10})
    response_factory(diagnosis, "ngo", {q1: "?", q3: 0, r1: 0, number: 4})
    # Officials, two finished and one unfinished:
    #   finished: q1 4, 4 (100); q3 no, no (100); r1 4, 2 (75)
    #   area 1 = 100, area 2 = 75 → overall (100·2 + 75) / 3 = 91.67
    #   unfinished (q1: 0, r1: 0) counts only once answers are closed:
    #   q1: 100, 100, 0 → 66.67; q3 100 → area 1 83.33; r1: 100, 50, 0 → 50
    #   → overall (83.33·2 + 50) / 3 = 72.22
    response_factory(diagnosis, "officials", {q1: 4, q3: 0, r1: 4})
    response_factory(diagnosis, "officials", {q1: 4, q3: 0, r1: 2})
    response_factory(diagnosis, "officials", {q1: 0, r1: 0}, finished=False)
    # Councillors: one finished and one unfinished with no answer → 1 counted, under 2.
    response_factory(diagnosis, "councillors", {q1: 4})
    response_factory(diagnosis, "councillors", {}, finished=False)
    return diagnosis, a1, a2, q1, q2, q3, r1, number


def test_the_index_while_answers_come(small):
    diagnosis, a1, a2, q1, q2, q3, r1, number = small
    results = compute(load_diagnosis(diagnosis.id), today=date(2026, 11, 10))
    ngo, officials, councillors = results.groups
    assert results.counts == {ngo.group.id: 3, officials.group.id: 2, councillors.group.id: 1}
    assert ngo.indicators[q1.id] == pytest.approx(75)
    assert q2.id not in ngo.indicators
    assert ngo.indicators[q3.id] == pytest.approx(200 / 3)
    assert ngo.areas[a1.id] == pytest.approx((75 + 200 / 3) / 2)
    assert ngo.areas[a2.id] == pytest.approx(100 / 3)
    assert ngo.areas[diagnosis.areas[2].id] is None
    assert ngo.overall == pytest.approx(((75 + 200 / 3) + 100 / 3) / 3)  # 58.33
    assert officials.overall == pytest.approx((100 * 2 + 75) / 3)  # 91.67
    # Councillors are under the threshold: no figure at all, out of the JST's index.
    assert not councillors.visible
    assert councillors.overall is None and councillors.areas == {} and councillors.numbers == {}
    # The JST: each shown group weighs the same: (58.33 + 91.67) / 2 = 75.
    assert results.overall == pytest.approx(75)
    assert results.gap.high is officials and results.gap.low is ngo
    assert results.gap.points == pytest.approx(100 / 3)
    # Numbers: 3, 10, 4 → median 4, from 3 to 10.
    summary = ngo.numbers[number.id]
    assert (summary.median, summary.low, summary.high) == (4, 3, 10)
    assert shown(results.overall) == "75"


def test_unfinished_answers_count_once_closed(small):
    diagnosis, a1, a2, *_ = small
    diagnosis.status = DiagnosisStatus.CLOSED
    db.session.commit()
    results = compute(load_diagnosis(diagnosis.id))
    ngo, officials, councillors = results.groups
    assert results.counts[officials.group.id] == 3
    # The councillors' empty unfinished response is still not counted.
    assert results.counts[councillors.group.id] == 1
    assert officials.areas[a1.id] == pytest.approx((200 / 3 + 100) / 2)  # 83.33
    assert officials.areas[a2.id] == pytest.approx(50)
    assert officials.overall == pytest.approx((250 / 3 * 2 + 50) / 3)  # 72.22
    assert results.overall == pytest.approx((175 / 3 + officials.overall) / 2)


def test_open_answers_of_hidden_groups_are_listed_without_their_group(
        diagnosis_factory, response_factory):
    diagnosis = diagnosis_factory(min_group_answers=2)
    text = questions_of(diagnosis, QuestionKind.TEXT)[0]
    response_factory(diagnosis, "ngo", {text: "Więcej konkursów"})
    response_factory(diagnosis, "ngo", {text: "  "})
    response_factory(diagnosis, "councillors", {text: "Lepsza informacja"})
    results = compute(load_diagnosis(diagnosis.id))
    assert [(a.group and a.group.key, a.text) for a in results.open_answers] == [
        ("ngo", "Więcej konkursów"), (None, "Lepsza informacja")]


def test_the_number_of_queries_does_not_grow_with_answers(
        app, diagnosis_factory, response_factory, count_queries):
    diagnosis = diagnosis_factory()
    scale = questions_of(diagnosis, SCALE)

    def measure() -> int:
        db.session.expire_all()
        with count_queries as counter:
            compute(load_diagnosis(diagnosis.id))
        return counter.count

    response_factory(diagnosis, "ngo", {scale[0]: 1})
    before = measure()
    for n in range(50):
        response_factory(diagnosis, ("ngo", "officials", "councillors")[n % 3],
                         {question: n % 5 for question in scale})
    assert measure() == before
