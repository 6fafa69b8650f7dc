"""Each event's own evaluation questionnaire: staff change it until the first response, the
public form follows it, and staff download the responses as CSV and XLSX."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from consult.core.i18n import LANGUAGE_COOKIE
from consult.events.models import EvaluationQuestion
from consult.extensions import db
from tests.events.test_evaluation import GOOD
from tests.events.test_impact import PAST, attendee
from tests.html import page_of
from tests.test_database import empty_database  # noqa: F401 (a fixture)

RECOMMEND = "Czy polecisz szkolenie innym?"
MISSING = "Czego zabrakło?"
FORMULA = '=HYPERLINK("http://example.org/x","Kliknij")'


def field_names(page) -> list[str]:
    """The evaluation form's questions, in the order it asks them."""
    names = []
    form = next(i for i, e in enumerate(page.elements) if e["tag"] == "form"
                and e["attrs"].get("class") == "form")
    for element in page.elements[form:]:
        name = element["attrs"].get("name")
        if element["tag"] in ("input", "textarea") and name and name != "csrf_token" \
                and name not in names:
            names.append(name)
    return names


def own(label: str) -> str:
    question_id = db.session.scalar(
        select(EvaluationQuestion.id).where(EvaluationQuestion.label == label))
    return f"q_{question_id}"


def customise(client, event) -> None:
    base = f"/manage/events/{event.id}/evaluation/questions"
    change = f"{base}/change"
    client.post(change, data={"question": "organisation", "action": "remove"})
    client.post(change, data={"question": "improve", "direction": "up"})
    client.post(base, data={"kind": "rating", "label": RECOMMEND, "required": "y"})
    client.post(base, data={"kind": "text", "label": MISSING})


def test_staff_change_the_questions_and_the_form_follows(client, login_as, event_factory,
                                                         app):
    event = event_factory(starts_in=PAST)
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    customise(client, event)

    page = page_of(client.get(f"/manage/events/{event.id}/evaluation/questions"))
    assert [row[0] for row in page.table_rows()] == ["rating from 1 to 5"] * 2 + [
        "text"] * 2 + ["rating from 1 to 5", "text"]
    assert "How well was it organised?" in page.text_by_id("removed-questions")

    visitor = app.test_client()
    registration = attendee(event, "maria@example.org")
    url = f"/registrations/{registration.token}/evaluation"
    form = page_of(visitor.get(url))
    assert field_names(form) == ["overall", "usefulness", "improve", "liked", own(RECOMMEND),
                                 own(MISSING)]
    assert RECOMMEND in form.text(next(e for e in form.elements if e["tag"] == "legend"
                                       and RECOMMEND in form.text(e)))

    response = visitor.post(url, data={**GOOD, "organisation": ""})  # no answer to ours
    assert page_of(response).by_id(f"{own(RECOMMEND)}-error") is not None
    response = visitor.post(url, data={**GOOD, own(RECOMMEND): "5", own(MISSING): FORMULA})
    assert response.status_code == 302

    page = page_of(client.get(f"/manage/events/{event.id}/evaluation"))
    assert [row[1:] for row in page.table_rows()] == [  # overall, usefulness, ours
        ["0", "0", "0", "0", "1"], ["0", "0", "0", "1", "0"], ["0", "0", "0", "0", "1"]]
    assert "How well was it organised?" not in page.text_by_id("evaluation-ratings")
    assert RECOMMEND in page.text_by_id("evaluation-ratings")
    assert page.text_by_id("evaluation-liked") == "Konkretne przykłady"


def test_the_first_response_locks_the_questions(client, login_as, event_factory, app):
    event = event_factory(starts_in=PAST)
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    registration = attendee(event, "maria@example.org")
    app.test_client().post(f"/registrations/{registration.token}/evaluation", data=GOOD)
    stored = db.session.scalar(select(func.count()).select_from(EvaluationQuestion))
    assert stored == 5  # the default questions, stored with the answers to them

    base = f"/manage/events/{event.id}/evaluation/questions"
    page = page_of(client.get(base))
    assert "can no longer change" in page.text_by_id("questionnaire-locked")
    assert not [e for e in page.elements if e["tag"] == "button"
                and e["attrs"].get("name") in ("direction", "action")]
    response = client.post(f"{base}/change", data={"question": "overall", "action": "remove"},
                           follow_redirects=True)
    assert "can no longer change" in response.get_data(as_text=True)
    client.post(base, data={"kind": "text", "label": MISSING})
    questions = db.session.scalars(select(EvaluationQuestion.key).order_by(
        EvaluationQuestion.position)).all()
    assert questions == ["overall", "usefulness", "organisation", "liked", "improve"]


def test_the_last_question_cannot_be_removed(client, login_as, event_factory):
    event = event_factory(starts_in=PAST)
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    change = f"/manage/events/{event.id}/evaluation/questions/change"
    for key in ("overall", "usefulness", "organisation", "liked"):
        client.post(change, data={"question": key, "action": "remove"})
    response = client.post(change, data={"question": "improve", "action": "remove"},
                           follow_redirects=True)
    assert "at least one question" in response.get_data(as_text=True)
    client.post(change, data={"question": "overall", "action": "restore"})
    keys = db.session.scalars(select(EvaluationQuestion.key).order_by(
        EvaluationQuestion.position)).all()
    assert keys == ["improve", "overall"]


def test_responses_download_as_csv_and_xlsx_one_row_each_formulas_neutralised(
    client, login_as, event_factory, app
):
    event = event_factory(starts_in=PAST, title="Szkolenie z konsultacji")
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    customise(client, event)
    answers = [("5", "Świetni trenerzy", FORMULA), ("3", "", "Przerw")]
    for n, (overall, liked, missing) in enumerate(answers):
        registration = attendee(event, f"osoba{n}@example.org")
        app.test_client().post(f"/registrations/{registration.token}/evaluation", data={
            **GOOD, "overall": overall, "liked": liked, own(RECOMMEND): "4",
            own(MISSING): missing})

    page = page_of(client.get(f"/manage/events/{event.id}/evaluation"))
    links = {e["attrs"]["href"] for e in page.elements if e["tag"] == "a"}
    assert {f"/manage/events/{event.id}/evaluation.csv",
            f"/manage/events/{event.id}/evaluation.xlsx"} <= links

    response = client.get(f"/manage/events/{event.id}/evaluation.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="szkolenie-z-konsultacji-evaluation.csv"')
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")),
                           delimiter=";"))
    header = ["Overall, how do you rate the event?", "How useful was it for your work?",
              "What should we improve?", "What was good?", RECOMMEND, MISSING]
    assert rows[0] == header
    assert sorted(rows[1:]) == [["3", "4", "", "", "4", "Przerw"],
                                ["5", "4", "", "Świetni trenerzy", "4", "'" + FORMULA]]

    response = client.get(f"/manage/events/{event.id}/evaluation.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    values = [row for row in values if any(value is not None for value in row)]
    assert values[0] == header
    cells = [str(value) for row in values[1:] for value in row if value is not None]
    assert "'" + FORMULA in cells or FORMULA in cells
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []  # shown as text, never run
    assert len(values) == 3  # the header and one row per response

    outsider = app.test_client()
    assert outsider.get(f"/manage/events/{event.id}/evaluation.csv").status_code == 302


def test_the_upgrade_keeps_every_evaluation_given_before(empty_database, test_config):  # noqa: F811
    """Evaluations stored in the old fixed columns become answers to the five default
    questions of their event, and go back into the columns on a downgrade."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from consult import create_app
    from consult.core.timeutil import utcnow
    from consult.events.models import Event

    app = create_app({**test_config, "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        starts_at = utcnow().replace(microsecond=0)
        db.session.add(Event(slug="szkolenie", title="Szkolenie", type="training",
                             starts_at=starts_at, ends_at=starts_at, status="published"))
        db.session.commit()
        db.session.remove()
        downgrade(revision="5e55a0d1e006")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO event_evaluations (event_id, overall, usefulness, organisation,"
                " liked, improve, created_on) SELECT id, 5, 4, 3, 'Przykłady', '', :day"
                " FROM events"), {"day": starts_at.date()})
        upgrade()
        with db.engine.connect() as conn:
            answers = conn.execute(text(
                "SELECT q.position, q.key, a.rating, a.text FROM event_evaluation_answers a"
                " JOIN event_evaluation_questions q ON q.id = a.question_id"
                " ORDER BY q.position")).all()
        downgrade(revision="5e55a0d1e006")
        with db.engine.connect() as conn:
            columns = conn.execute(text(
                "SELECT overall, usefulness, organisation, liked, improve"
                " FROM event_evaluations")).all()
        db.engine.dispose()
    assert [tuple(row) for row in answers] == [
        (0, "overall", 5, ""), (1, "usefulness", 4, ""), (2, "organisation", 3, ""),
        (3, "liked", None, "Przykłady")]
    assert [tuple(row) for row in columns] == [(5, 4, 3, "Przykłady", "")]
