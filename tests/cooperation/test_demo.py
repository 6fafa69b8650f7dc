"""The monitor's part of `flask seed-demo`: 40+ JST of mazowieckie over the last three
programme years, with every kind of outcome, entered by the demo staff member, and nothing
added on a second run."""

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from consult.cooperation import cycle, queries
from consult.cooperation.demo import STAFF_EMAIL, _programme_years, resolution_number
from consult.cooperation.models import CycleRecord, Step, Timeliness
from consult.cooperation.services import warsaw_today
from consult.demo import seed_demo
from consult.extensions import db


def test_the_demo_record(app):
    seed_demo()
    records = db.session.scalars(select(CycleRecord)).all()
    count = len(records)
    today = warsaw_today()
    years = _programme_years(today)

    assert len({record.institution_id for record in records}) >= 40
    assert {record.year for record in records} == {*years, None}
    assert {record.entered_by.email for record in records} == {STAFF_EMAIL}
    assert all(record.source_url.startswith("https://bip.example.gov.pl/")
               for record in records if not record.withdrawn)
    assert all(record.happened_on is None or record.happened_on <= today
               for record in records)
    assert {Step(record.step) for record in records} == set(Step)
    assert any(record.withdrawn for record in records)

    units = queries.monitored_institutions("14")
    kinds = {unit.kind for record in records for unit in units
             if unit.id == record.institution_id}
    assert len(kinds) == 6  # the województwo, powiats, cities, all three kinds of gmina
    adoption = Counter()
    reporting = Counter()
    for year in years:
        rows = [row for row in cycle.cycle_rows(units, year)
                if row.adopted or row.consulted or row.report]
        adoption.update(row.adoption for row in rows)
        reporting.update(row.reporting for row in rows)
    assert adoption[Timeliness.ON_TIME] > adoption[Timeliness.LATE] > 0
    assert reporting[Timeliness.ON_TIME] and reporting[Timeliness.LATE]

    seed_demo()
    assert db.session.scalar(select(func.count()).select_from(CycleRecord)) == count


def test_resolution_numbers_look_like_a_councils():
    assert resolution_number(date(2025, 11, 27), 0) == "XIX/133/2025"
