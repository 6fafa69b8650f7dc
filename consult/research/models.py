"""The quality-of-cooperation survey (a local diagnosis modelled on the Lokalny Indeks
Jakości Współpracy): a diagnosis of one JST in one year, its respondent groups, its
questionnaire of indicators grouped in areas, the invitations sent, and the answers.

Anonymity is a property of this schema: no column of ``research_responses`` or
``research_answers`` refers to an invitation, a user or an e-mail address. A personal link
finds its unfinished response only through ``SurveyResponse.resume_hash``, an HMAC of
the link's token under a purpose different from ``Invitation.token_hash``'s, so neither the data nor
the secret key without the token (which is only in the respondent's mailbox) joins the two;
``resume_hash`` is cleared when the response is finished. An invitation records only *that*
it was used (``used``), never when, and a response only the day it was started and
finished, so timestamps cannot pair them either. The hashes are made in ``research/links.py``.
"""

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.models import UTCDateTime
from consult.core.timeutil import utcnow
from consult.extensions import db


class DiagnosisStatus(StrEnum):
    """A diagnosis is prepared as a draft (groups and questionnaire editable), open for
    answers between its dates, then closed; its results may then be published."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


DIAGNOSIS_STATUS_LABELS = {
    DiagnosisStatus.DRAFT: _l("draft"),
    DiagnosisStatus.OPEN: _l("open for answers"),
    DiagnosisStatus.CLOSED: _l("closed"),
}


class QuestionKind(StrEnum):
    SCALE = "scale"  # one choice on a labelled scale (``Indicator.choices``), scored
    YES_NO = "yes_no"  # scored: yes 100, no 0 (reversed: the other way round)
    NUMBER = "number"  # not scored: shown as a median and a range
    TEXT = "text"  # not scored: listed to staff only


QUESTION_KIND_LABELS = {
    QuestionKind.SCALE: _l("single choice on a labelled scale"),
    QuestionKind.YES_NO: _l("yes or no"),
    QuestionKind.NUMBER: _l("a number"),
    QuestionKind.TEXT: _l("open text"),
}

SCORED_KINDS = (QuestionKind.SCALE, QuestionKind.YES_NO)


class Diagnosis(db.Model):
    """One survey of the quality of cooperation in one JST for one year."""

    __tablename__ = "research_diagnoses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    institution_id: Mapped[int] = mapped_column(
        ForeignKey("institutions.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=DiagnosisStatus.DRAFT)
    opens_on: Mapped[date] = mapped_column(Date)  # Europe/Warsaw calendar days, both counted
    closes_on: Mapped[date] = mapped_column(Date)
    # No figure for a group with fewer finished answers than this (RESEARCH_MIN_GROUP_ANSWERS).
    min_group_answers: Mapped[int] = mapped_column(default=5)
    summary: Mapped[str] = mapped_column(Text, default="")  # Markdown, shown when published
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    institution = relationship("Institution")
    created_by = relationship("User")
    groups: Mapped[list["RespondentGroup"]] = relationship(
        back_populates="diagnosis", order_by="RespondentGroup.position",
        cascade="all, delete-orphan")
    areas: Mapped[list["Area"]] = relationship(
        back_populates="diagnosis", order_by="Area.position", cascade="all, delete-orphan")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def __repr__(self) -> str:
        return f"<Diagnosis {self.slug}>"


class RespondentGroup(db.Model):
    """Who answers: NGOs active in the JST, officials, councillors, or a group staff add.
    ``open_token_hash``: the sha256 of the group's open link (for a meeting), None while the
    open link is off."""

    __tablename__ = "research_groups"
    __table_args__ = (UniqueConstraint("diagnosis_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnosis_id: Mapped[int] = mapped_column(
        ForeignKey("research_diagnoses.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))  # "ngo", "officials", "councillors", …
    name_pl: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    open_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    diagnosis: Mapped[Diagnosis] = relationship(back_populates="groups")


class Area(db.Model):
    """An area of the questionnaire (e.g. "public policy"), weighted in the overall index."""

    __tablename__ = "research_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnosis_id: Mapped[int] = mapped_column(
        ForeignKey("research_diagnoses.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title_pl: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_pl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(default=1)

    diagnosis: Mapped[Diagnosis] = relationship(back_populates="areas")
    indicators: Mapped[list["Indicator"]] = relationship(
        back_populates="area", order_by="Indicator.position", cascade="all, delete-orphan")


class Indicator(db.Model):
    """One indicator (a question of the questionnaire). For a scale, ``choices`` is the
    list of its labels from the worst to the best, each ``{"pl": …, "en": …}``; choice i
    of k scores 100·i/(k−1). ``dont_know`` adds a "hard to say" answer that counts as no
    answer. ``reversed`` turns the points round (a "yes" or a high choice is the bad
    answer)."""

    __tablename__ = "research_indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(
        ForeignKey("research_areas.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    text_pl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    choices: Mapped[list] = mapped_column(JSON, default=list)
    dont_know: Mapped[bool] = mapped_column(default=True)
    reversed: Mapped[bool] = mapped_column(default=False)

    area: Mapped[Area] = relationship(back_populates="indicators")


class Invitation(db.Model):
    """A personal single-use link sent to one address. The address is kept to avoid sending
    twice and to remind; ``used`` only says that a response through it was finished."""

    __tablename__ = "research_invitations"
    __table_args__ = (UniqueConstraint("diagnosis_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnosis_id: Mapped[int] = mapped_column(
        ForeignKey("research_diagnoses.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("research_groups.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # After a reminder (which carries a new link), the first link still leads back to the
    # answers started through it.
    previous_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used: Mapped[bool] = mapped_column(default=False)

    group = relationship("RespondentGroup")


class SurveyResponse(db.Model):
    """One respondent's answers, anonymous: only the group, and the days it was started and
    finished. ``resume_hash`` lets the holder of the link (personal link token, or the
    random key of an open link kept in the respondent's cookie) come back to an unfinished
    response; it is cleared when the response is finished."""

    __tablename__ = "research_responses"
    __table_args__ = (Index("ix_research_responses_group", "diagnosis_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    diagnosis_id: Mapped[int] = mapped_column(
        ForeignKey("research_diagnoses.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("research_groups.id", ondelete="CASCADE"))
    resume_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    started_on: Mapped[date] = mapped_column(Date)
    finished_on: Mapped[date | None] = mapped_column(Date)

    group = relationship("RespondentGroup")
    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """One answer: ``choice`` the index of a scale label (yes/no: 1 yes, 0 no), None with
    ``dont_know`` for "hard to say"; ``number``; or ``text``."""

    __tablename__ = "research_answers"
    __table_args__ = (UniqueConstraint("response_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("research_responses.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("research_indicators.id", ondelete="CASCADE"), index=True)
    choice: Mapped[int | None]
    dont_know: Mapped[bool] = mapped_column(default=False)
    number = mapped_column(Numeric(14, 2), nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
