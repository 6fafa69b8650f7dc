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
from flask_babel import lazy_pgettext
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
    # A document as the source, when there is no page to link to (cooperation/documents.py).
    document_filename: Mapped[str] = mapped_column(String(200), default="")
    document_content_type: Mapped[str] = mapped_column(String(100), default="")
    document_size: Mapped[int] = mapped_column(default=0)
    document_data: Mapped[bytes | None] = mapped_column(db.LargeBinary, deferred=True)
    note: Mapped[str] = mapped_column(Text, default="")
    withdrawn: Mapped[bool] = mapped_column(default=False)
    entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    institution = relationship("Institution")
    entered_by = relationship("User")

    @property
    def has_document(self) -> bool:
        return bool(self.document_filename)


# --- interventions ------------------------------------------------------------------------

class InterventionProblem(StrEnum):
    """What the federation wrote to the JST about."""

    PROGRAMME_NOT_ADOPTED = "programme_not_adopted"
    PROGRAMME_LATE = "programme_late"
    REPORT_MISSING = "report_missing"
    CONSULTATION_NOT_HELD = "consultation_not_held"
    CONSULTATION_RULES_BROKEN = "consultation_rules_broken"
    OTHER = "other"


PROBLEM_LABELS = {
    InterventionProblem.PROGRAMME_NOT_ADOPTED: _l("Programme not adopted"),
    InterventionProblem.PROGRAMME_LATE: _l("Programme adopted late"),
    InterventionProblem.REPORT_MISSING: _l("Report on the programme missing"),
    InterventionProblem.CONSULTATION_NOT_HELD: _l("Consultation not held"),
    InterventionProblem.CONSULTATION_RULES_BROKEN: _l("Rules of consultation broken"),
    InterventionProblem.OTHER: _l("Another problem"),
}


class InterventionOutcome(StrEnum):
    """Where the matter stands, as staff judge it; changed only by ``set_outcome``."""

    PENDING = "pending"
    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly_resolved"
    NOT_RESOLVED = "not_resolved"


OUTCOME_LABELS = {
    InterventionOutcome.PENDING: lazy_pgettext("intervention outcome", "pending"),
    InterventionOutcome.RESOLVED: lazy_pgettext("intervention outcome", "resolved"),
    InterventionOutcome.PARTLY_RESOLVED: lazy_pgettext("intervention outcome",
                                                       "partly resolved"),
    InterventionOutcome.NOT_RESOLVED: lazy_pgettext("intervention outcome", "not resolved"),
}


class Intervention(db.Model):
    """A letter or request of the federation to a JST, and what came of it (staff only).

    The letter is kept in the database like an event's materials; ``follow_up_reminded_for``
    is the follow-up date staff were last reminded of (``interventions.send_follow_ups``):
    a new date makes the reminder due again. Only ``public_summary`` is ever shown to the
    public, and only while ``published``."""

    __tablename__ = "cooperation_interventions"

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), index=True)
    sent_on: Mapped[date] = mapped_column(Date, index=True)
    subject: Mapped[str] = mapped_column(String(300))
    problem: Mapped[str] = mapped_column(String(30))
    details: Mapped[str] = mapped_column(Text, default="")
    letter_filename: Mapped[str] = mapped_column(String(200), default="")
    letter_content_type: Mapped[str] = mapped_column(String(100), default="")
    letter_size: Mapped[int] = mapped_column(default=0)
    letter_data: Mapped[bytes | None] = mapped_column(db.LargeBinary, deferred=True)
    reply_on: Mapped[date | None] = mapped_column(Date)
    reply: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(20), default=InterventionOutcome.PENDING)
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_reminded_for: Mapped[date | None] = mapped_column(Date)
    public_summary: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow,
                                                 onupdate=utcnow)

    institution = relationship("Institution")
    created_by = relationship("User")
    changes: Mapped[list["InterventionChange"]] = relationship(
        back_populates="intervention", order_by="InterventionChange.id",
        cascade="all, delete-orphan", passive_deletes=True)

    @property
    def has_letter(self) -> bool:
        return bool(self.letter_filename)

    def set_outcome(self, outcome: "InterventionOutcome", by=None, note: str = "") -> None:
        """The one place the outcome changes; logs the change (and the first outcome)."""
        old = self.outcome  # None: the intervention is being made
        if old == outcome:
            return
        self.outcome = outcome
        self.changes.append(InterventionChange(
            from_outcome=old, to_outcome=outcome, changed_by_id=getattr(by, "id", None),
            note=note))


class InterventionChange(db.Model):
    """One change of an intervention's outcome: when, from what (none when it was made),
    to what, by whom, why."""

    __tablename__ = "cooperation_intervention_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("cooperation_interventions.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    from_outcome: Mapped[str | None] = mapped_column(String(20))
    to_outcome: Mapped[str] = mapped_column(String(20))
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    intervention: Mapped[Intervention] = relationship(back_populates="changes")
    changed_by = relationship("User")


class ProgrammeReminder(db.Model):
    """The claim of one reminder of a deadline of the programme's cycle (issue 22, item 4):
    an address reminded of a step of a JST's programme year. The unique key makes two cron
    runs that meet send it once (``reminders.send_reminders`` inserts the claims with
    ON CONFLICT DO NOTHING and mails only the rows it inserted)."""

    __tablename__ = "cooperation_reminders"
    __table_args__ = (db.UniqueConstraint("institution_id", "year", "step", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"))
    year: Mapped[int]  # the programme's year
    step: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(320))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
