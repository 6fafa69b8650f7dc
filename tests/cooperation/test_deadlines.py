"""The monitor's rules: on time across the 30 November and 31 May boundaries (calendar days
in Poland: "today" is the day in Europe/Warsaw, in winter and in summer time), what a
record must hold, and who may record for which JST."""

from datetime import UTC, date, datetime

import pytest
from flask_login import AnonymousUserMixin
from freezegun import freeze_time

from consult.auth.models import MANAGER, STAFF, USER
from consult.cooperation.cycle import cycle_rows
from consult.cooperation.models import CycleRecord, Step, Timeliness
from consult.cooperation.services import (
    CooperationError,
    Entry,
    adoption_deadline,
    check,
    may_record,
    record,
    report_deadline,
    timeliness,
    warsaw_today,
)
from consult.extensions import db
from consult.institutions.models import RURAL_GMINA

SOURCE = "https://bip.example.gov.pl/plonsk/uchwaly/2026/xxxi-217-2026"
FAR_LATER = date(2030, 1, 1)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- the deadlines ------------------------------------------------------------------------


def test_the_statutory_days():
    assert adoption_deadline(2027) == date(2026, 11, 30)
    assert report_deadline(2026) == date(2027, 5, 31)


@pytest.mark.parametrize(("adopted_on", "expected"), [
    (date(2026, 10, 15), Timeliness.ON_TIME),
    (date(2026, 11, 30), Timeliness.ON_TIME),
    (date(2026, 12, 1), Timeliness.LATE),
    (date(2027, 3, 1), Timeliness.LATE),
])
def test_a_programme_for_2027_is_on_time_until_30_november_2026(adopted_on, expected):
    assert timeliness(adopted_on, adoption_deadline(2027), FAR_LATER) == expected
    # Once it is recorded, the day it is looked at does not matter.
    assert timeliness(adopted_on, adoption_deadline(2027), date(2026, 12, 1)) == expected


@pytest.mark.parametrize(("published_on", "expected"), [
    (date(2027, 1, 20), Timeliness.ON_TIME),
    (date(2027, 5, 31), Timeliness.ON_TIME),
    (date(2027, 6, 1), Timeliness.LATE),
])
def test_the_report_for_2026_is_on_time_until_31_may_2027(published_on, expected):
    assert timeliness(published_on, report_deadline(2026), FAR_LATER) == expected


@pytest.mark.parametrize(("now", "warsaw_day"), [
    # Winter (CET, UTC+1): 30 November ends at 23:00 UTC.
    ("2026-11-30T22:30:00", date(2026, 11, 30)),  # 23:30 on 30 November in Warsaw
    ("2026-11-30T22:59:59", date(2026, 11, 30)),
    ("2026-11-30T23:00:00", date(2026, 12, 1)),  # midnight in Warsaw
    ("2026-11-30T23:30:00", date(2026, 12, 1)),  # still 30 November in UTC
    # Summer (CEST, UTC+2): 31 May ends at 22:00 UTC.
    ("2027-05-31T21:30:00", date(2027, 5, 31)),
    ("2027-05-31T21:59:59", date(2027, 5, 31)),
    ("2027-05-31T22:00:00", date(2027, 6, 1)),
    ("2027-05-31T22:30:00", date(2027, 6, 1)),
])
def test_today_is_the_day_in_warsaw(app, now, warsaw_day):
    assert warsaw_today(utc(now)) == warsaw_day
    with freeze_time(utc(now)):
        assert warsaw_today() == warsaw_day


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-11-30T22:30:00", Timeliness.NOT_DUE),  # 23:30 on 30 November in Warsaw
    ("2026-11-30T23:30:00", Timeliness.MISSING),  # 00:30 on 1 December in Warsaw
])
def test_an_unrecorded_programme_is_missing_from_1_december_in_warsaw(app, now, expected):
    today = warsaw_today(utc(now))
    assert timeliness(None, adoption_deadline(2027), today) == expected


@pytest.mark.parametrize(("now", "expected"), [
    ("2027-05-31T21:30:00", Timeliness.NOT_DUE),  # 23:30 on 31 May (summer time)
    ("2027-05-31T22:30:00", Timeliness.MISSING),  # 00:30 on 1 June
])
def test_an_unrecorded_report_is_missing_from_1_june_in_warsaw(app, now, expected):
    today = warsaw_today(utc(now))
    assert timeliness(None, report_deadline(2026), today) == expected


@pytest.mark.parametrize(("now", "adoption", "reporting"), [
    ("2026-11-30T22:30:00", Timeliness.NOT_DUE, Timeliness.NOT_DUE),
    ("2026-11-30T23:30:00", Timeliness.MISSING, Timeliness.NOT_DUE),
    ("2028-05-31T21:30:00", Timeliness.MISSING, Timeliness.NOT_DUE),
    ("2028-05-31T22:30:00", Timeliness.MISSING, Timeliness.MISSING),
])
def test_the_cycle_of_a_jst_follows_the_clock_in_warsaw(app, institution_factory, now,
                                                       adoption, reporting):
    """cycle_rows with the clock stopped: nothing recorded for 2027, so the steps go from
    not due to missing at midnight in Warsaw, not in UTC."""
    plonsk = institution_factory()
    with freeze_time(utc(now)):
        [row] = cycle_rows([plonsk], 2027)
    assert (row.adoption, row.reporting) == (adoption, reporting)


def test_recorded_steps_are_judged_by_their_own_day(app, institution_factory, user_factory):
    plonsk = institution_factory()
    staff = user_factory(role=STAFF)
    with freeze_time("2028-06-02 12:00"):
        record(plonsk, Entry(step=Step.ADOPTED, year=2027, happened_on=date(2026, 11, 30),
                             source_url=SOURCE), by=staff)
        record(plonsk, Entry(step=Step.REPORT_PUBLISHED, year=2027,
                             happened_on=date(2028, 6, 1), source_url=SOURCE), by=staff)
    db.session.commit()
    [row] = cycle_rows([plonsk], 2027, today=date(2028, 6, 2))
    assert (row.adoption, row.reporting) == (Timeliness.ON_TIME, Timeliness.LATE)


# --- what a record must hold ----------------------------------------------------------------


def entry(step=Step.ADOPTED, year=2027, happened_on=date(2026, 11, 20), **fields) -> Entry:
    return Entry(step=step, year=year, happened_on=happened_on,
                 source_url=fields.pop("source_url", SOURCE), **fields)


@pytest.mark.parametrize("step", [Step.CONSULTED_ELSEWHERE, Step.ADOPTED,
                                  Step.REPORT_PUBLISHED])
def test_a_year_step_needs_a_year(app, step):
    with pytest.raises(CooperationError) as refused:
        check(entry(step=step, year=None))
    assert refused.value.field == "year"
    check(entry(step=step))


@pytest.mark.parametrize("step", [Step.CONSULTATION_RULES, Step.BENEFIT_COUNCIL,
                                  Step.MULTIANNUAL])
def test_a_standing_fact_has_no_year(app, step):
    with pytest.raises(CooperationError) as refused:
        check(entry(step=step, year=2027))
    assert refused.value.field == "year"
    check(entry(step=step, year=None))


def test_a_withdrawal_needs_a_note_and_nothing_else(app):
    with pytest.raises(CooperationError) as refused:
        check(entry(withdrawn=True, note="  ", happened_on=None, source_url=""))
    assert refused.value.field == "note"
    check(entry(withdrawn=True, note="Uchwała unieważniona przez wojewodę.",
                happened_on=None, source_url=""))


def test_a_date_is_needed_except_for_the_council(app):
    with pytest.raises(CooperationError) as refused:
        check(entry(happened_on=None))
    assert refused.value.field == "happened_on"
    check(entry(step=Step.BENEFIT_COUNCIL, year=None, happened_on=None))


@pytest.mark.parametrize("source", [
    "", "bip.example.gov.pl/uchwala", "ftp://bip.example.gov.pl/uchwala.pdf",
    "javascript:alert(1)", "https://", "mailto:bip@example.gov.pl",
])
def test_the_source_must_be_a_web_address(app, source):
    with pytest.raises(CooperationError) as refused:
        check(entry(source_url=source))
    assert refused.value.field == "source_url"


@pytest.mark.parametrize("source", ["https://bip.example.gov.pl/uchwala",
                                    "http://bip.example.gov.pl/uchwala?id=12"])
def test_http_and_https_sources_are_taken(app, source):
    check(entry(source_url=source))


# --- who may record -------------------------------------------------------------------------


@pytest.fixture
def places(institution_factory):
    plonsk = institution_factory()
    raciaz = institution_factory(teryt="1420102", name="Raciąż", kind=RURAL_GMINA)
    return plonsk, raciaz


def test_staff_record_for_any_jst(places, user_factory):
    staff = user_factory(role=STAFF)
    assert all(may_record(staff, place) for place in places)


def test_a_manager_records_for_their_own_jst_only(places, user_factory):
    plonsk, raciaz = places
    manager = user_factory(role=MANAGER, institutions=[plonsk])
    assert may_record(manager, plonsk)
    assert not may_record(manager, raciaz)

    added = record(plonsk, entry(), by=manager)
    db.session.commit()
    assert added.entered_by_id == manager.id
    with pytest.raises(CooperationError):
        record(raciaz, entry(), by=manager)
    db.session.rollback()
    assert db.session.query(CycleRecord).count() == 1


def test_other_people_record_nothing(places, user_factory):
    plonsk, _raciaz = places
    for person in (user_factory(role=USER), AnonymousUserMixin(), None):
        assert not may_record(person, plonsk)
    with pytest.raises(CooperationError):
        record(plonsk, entry(), by=user_factory(role=USER))
