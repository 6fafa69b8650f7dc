"""The close at the end of the last day in Europe/Warsaw, to the second, on ordinary days and
on the days the clocks change (25 and 23 hours long), and at a time staff gave.

The requests run under a frozen clock (freezegun); the app used for them has no mail server,
so no SMTP conversation runs while time stands still.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from consult.consultations import services
from consult.consultations.models import Comment
from consult.extensions import db
from tests.html import page_of

SECOND = timedelta(seconds=1)

# (last day, the first refused instant in UTC = the following local midnight)
LAST_DAYS = [
    pytest.param(date(2026, 11, 30), datetime(2026, 11, 30, 23, 0, tzinfo=UTC), id="winter"),
    pytest.param(date(2026, 7, 15), datetime(2026, 7, 15, 22, 0, tzinfo=UTC), id="summer"),
    # 25 October 2026: 03:00 CEST becomes 02:00 CET, the day has 25 hours.
    pytest.param(date(2026, 10, 25), datetime(2026, 10, 25, 23, 0, tzinfo=UTC), id="25-hour-day"),
    # 29 March 2026: 02:00 CET becomes 03:00 CEST, the day has 23 hours.
    pytest.param(date(2026, 3, 29), datetime(2026, 3, 29, 22, 0, tzinfo=UTC), id="23-hour-day"),
]


@pytest.fixture
def frozen_client(make_app):
    """A client of an app without a mail server (mail stays in the outbox)."""
    client = make_app(MAIL_SERVER=None).test_client()
    client.set_cookie("lang", "en")
    return client


def sign_in(client, user) -> None:
    """Inside the frozen clock: the session cookie is signed at the frozen time."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def ending_on(consultation_factory, last_day: date, closes_time: time | None = None):
    consultation = consultation_factory()
    services.set_period(consultation, last_day - timedelta(days=14), None, last_day, closes_time)
    db.session.commit()
    return consultation


def comments_of(consultation) -> list[Comment]:
    db.session.expire_all()
    return list(db.session.scalars(select(Comment).where(
        Comment.consultation_id == consultation.id)))


@pytest.mark.parametrize(("last_day", "first_refused"), LAST_DAYS)
def test_period_ends_at_local_midnight_after_the_last_day(consultation_factory, user_factory,
                                                          last_day, first_refused):
    consultation = ending_on(consultation_factory, last_day)
    person = user_factory()
    assert consultation.closes_at == first_refused
    assert services.closes_on(consultation) == last_day
    assert services.refusal(consultation, person, first_refused - SECOND) is None
    assert services.refusal(consultation, person, first_refused) is not None
    assert services.refusal(consultation, person, first_refused + SECOND) is not None


@pytest.mark.parametrize(("last_day", "first_refused"), LAST_DAYS)
def test_comment_a_second_before_midnight_is_accepted_a_second_after_refused(
        consultation_factory, user_factory, frozen_client, last_day, first_refused):
    consultation = ending_on(consultation_factory, last_day)
    person = user_factory()
    url = f"/consultations/{consultation.slug}/comments"

    with freeze_time(first_refused - SECOND):
        sign_in(frozen_client, person)
        page = page_of(frozen_client.get(f"/consultations/{consultation.slug}/"))
        deadline = page.text_by_id("deadline")
        assert f"Comments until {last_day.day} {last_day:%B} {last_day.year}, 23:59" in deadline
        assert "Today is the last day." in deadline
        response = frozen_client.post(url, data={
            "section": "", "body": "Tuż przed północą.", "on_behalf": "self"})
        assert response.status_code == 302
    (accepted,) = comments_of(consultation)
    assert accepted.body == "Tuż przed północą."
    assert accepted.submitted_at == first_refused - SECOND

    with freeze_time(first_refused + SECOND):
        sign_in(frozen_client, person)
        response = frozen_client.post(url, data={
            "section": str(consultation.sections[1].id), "body": "Sekundę po północy.",
            "proposed_text": "Mój zapis.", "justification": "Moje uzasadnienie.",
            "on_behalf": "self"})
    assert response.status_code == 409
    page = page_of(response)
    assert "comments are no longer accepted" in page.text_by_id("comment-error")
    assert f"closed on {last_day.day} {last_day:%B} {last_day.year}, 23:59" in page.text_by_id(
        "comment-error")
    # What was typed comes back, not lost.
    assert "Sekundę po północy." in page.content
    assert "Mój zapis." in page.content and "Moje uzasadnienie." in page.content
    assert page.value_of("section") == str(consultation.sections[1].id)
    assert len(comments_of(consultation)) == 1


def test_close_at_a_given_time(consultation_factory, user_factory, frozen_client):
    consultation = ending_on(consultation_factory, date(2026, 10, 25), time(15, 0))
    person = user_factory()
    first_refused = datetime(2026, 10, 25, 14, 0, tzinfo=UTC)  # 15:00 CET, after the change
    assert consultation.closes_at == first_refused and consultation.close_time_given
    assert services.closes_on(consultation) == date(2026, 10, 25)
    url = f"/consultations/{consultation.slug}/comments"

    with freeze_time(first_refused - SECOND):
        sign_in(frozen_client, person)
        page = page_of(frozen_client.get(f"/consultations/{consultation.slug}/"))
        assert "Comments until 25 October 2026, 15:00" in page.text_by_id("deadline")
        assert frozen_client.post(url, data={"body": "O 14:59:59.", "on_behalf": "self",
                                             "section": ""}).status_code == 302
    with freeze_time(first_refused):
        sign_in(frozen_client, person)
        response = frozen_client.post(url, data={"body": "O 15:00:00.", "on_behalf": "self",
                                                 "section": ""})
    assert response.status_code == 409
    assert "O 15:00:00." in page_of(response).content
    assert [c.body for c in comments_of(consultation)] == ["O 14:59:59."]


def test_before_the_opening_the_form_says_when_it_opens(consultation_factory, user_factory,
                                                        frozen_client):
    consultation = ending_on(consultation_factory, date(2026, 11, 30))
    person = user_factory()
    opens = consultation.opens_at
    with freeze_time(opens - SECOND):
        sign_in(frozen_client, person)
        response = frozen_client.post(f"/consultations/{consultation.slug}/comments", data={
            "body": "Za wcześnie.", "on_behalf": "self", "section": ""})
    assert response.status_code == 409
    page = page_of(response)
    assert "Comments are accepted from" in page.content and "Za wcześnie." in page.content
    with freeze_time(opens):
        sign_in(frozen_client, person)
        assert frozen_client.post(f"/consultations/{consultation.slug}/comments", data={
            "body": "W samą porę.", "on_behalf": "self", "section": ""}).status_code == 302
