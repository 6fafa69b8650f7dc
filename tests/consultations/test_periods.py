"""Consultation periods: the minimum the legal basis sets, shortening a running consultation
(a confirmation step, a public reason, never into the past) and lengthening it (public,
no confirmation); followers are told either way."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from consult.consultations import services
from consult.consultations.models import Consultation, PeriodChange, Subscription
from consult.consultations.periods import period_days
from consult.core.timeutil import to_local, utcnow
from consult.extensions import db
from tests.conftest import text_of
from tests.html import page_of

from .test_manage import NEW_CONSULTATION

FOLLOWER = "obserwatorka@example.org"
REASON = "Rada Gminy zbiera się wcześniej, 10 listopada."


@pytest.fixture
def running(consultation_factory):
    """An open consultation (from yesterday to the end of the day a week from now, as
    typed into the form) with a confirmed follower."""
    consultation = consultation_factory()
    services.set_period(consultation, today() - timedelta(days=1), None,
                        today() + timedelta(days=7), None)
    db.session.add(Subscription(email=FOLLOWER, token="f" * 43, locale="pl",
                                consultation_id=consultation.id, confirmed_at=utcnow()))
    db.session.commit()
    return consultation


def today() -> date:
    return to_local(utcnow()).date()


def edit_data(consultation, **changes) -> dict:
    """The edit form as staff send it: the consultation as it is, with ``changes``."""
    return {**NEW_CONSULTATION, "institution_id": str(consultation.institution_id),
            "title": consultation.title,
            "opens_on": services.opens_on(consultation).isoformat(),
            "closes_on": services.closes_on(consultation).isoformat(), **changes}


def edit_url(consultation) -> str:
    return f"/manage/consultations/{consultation.id}/edit"


def test_days_are_counted_as_local_calendar_days_both_ends_included():
    assert period_days(date(2026, 10, 1), date(2026, 10, 7)) == 7
    # Across the autumn clock change (25 October 2026 has 25 hours): still 7 days.
    assert period_days(date(2026, 10, 20), date(2026, 10, 26)) == 7
    assert period_days(date(2026, 10, 1), date(2026, 10, 1)) == 1


def test_shortening_a_running_consultation_asks_for_a_reason_then_a_confirmation(
        client, staff, running, mailbox):
    before = running.last_moment
    new_last_day = today() + timedelta(days=2)
    data = edit_data(running, closes_on=new_last_day.isoformat(),
                     summary="Poprawione streszczenie.")

    response = client.post(edit_url(running), data=data)
    page = page_of(response)
    assert response.status_code == 200
    assert "Give the reason for shortening the consultation" in page.content
    assert page.by_id("period-confirmation") is None

    response = client.post(edit_url(running), data={**data, "period_reason": REASON})
    page = page_of(response)
    assert response.status_code == 200
    confirmation = page.text_by_id("period-confirmation")
    assert "you are shortening it" in confirmation and REASON in confirmation
    # The period is now 4 days (yesterday to the new last day): below the platform's 7.
    assert "The period is 4 days, shorter than the minimum of 7 days" in confirmation
    # Everything typed is still in the form; nothing is saved yet.
    assert page.value_of("closes_on") == new_last_day.isoformat()
    assert page.text_by_id("summary") == "Poprawione streszczenie."
    db.session.expire_all()
    assert running.last_moment == before
    assert mailbox.to(FOLLOWER) == []

    response = client.post(edit_url(running), data={**data, "period_reason": REASON,
                                                     "confirm_period": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert services.closes_on(running) == new_last_day
    change = db.session.scalar(select(PeriodChange))
    assert change.reason == REASON and change.changed_by_id == staff.id
    assert change.previous_deadline == before and change.is_shortening

    client.post("/language", data={"language": "en", "next": "/"})
    client.get("/logout")
    public = page_of(client.get(f"/consultations/{running.slug}/")).text_by_id("deadline")
    assert "Shortened on" in public and REASON in public

    message = mailbox.last_to(FOLLOWER)
    assert message["Subject"].startswith("Skrócono termin konsultacji: Program współpracy")
    assert REASON in text_of(message)


def test_an_open_consultation_cannot_close_in_the_past(client, staff, running):
    yesterday = (today() - timedelta(days=1)).isoformat()
    response = client.post(edit_url(running), data=edit_data(
        running, closes_on=yesterday, period_reason=REASON, confirm_period="y"))
    assert response.status_code == 200
    assert "it cannot close in the past" in page_of(response).content
    db.session.expire_all()
    assert services.closes_on(running) > today()
    assert db.session.scalar(select(PeriodChange)) is None


def test_lengthening_needs_no_confirmation_and_is_shown_publicly(
        client, staff, running, mailbox):
    new_last_day = services.closes_on(running) + timedelta(days=7)
    response = client.post(edit_url(running), data=edit_data(
        running, closes_on=new_last_day.isoformat()))
    assert response.status_code == 302
    db.session.expire_all()
    assert services.closes_on(running) == new_last_day
    change = db.session.scalar(select(PeriodChange))
    assert not change.is_shortening and change.reason == ""

    client.get("/logout")
    client.post("/language", data={"language": "en", "next": "/"})
    public = page_of(client.get(f"/consultations/{running.slug}/")).text_by_id("deadline")
    assert "Extended on" in public
    assert text_of(mailbox.last_to(FOLLOWER)).count(str(new_last_day.day)) >= 1


def test_changing_other_fields_of_a_running_consultation_records_no_change(
        client, staff, running, mailbox):
    response = client.post(edit_url(running), data=edit_data(running, summary="Nowe."))
    assert response.status_code == 302
    assert db.session.scalar(select(PeriodChange)) is None
    assert mailbox.to(FOLLOWER) == []


def test_a_new_consultation_shorter_than_the_minimum_warns_first(
        client, staff, institution_factory):
    plonsk = institution_factory()
    data = {**NEW_CONSULTATION, "institution_id": str(plonsk.id), "closes_on": "2026-10-05"}
    response = client.post("/manage/consultations/new", data=data)
    assert response.status_code == 200
    assert "The period is 5 days, shorter than the minimum of 7 days" in \
        page_of(response).text_by_id("period-confirmation")
    assert db.session.scalar(select(Consultation)) is None

    response = client.post("/manage/consultations/new", data={**data, "confirm_period": "y"})
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    overview = page_of(client.get(response.headers["Location"]))
    assert "The period is 5 days, shorter than the minimum" in \
        overview.text_by_id("announcement-warnings")
    assert consultation.min_period_days is None


def test_a_consultation_sets_its_own_minimum(client, staff, institution_factory):
    plonsk = institution_factory()
    data = {**NEW_CONSULTATION, "institution_id": str(plonsk.id), "min_period_days": "21"}
    response = client.post("/manage/consultations/new", data=data)  # 14 days
    assert "shorter than the minimum of 21 days" in \
        page_of(response).text_by_id("period-confirmation")
    response = client.post("/manage/consultations/new", data={**data, "min_period_days": "14"})
    assert response.status_code == 302
    assert db.session.scalar(select(Consultation)).min_period_days == 14


def test_the_site_minimum_is_a_setting(app, client, staff, institution_factory):
    app.config["CONSULT_MIN_CONSULTATION_DAYS"] = 21
    plonsk = institution_factory()
    page = page_of(client.get("/manage/consultations/new"))
    assert "Leave empty for the platform's 21 days." in page.content
    response = client.post("/manage/consultations/new", data={
        **NEW_CONSULTATION, "institution_id": str(plonsk.id)})
    assert "shorter than the minimum of 21 days" in \
        page_of(response).text_by_id("period-confirmation")
