"""The rules of preparing a diagnosis: creating it (for one JST or several at once, each
with the default questionnaire), its status (draft → open → closed), editing its groups and
questionnaire while it is a draft, and the groups' open links.

Editing is allowed only in a draft: once answers may come in, a changed question would mix
answers to two different questions in one figure.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from consult.core.text import unique_slug
from consult.extensions import db
from consult.research.links import invitation_hash, new_token
from consult.research.models import (
    DIAGNOSIS_STATUS_LABELS,
    Area,
    Diagnosis,
    DiagnosisStatus,
    Indicator,
    Invitation,
    QuestionKind,
    RespondentGroup,
)
from consult.research.template import apply_default_template


class ResearchError(Exception):
    """A change the rules refuse; ``field``: the form field it concerns."""

    def __init__(self, message, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Plan:
    """What staff choose for a new diagnosis (or several: one per JST)."""

    year: int
    title: str
    opens_on: date
    closes_on: date
    min_group_answers: int


def default_title(institution, year: int) -> str:
    return f"Diagnoza jakości współpracy: {institution.name} {year}"


def check_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise ResearchError(_l("The closing day cannot be before the opening day."),
                            "closes_on")


def create_diagnoses(institutions, plan: Plan, by=None) -> list[Diagnosis]:
    """One draft diagnosis per JST, each with the default groups and questionnaire and a
    readable unique slug ("plonsk-2026"). A title given for several JST is followed by each
    JST's name."""
    if not institutions:
        raise ResearchError(_l("Choose at least one local government."), "institutions")
    check_dates(plan.opens_on, plan.closes_on)
    created = []
    for institution in institutions:
        if not plan.title:
            title = default_title(institution, plan.year)
        elif len(institutions) > 1:
            title = f"{plan.title}: {institution.name}"
        else:
            title = plan.title
        diagnosis = Diagnosis(
            slug=unique_slug(f"{institution.name} {plan.year}", Diagnosis.slug,
                             f"diagnoza-{plan.year}"),
            institution_id=institution.id, institution=institution, year=plan.year,
            title=title[:200], status=DiagnosisStatus.DRAFT, opens_on=plan.opens_on,
            closes_on=plan.closes_on, min_group_answers=plan.min_group_answers,
            created_by_id=getattr(by, "id", None))
        apply_default_template(diagnosis)
        db.session.add(diagnosis)
        db.session.flush()  # the next JST's slug sees this one
        created.append(diagnosis)
    return created


def update_details(diagnosis: Diagnosis, title: str, opens_on: date, closes_on: date,
                   min_group_answers: int) -> None:
    """The title, dates and threshold; the dates and threshold may change until it closes
    (a diagnosis may need a longer time for answers)."""
    if diagnosis.status == DiagnosisStatus.CLOSED:
        raise ResearchError(_l("A closed diagnosis cannot be changed."))
    check_dates(opens_on, closes_on)
    diagnosis.title, diagnosis.opens_on, diagnosis.closes_on = title, opens_on, closes_on
    diagnosis.min_group_answers = min_group_answers


# ---------------------------------------------------------------- status

TRANSITIONS = {
    DiagnosisStatus.DRAFT: (DiagnosisStatus.OPEN,),
    DiagnosisStatus.OPEN: (DiagnosisStatus.CLOSED,),
    DiagnosisStatus.CLOSED: (),
}


def set_status(diagnosis: Diagnosis, status: DiagnosisStatus, by=None) -> None:
    """The one place a diagnosis's status changes: a draft opens, an open one closes."""
    if status not in TRANSITIONS[DiagnosisStatus(diagnosis.status)]:
        raise ResearchError(_l("A diagnosis that is %(status)s cannot become %(new)s.",
                               status=DIAGNOSIS_STATUS_LABELS[diagnosis.status],
                               new=DIAGNOSIS_STATUS_LABELS[status]))
    if status == DiagnosisStatus.OPEN and not any(
            area.indicators for area in diagnosis.areas):
        raise ResearchError(_l("Add at least one question before opening the diagnosis."))
    if status == DiagnosisStatus.OPEN and not diagnosis.groups:
        raise ResearchError(_l("Add at least one group of respondents before opening the "
                               "diagnosis."))
    current_app.logger.info("research: diagnosis %s %s → %s by user %s", diagnosis.id,
                            diagnosis.status, status, getattr(by, "id", None))
    diagnosis.status = status


def require_draft(diagnosis: Diagnosis) -> None:
    if diagnosis.status != DiagnosisStatus.DRAFT:
        raise ResearchError(_l("The questionnaire and the groups can be changed only while "
                               "the diagnosis is a draft."))


# ---------------------------------------------------------------- groups


def _check_group_key(diagnosis: Diagnosis, key: str, group: RespondentGroup | None) -> None:
    if any(other.key == key and other is not group for other in diagnosis.groups):
        raise ResearchError(_l("Another group already has this key."), "key")


def add_group(diagnosis: Diagnosis, key: str, name_pl: str, name_en: str) -> RespondentGroup:
    require_draft(diagnosis)
    _check_group_key(diagnosis, key, None)
    group = RespondentGroup(key=key, name_pl=name_pl, name_en=name_en,
                            position=len(diagnosis.groups))
    diagnosis.groups.append(group)
    return group


def update_group(group: RespondentGroup, key: str, name_pl: str, name_en: str) -> None:
    require_draft(group.diagnosis)
    _check_group_key(group.diagnosis, key, group)
    group.key, group.name_pl, group.name_en = key, name_pl, name_en


def remove_group(group: RespondentGroup) -> None:
    """A group with invitations stays: removing it would silently drop them."""
    require_draft(group.diagnosis)
    if db.session.scalar(db.select(Invitation.id).where(Invitation.group_id == group.id)
                         .limit(1)) is not None:
        raise ResearchError(_l("This group has invitations, so it cannot be removed."))
    group.diagnosis.groups.remove(group)


def turn_open_link_on(group: RespondentGroup) -> str:
    """A new open link for the group (an earlier one stops working); returns its token,
    shown once to staff: only its hash is stored."""
    if group.diagnosis.status == DiagnosisStatus.CLOSED:
        raise ResearchError(_l("The diagnosis is closed."))
    token = new_token()
    group.open_token_hash = invitation_hash(token)
    return token


def turn_open_link_off(group: RespondentGroup) -> None:
    group.open_token_hash = None


# ---------------------------------------------------------------- areas and indicators


@dataclass(frozen=True)
class AreaText:
    title_pl: str
    title_en: str
    description_pl: str
    description_en: str
    weight: int
    position: int


def add_area(diagnosis: Diagnosis, text: AreaText) -> Area:
    require_draft(diagnosis)
    area = Area()
    _apply_area(area, text)
    diagnosis.areas.append(area)
    return area


def update_area(area: Area, text: AreaText) -> None:
    require_draft(area.diagnosis)
    _apply_area(area, text)


def _apply_area(area: Area, text: AreaText) -> None:
    area.title_pl, area.title_en = text.title_pl, text.title_en
    area.description_pl, area.description_en = text.description_pl, text.description_en
    area.weight, area.position = text.weight, text.position


def remove_area(area: Area) -> None:
    require_draft(area.diagnosis)
    area.diagnosis.areas.remove(area)


@dataclass(frozen=True)
class Question:
    """An indicator as staff write it: the scale's labels one per line in each language."""

    kind: str
    text_pl: str
    text_en: str
    labels_pl: list[str]
    labels_en: list[str]
    dont_know: bool
    reversed: bool
    position: int


def choices_of(question: Question) -> list[dict]:
    """A scale's labels as stored: worst to best, each in both languages."""
    if question.kind != QuestionKind.SCALE:
        return []
    if len(question.labels_pl) < 2:
        raise ResearchError(_l("A scale needs at least two labels, one per line."), "labels_pl")
    if len(question.labels_en) != len(question.labels_pl):
        raise ResearchError(_l("Give as many English labels as Polish ones (%(count)d).",
                               count=len(question.labels_pl)), "labels_en")
    return [{"pl": pl, "en": en} for pl, en in zip(question.labels_pl, question.labels_en,
                                                    strict=True)]


def add_indicator(area: Area, question: Question) -> Indicator:
    require_draft(area.diagnosis)
    indicator = Indicator()
    _apply_question(indicator, question)
    area.indicators.append(indicator)
    return indicator


def update_indicator(indicator: Indicator, question: Question) -> None:
    require_draft(indicator.area.diagnosis)
    _apply_question(indicator, question)


def _apply_question(indicator: Indicator, question: Question) -> None:
    indicator.choices = choices_of(question)
    indicator.kind, indicator.position = question.kind, question.position
    indicator.text_pl, indicator.text_en = question.text_pl, question.text_en
    scored = question.kind in (QuestionKind.SCALE, QuestionKind.YES_NO)
    indicator.dont_know = question.dont_know and scored
    indicator.reversed = question.reversed and scored


def remove_indicator(indicator: Indicator) -> None:
    require_draft(indicator.area.diagnosis)
    indicator.area.indicators.remove(indicator)
