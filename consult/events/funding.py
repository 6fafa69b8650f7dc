"""Funding projects: the grant-funded project an event belongs to, whose notice and logos
go on the event's pages and documents (the attendance list among them) and whose grant
agreement says how long participants' data is kept (retention.py). Staff manage them
beside the events (editing.py); the impact figures count by them (impact.py).
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, LargeBinary, Numeric, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import TimestampMixin, UTCDateTime
from consult.core.timeutil import utcnow
from consult.extensions import db

# Empty rows of an attendance list when its funding project does not set another number.
DEFAULT_BLANK_ROWS = 5


class FundingProject(TimestampMixin, db.Model):
    """A grant-funded project: its notice goes on every page and document of its events.

    Grant agreements say how long participants' data must be kept (e.g. five years after
    the project ends); after ``retention_until`` it is removed and only counts remain.
    """

    __tablename__ = "funding_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    funder: Mapped[str] = mapped_column(String(300), default="")
    notice: Mapped[str] = mapped_column(Text, default="")
    notice_en: Mapped[str] = mapped_column(Text, default="")  # for readers in English
    retention_until: Mapped[date | None] = mapped_column(Date)
    # Rows left empty at the end of an attendance list, for people who come unregistered.
    blank_rows: Mapped[int] = mapped_column(default=DEFAULT_BLANK_ROWS)

    # The public page /projects/<slug>/ (consult/projects), shown once ``published``.
    slug: Mapped[str | None] = mapped_column(String(100), unique=True)
    published: Mapped[bool] = mapped_column(default=False)
    programme: Mapped[str] = mapped_column(String(300), default="")
    agreement_number: Mapped[str] = mapped_column(String(100), default="")  # the grant's
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    target_groups: Mapped[str] = mapped_column(Text, default="")
    reach: Mapped[str] = mapped_column(Text, default="")  # what the project promised to reach
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    total_cost: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    grant_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="PLN")

    logos: Mapped[list["FundingProjectLogo"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="FundingProjectLogo.id"
    )
    partners: Mapped[list["ProjectPartner"]] = relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectPartner.id"
    )

    def notice_for(self, language: str) -> str:
        """The notice for readers of ``language``: the English one when it is given,
        the Polish one otherwise."""
        if language == "en" and self.notice_en.strip():
            return self.notice_en.strip()
        return self.notice.strip()


class FundingProjectLogo(db.Model):
    """A logo the funder requires on documents (the attendance list's top), PNG or JPEG,
    kept in the database so every server has it."""

    __tablename__ = "funding_project_logos"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("funding_projects.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(String(20))
    # What the logo shows, for those who cannot see it ("Fundusze EOG"): the project's page.
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[FundingProject] = relationship(back_populates="logos")


class ProjectPartner(db.Model):
    """A partner of a project as its page names it; linked to the register's organisation
    or to the JST when it is one (their pages are then linked)."""

    __tablename__ = "project_partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("funding_projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institutions.id", ondelete="SET NULL"), index=True)

    project: Mapped[FundingProject] = relationship(back_populates="partners")
    organisation: Mapped["Organisation | None"] = relationship()  # noqa: F821
    institution: Mapped["Institution | None"] = relationship()  # noqa: F821


def project_choices() -> list[tuple[int, str]]:
    """Every funding project as (id, name), by name: the choices of a form's select."""
    return list(db.session.execute(select(FundingProject.id, FundingProject.name)
                                   .order_by(FundingProject.name, FundingProject.id)).all())
