"""After the event: the thank-you e-mail once per attendee, the anonymous evaluation."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from consult.core.i18n import LANGUAGE_COOKIE
from consult.events.models import Evaluation, Event, Registration
from consult.extensions import db
from tests.conftest import text_of
from tests.events.test_impact import PAST, attendee
from tests.html import page_of

GOOD = {"overall": "5", "usefulness": "4", "organisation": "3",
        "liked": "Konkretne przykłady", "improve": ""}


def evaluation_link(message) -> str:
    return re.search(r"https?://\S+(/registrations/[\w-]+/evaluation)", text_of(message)).group(1)


def fresh(registration) -> Registration:
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def test_thank_you_goes_to_attendees_once_with_the_evaluation_link(
    client, login_as, event_factory, mailbox
):
    event = event_factory(starts_in=PAST)
    maria = attendee(event, "maria@example.org", full_name="Maria Łęcka")
    attendee(event, "absent@example.org", days=0)
    login_as("staff")

    response = client.post(f"/manage/events/{event.id}/thank-you")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/events/{event.id}/evaluation")
    assert [m["To"] for m in mailbox.messages] == ["maria@example.org"]
    message = mailbox.last_to("maria@example.org")
    assert evaluation_link(message) == f"/registrations/{maria.token}/evaluation"
    assert "Maria Łęcka" in text_of(message)
    assert fresh(maria).thanked_at is not None
    assert db.session.get(Event, event.id).thank_you_sent_at is not None

    mailbox.clear()
    client.post(f"/manage/events/{event.id}/thank-you")
    assert mailbox.messages == []  # nobody twice
    late = attendee(event, "late@example.org")  # checked in later by staff
    client.post(f"/manage/events/{event.id}/thank-you")
    assert [m["To"] for m in mailbox.messages] == ["late@example.org"]
    assert fresh(late).thanked_at is not None


def test_no_thank_you_before_the_event_is_over(client, login_as, event_factory, mailbox):
    event = event_factory(starts_in=timedelta(hours=-1), duration=timedelta(hours=3))
    registration = attendee(event, "maria@example.org")
    login_as("staff")
    client.set_cookie(LANGUAGE_COOKIE, "en")
    response = client.post(f"/manage/events/{event.id}/thank-you", follow_redirects=True)
    assert "once the event is over" in page_of(response).content
    assert mailbox.messages == []
    assert fresh(registration).thanked_at is None


def test_thank_you_is_a_staff_action(client, login_as, event_factory, mailbox):
    event = event_factory(starts_in=PAST)
    attendee(event, "maria@example.org")
    assert client.post(f"/manage/events/{event.id}/thank-you").status_code == 302
    login_as("user")
    assert client.post(f"/manage/events/{event.id}/thank-you").status_code == 403
    assert client.get(f"/manage/events/{event.id}/thank-you").status_code == 405
    assert mailbox.messages == []


def test_attendee_evaluates_once_and_the_answer_is_not_linked(client, event_factory):
    event = event_factory(starts_in=PAST)
    registration = attendee(event, "maria@example.org", full_name="Maria Łęcka")
    url = f"/registrations/{registration.token}/evaluation"
    client.set_cookie(LANGUAGE_COOKIE, "en")

    response = client.get(url)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response.headers["Cache-Control"]
    page = page_of(response)
    legends = [page.text(e) for e in page.elements if e["tag"] == "legend"]
    assert len(legends) == 3
    radios = [e for e in page.elements if e["attrs"].get("name") == "overall"]
    assert [r["attrs"]["value"] for r in radios] == ["1", "2", "3", "4", "5"]
    assert all(r["attrs"]["type"] == "radio" for r in radios)

    response = client.post(url, data=GOOD)
    assert response.status_code == 302
    evaluation = db.session.scalar(select(Evaluation))
    answers = {a.question.key: a.rating or a.text for a in evaluation.answers}
    assert answers == {"overall": 5, "usefulness": 4, "organisation": 3,
                       "liked": "Konkretne przykłady"}  # an empty answer is not stored
    assert isinstance(evaluation.created_on, date)
    assert {fk.column.table.name for fk in Evaluation.__table__.foreign_keys} == {"events"}
    assert fresh(registration).evaluated_at is not None

    again = page_of(client.post(url, data={**GOOD, "overall": "1"}))
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 1
    assert "already been submitted" in again.text_by_id("evaluation-state")
    page = page_of(client.get(url))
    assert "already been submitted" in page.text_by_id("evaluation-state")
    assert not [e for e in page.elements if e["attrs"].get("name") == "overall"]


def test_missing_rating_is_shown_next_to_the_question(client, event_factory):
    event = event_factory(starts_in=PAST)
    registration = attendee(event, "maria@example.org")
    response = client.post(f"/registrations/{registration.token}/evaluation",
                           data={**GOOD, "usefulness": "", "liked": "Dobre"})
    page = page_of(response)
    assert response.status_code == 200
    assert page.by_id("usefulness-error") is not None
    assert page.text_by_id("liked") == "Dobre"  # what was typed stays
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 0
    assert fresh(registration).evaluated_at is None


def test_only_attendees_of_a_past_event_may_evaluate(client, event_factory):
    client.set_cookie(LANGUAGE_COOKIE, "en")
    past = event_factory(title="Minione", starts_in=PAST)
    absent = attendee(past, "absent@example.org", days=0)
    upcoming = event_factory(title="Przyszłe")
    early = attendee(upcoming, "early@example.org")

    for registration, words in ((absent, "no record of your attendance"),
                                (early, "opens when the event is over")):
        url = f"/registrations/{registration.token}/evaluation"
        assert words in page_of(client.get(url)).text_by_id("evaluation-state")
        client.post(url, data=GOOD)
        assert fresh(registration).evaluated_at is None
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 0
    assert client.get("/registrations/no-such-token/evaluation").status_code == 404


def test_staff_see_averages_distribution_and_comments_without_names(
    client, login_as, event_factory
):
    event = event_factory(starts_in=PAST)
    ratings = [("5", "Świetni trenerzy", "Więcej przerw"), ("4", "Materiały", ""),
               ("4", "", "")]
    for n, (overall, liked, improve) in enumerate(ratings):
        registration = attendee(event, f"person{n}@example.org", full_name=f"Osoba Nr{n}")
        client.post(f"/registrations/{registration.token}/evaluation",
                    data={**GOOD, "overall": overall, "liked": liked, "improve": improve})
    login_as("staff")
    response = client.get(f"/manage/events/{event.id}/evaluation")
    page = page_of(response)
    assert page.text_by_id("evaluation-responses").startswith("3")
    overall_row = page.table_rows()[0]
    assert overall_row[0].replace(",", ".") == "4.33"
    assert overall_row[1:] == ["0", "0", "0", "2", "1"]  # ratings 1 … 5
    assert page.text_by_id("evaluation-liked") == "Materiały Świetni trenerzy"
    assert page.text_by_id("evaluation-improve") == "Więcej przerw"
    body = response.get_data(as_text=True)
    assert "Osoba Nr" not in body and "@example.org" not in body


def test_a_room_of_30_participants_evaluates_at_the_end_of_the_training(
    event_factory, make_app
):
    """Issue 18, same class as finding 5: the evaluation was limited to 10 a minute per
    network address, so the 11th person in the training room got "too many requests"."""
    from consult.extensions import limiter

    event = event_factory(starts_in=PAST)
    tokens = [attendee(event, f"osoba{n}@example.org").token for n in range(30)]
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        limiter.reset()
        statuses = [app.test_client().post(
            f"/registrations/{token}/evaluation", data=GOOD,
            environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code for token in tokens]
    assert statuses == [302] * 30
    assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 30
