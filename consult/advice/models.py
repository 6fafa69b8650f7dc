"""Individual advice (*doradztwo*): the federation's staff log each session of advice they
give an organisation or a JST, so its hours count in the impact figures and the funders'
reports next to the hours of trainings (DOMAIN.md, "Projects and their counters").

The day is the Warsaw calendar day the advice was given and ``start_time`` the wall-clock
time in Warsaw on that day: a fact logged after the event, not a moment to convert, so both
are stored as local values (a time of day without its date has no UTC offset).
"""

from datetime import date, datetime, time
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from consult.core.models import UTCDateTime
from consult.core.text import search_key
from consult.core.timeutil import utcnow
from consult.extensions import db


class TopicCategory(StrEnum):
    STATUTE = "statute"
    FINANCE = "finance"
    GRANTS = "grants"
    LOCAL_GOVERNMENT = "local_government"
    CONSULTATIONS = "consultations"
    DATA_PROTECTION = "data_protection"
    OTHER = "other"


CATEGORY_LABELS = {
    TopicCategory.STATUTE: _l("Statute and registration"),
    TopicCategory.FINANCE: _l("Finance and accounting"),
    TopicCategory.GRANTS: _l("Grants and calls for proposals"),
    TopicCategory.LOCAL_GOVERNMENT: _l("Cooperation with local government"),
    TopicCategory.CONSULTATIONS: _l("Public consultations"),
    TopicCategory.DATA_PROTECTION: _l("Data protection (GDPR)"),
    TopicCategory.OTHER: _l("Other"),
}


class AdviceForm(StrEnum):
    """How the advice was given."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    ONLINE = "online"


FORM_LABELS = {
    AdviceForm.IN_PERSON: _l("In person"),
    AdviceForm.PHONE: _l("By phone"),
    AdviceForm.ONLINE: _l("Online"),
}


class AdviceSession(db.Model):
    """One session of advice: who was advised (a registered organisation, a JST, or a name
    typed when neither is in the register — at least one), on what, how long, by whom and
    within which funding project. ``person_name`` (optional) is the advised person's name,
    kept for the funder's report; ``notes`` are for staff only."""

    __tablename__ = "advice_sessions"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes_positive"),
        Index("ix_advice_sessions_held_on_id", "held_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column()
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True)
    advised_name: Mapped[str] = mapped_column(String(300), default="")
    advised_search: Mapped[str] = mapped_column(String(300), default="")
    person_name: Mapped[str] = mapped_column(String(200), default="")
    topic: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(30))
    form: Mapped[str] = mapped_column(String(20))
    advisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    funding_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("funding_projects.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation = relationship("Organisation")
    institution = relationship("Institution")
    advisor = relationship("User", foreign_keys=[advisor_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    funding_project = relationship("FundingProject")

    @validates("advised_name")
    def _index_name(self, _key, value):
        self.advised_search = search_key(value)
        return value

    @property
    def advised(self) -> str:
        """Who was advised, as the list shows it: the organisation, the JST, or the name."""
        parts = [self.organisation.name if self.organisation else "",
                 self.institution.name if self.institution else "",
                 self.advised_name]
        return " · ".join(part for part in parts if part)


def duration_text(minutes: int) -> str:
    """Minutes as hours and minutes: "2 h 45 min"."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)d min", minutes=rest)
    if not rest:
        return _("%(hours)d h", hours=hours)
    return _("%(hours)d h %(minutes)d min", hours=hours, minutes=rest)
