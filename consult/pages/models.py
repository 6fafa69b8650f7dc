"""The accessibility statement (deklaracja dostępności), editable by staff."""

from datetime import date
from enum import StrEnum

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.models import TimestampMixin
from consult.extensions import db


class Compliance(StrEnum):
    """How far the site meets the act on digital accessibility (stored as its value)."""

    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"


class AccessibilityStatement(TimestampMixin, db.Model):
    """One row: the statutory content of the ustawa o dostępności cyfrowej (2019).

    Reviewed every year by 31 March; the page uses the official template's element ids.
    """

    __tablename__ = "accessibility_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_name: Mapped[str] = mapped_column(String(300))
    published_on: Mapped[date] = mapped_column(Date)
    updated_on: Mapped[date] = mapped_column(Date)
    compliance: Mapped[str] = mapped_column(String(10), default=Compliance.PARTIAL)
    non_accessible_content: Mapped[str] = mapped_column(Text, default="")
    prepared_on: Mapped[date] = mapped_column(Date)
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    assessment_method: Mapped[str] = mapped_column(Text, default="")
    keyboard_shortcuts: Mapped[str] = mapped_column(Text, default="")
    contact_person: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(320))
    contact_phone: Mapped[str] = mapped_column(String(40))
    architectural_accessibility: Mapped[str] = mapped_column(Text, default="")
    mobile_apps: Mapped[str] = mapped_column(Text, default="")
