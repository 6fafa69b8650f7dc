"""The cooperation monitor's record: what each JST of the region did in the cycle of its
programme of cooperation with NGOs, year by year, each value with its source.

A record is never edited: a correction is a new record of the same step, and the latest
one is the current value (``queries.current_records``). So every value keeps who entered
it, when and from which source (a BIP link or a document), and the history is the list of
records (UDPP art. 5a: the programme adopted by 30 November of the year before, the report
on its execution published by 31 May of the year after; DOMAIN.md, "Watching the cycle").
"""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import UTCDateTime
from consult.core.timeutil import utcnow
from consult.extensions import db


class Step(StrEnum):
    """What is recorded. The first three belong to a programme's year; the others are facts
    about the JST that hold from a date (``year`` is None)."""

    CONSULTED_ELSEWHERE = "consulted"  # the draft consulted outside this platform
    ADOPTED = "adopted"  # the annual programme adopted by the council
    REPORT_PUBLISHED = "report"  # the report on its execution published in BIP
    CONSULTATION_RULES = "consultation_rules"  # art. 5 ust. 5 resolution
    BENEFIT_COUNCIL = "benefit_council"  # rada działalności pożytku publicznego, art. 41a
    MULTIANNUAL = "multiannual"  # a multi-annual programme (art. 5a ust. 2)


YEAR_STEPS = (Step.CONSULTED_ELSEWHERE, Step.ADOPTED, Step.REPORT_PUBLISHED)
JST_STEPS = (Step.CONSULTATION_RULES, Step.BENEFIT_COUNCIL, Step.MULTIANNUAL)

STEP_LABELS = {
    Step.CONSULTED_ELSEWHERE: _l("Draft consulted outside this platform"),
    Step.ADOPTED: _l("Programme adopted"),
    Step.REPORT_PUBLISHED: _l("Report on its execution published"),
    Step.CONSULTATION_RULES: _l("Resolution on the detailed way of consulting"),
    Step.BENEFIT_COUNCIL: _l("Council for public benefit"),
    Step.MULTIANNUAL: _l("Multi-annual programme of cooperation"),
}


class Timeliness(StrEnum):
    """Where a step of a programme's cycle stands (``services.timeliness``)."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # the deadline has passed and nothing is recorded
    NOT_DUE = "not_due"  # nothing recorded, and the deadline is still ahead


TIMELINESS_LABELS = {
    Timeliness.ON_TIME: _l("on time"),
    Timeliness.LATE: _l("late"),
    Timeliness.MISSING: _l("missing"),
    Timeliness.NOT_DUE: _l("not due yet"),
}


class CycleRecord(db.Model):
    """One value of the record, as someone entered it: for a JST, a year (None for the
    JST's standing facts) and a step, the date it happened on, the resolution's number,
    the source and a note; ``withdrawn``: the step did not happen after all (a resolution
    annulled, a wrong entry), so the current value is "nothing"."""

    __tablename__ = "cooperation_records"
    __table_args__ = (
        Index("ix_cooperation_records_current", "institution_id", "step", "year", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"))
    year: Mapped[int | None]
    step: Mapped[str] = mapped_column(String(30))
    happened_on: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(100), default="")  # e.g. "XII/85/2025"
    source_url: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    withdrawn: Mapped[bool] = mapped_column(default=False)
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    institution = relationship("Institution")
    entered_by = relationship("User")
