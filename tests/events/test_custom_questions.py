"""Staff edit and reorder an event's registration questions; an answered question is locked
except for its wording and its place."""

import re
from datetime import UTC, datetime

from sqlalchemy import select

from consult.events import services
from consult.events.models import Answer, Question
from consult.extensions import db
from tests.conftest import REGISTRATION_FORM
from tests.html import page_of

START = datetime(2030, 3, 12, 9, 0, tzinfo=UTC)
QUESTIONS = [
    {"kind": "text", "label": "Czego oczekujesz?"},
    {"kind": "choice", "label": "Dieta", "options": "zwykła\nwegetariańska"},
    {"kind": "yesno", "label": "Nocleg?"},
]


def labels_in_form(visitor, event) -> list[str]:
    """The custom questions of the registration form, in the order it asks them."""
    page = page_of(visitor.get(f"/events/{event.slug}/register"))
    ids = []
    for element in page.elements:
        found = re.fullmatch(r"q_(\d+)(-\d+)?", element["attrs"].get("id", ""))
        if found and int(found.group(1)) not in ids:
            ids.append(int(found.group(1)))
    return [db.session.get(Question, question_id).label for question_id in ids]


def question(label: str) -> Question:
    db.session.expire_all()
    return db.session.scalar(select(Question).where(Question.label == label))


def test_a_question_nobody_answered_changes_entirely_and_the_form_follows(
    client, staff, event_factory, app
):
    event = event_factory(starts_at=START, questions=QUESTIONS)
    diet = question("Dieta")
    url = f"/manage/events/{event.id}/questions/{diet.id}/edit"
    page = page_of(client.get(url))
    assert page.value_of("label") == "Dieta"
    assert page.value_of("kind") == "choice"
    assert page.by_id("question-locked") is None

    response = client.post(url, data={"label": "Posiłek", "help_text": "Podajemy obiad.",
                                      "kind": "multiple", "options": "wegański\nbez glutenu\n",
                                      "required": "y"})
    assert response.status_code == 302
    meal = db.session.get(Question, diet.id)
    db.session.refresh(meal)
    assert (meal.label, meal.help_text, meal.kind, meal.options, meal.required) == (
        "Posiłek", "Podajemy obiad.", "multiple", "wegański\nbez glutenu", True)

    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    form = page_of(visitor.get(f"/events/{event.slug}/register"))
    assert form.text_by_id(f"q_{meal.id}-hint") == "Podajemy obiad."
    assert form.by_id(f"q_{meal.id}-1")["attrs"]["type"] == "checkbox"
    response = visitor.post(f"/events/{event.slug}/register", data=REGISTRATION_FORM)
    assert "Answer this question." in page_of(response).text_by_id(f"q_{meal.id}-error")


def test_order_is_changed_with_buttons_and_the_form_asks_in_that_order(
    client, staff, event_factory, app
):
    event = event_factory(starts_at=START, questions=QUESTIONS)
    night = question("Nocleg?")
    base = f"/manage/events/{event.id}/questions"
    assert labels_in_form(app.test_client(), event) == ["Czego oczekujesz?", "Dieta", "Nocleg?"]

    response = client.post(f"{base}/{night.id}/move", data={"direction": "up"})
    assert response.headers["Location"].endswith(f"{base}#q{night.id}")
    client.post(f"{base}/{night.id}/move", data={"direction": "up"})
    client.post(f"{base}/{night.id}/move", data={"direction": "up"})  # first already: no-op

    page = page_of(client.get(base))
    assert [row[0] for row in page.table_rows()] == ["Nocleg?", "Czego oczekujesz?", "Dieta"]
    assert labels_in_form(app.test_client(), event) == ["Nocleg?", "Czego oczekujesz?", "Dieta"]
    other = event_factory(title="Inne", starts_at=START)
    assert client.post(f"/manage/events/{other.id}/questions/{night.id}/move",
                       data={"direction": "down"}).status_code == 404


def test_an_answered_question_keeps_its_answer_rules_but_its_wording_can_be_fixed(
    client, staff, event_factory
):
    event = event_factory(starts_at=START, questions=QUESTIONS)
    diet = question("Dieta")
    registration = services.register(event, services.RegistrationData(
        full_name="Maria Łęcka", email="maria@example.org", category="ngo",
        organisation="Stowarzyszenie", answers={diet.id: "wegetariańska"}), staff=staff)
    db.session.commit()
    url = f"/manage/events/{event.id}/questions/{diet.id}/edit"

    page = page_of(client.get(f"/manage/events/{event.id}/questions"))
    assert "locked" in page.text_by_id(f"q{diet.id}")
    assert "wording can still be corrected" in page.text_by_id("questions-locked-note")
    page = page_of(client.get(url))
    assert "1 registrant has answered this question" in page.text_by_id("question-locked")
    assert not [e for e in page.elements if e["attrs"].get("name") in ("kind", "options")]

    response = client.post(url, data={"label": "Dieta (posiłek)", "help_text": ""})
    assert response.status_code == 302
    fixed = question("Dieta (posiłek)")
    assert (fixed.kind, fixed.option_list, fixed.required) == (
        "choice", ["zwykła", "wegetariańska"], False)
    answer = db.session.scalar(select(Answer).where(Answer.registration_id == registration.id))
    assert (answer.question_id, answer.value) == (diet.id, "wegetariańska")


def test_an_answer_arriving_while_staff_edit_keeps_the_rules(client, staff, event_factory):
    """The edit page was opened before anyone answered; the answer came before the save."""
    event = event_factory(starts_at=START, questions=QUESTIONS)
    diet = question("Dieta")
    url = f"/manage/events/{event.id}/questions/{diet.id}/edit"
    assert page_of(client.get(url)).value_of("kind") == "choice"
    services.register(event, services.RegistrationData(
        full_name="Maria Łęcka", email="maria@example.org", category="ngo",
        organisation="Stowarzyszenie", answers={diet.id: "zwykła"}), staff=staff)
    db.session.commit()

    response = client.post(url, data={"label": "Dieta?", "help_text": "", "kind": "text",
                                      "options": ""}, follow_redirects=True)
    assert "only its wording can be changed" in response.get_data(as_text=True)
    assert (question("Dieta").kind, question("Dieta").options) == ("choice",
                                                                   "zwykła\nwegetariańska")

    # The same page sent with the rules as they were: the wording is saved.
    response = client.post(url, data={"label": "Dieta?", "help_text": "", "kind": "choice",
                                      "options": "zwykła\nwegetariańska"})
    assert response.status_code == 302
    assert question("Dieta?").kind == "choice"
