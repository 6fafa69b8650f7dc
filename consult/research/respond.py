"""The respondent's side: finding what a link leads to, keeping answers page by page, and
finishing a response.

A response is found again only by ``resume_hash`` of the secret its holder has (the
personal link's token, or the random key an open link keeps in the respondent's cookie).
Nothing here writes an invitation's id or address into a response: finishing sets the
invitation's ``used`` and the response's ``finished_on`` in one transaction, and neither
carries a time that could pair them.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from consult.core.timeutil import local_to_utc, local_today
from consult.extensions import db
from consult.research.links import invitation_hash, resume_hash
from consult.research.models import (
    Area,
    Diagnosis,
    Invitation,
    RespondentGroup,
    SurveyAnswer,
    SurveyResponse,
)

DONT_KNOW = "?"  # the value of the "hard to say" option


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation of a personal link: the one sent last, or the one before a reminder."""
    hashed = invitation_hash(token)
    return db.session.scalar(select(Invitation).where(
        or_(Invitation.token_hash == hashed, Invitation.previous_token_hash == hashed)))


def group_by_open_token(token: str) -> RespondentGroup | None:
    return db.session.scalar(select(RespondentGroup).where(
        RespondentGroup.open_token_hash == invitation_hash(token)))


def questionnaire(diagnosis_id: int) -> Diagnosis:
    """The diagnosis with its areas and their indicators (three queries, however many)."""
    return db.session.scalar(
        select(Diagnosis).where(Diagnosis.id == diagnosis_id)
        .options(selectinload(Diagnosis.areas).selectinload(Area.indicators)))


def unfinished_response(secret: str) -> SurveyResponse | None:
    """The unfinished response its holder left, with its answers."""
    return db.session.scalar(
        select(SurveyResponse).where(SurveyResponse.resume_hash == resume_hash(secret))
        .options(selectinload(SurveyResponse.answers)))


def start_response(diagnosis: Diagnosis, group: RespondentGroup, secret: str) -> SurveyResponse:
    response = SurveyResponse(diagnosis_id=diagnosis.id, group_id=group.id,
                              resume_hash=resume_hash(secret), started_on=local_today(),
                              answers=[])
    db.session.add(response)
    return response


@dataclass(frozen=True)
class Value:
    """One answer as the respondent gave it: a choice (an index; yes 1, no 0), "hard to
    say", a number or a text."""

    choice: int | None = None
    dont_know: bool = False
    number: Decimal | None = None
    text: str = ""


def save_page(response: SurveyResponse, area: Area, values: dict[int, Value | None]) -> None:
    """The answers of one page (one area): ``values`` by indicator id, None for a question
    left unanswered (an earlier answer to it is taken back)."""
    existing = {answer.indicator_id: answer for answer in response.answers}
    for indicator in area.indicators:
        value = values.get(indicator.id)
        answer = existing.get(indicator.id)
        if value is None:
            if answer is not None:
                response.answers.remove(answer)
            continue
        if answer is None:
            answer = SurveyAnswer(indicator_id=indicator.id)
            response.answers.append(answer)
        answer.choice, answer.dont_know = value.choice, value.dont_know
        answer.number, answer.text = value.number, value.text


def finish(response: SurveyResponse, invitation: Invitation | None = None) -> None:
    """The respondent sends the questionnaire: it can no longer be found or changed. A
    questionnaire sent without a single answer is not kept: it would count towards a
    group's threshold (``min_group_answers``) without saying anything."""
    if invitation is not None:
        invitation.used = True
    if not response.answers:
        if response.id is None:
            db.session.expunge(response)
        else:
            db.session.delete(response)
        return
    response.finished_on = local_today()
    response.resume_hash = None


def resume_page(diagnosis: Diagnosis, response: SurveyResponse | None) -> int:
    """Where a returning respondent lands (1-based): the page after the last one with an
    answer, or that page itself when it is the last."""
    if response is None or not response.answers:
        return 1
    answered = {answer.indicator_id for answer in response.answers}
    last = max(number for number, area in enumerate(diagnosis.areas, start=1)
               if any(indicator.id in answered for indicator in area.indicators))
    return min(last + 1, len(diagnosis.areas))


def cookie_expires(diagnosis: Diagnosis) -> datetime:
    """An open link's cookie lasts until the end of the closing day in Warsaw."""
    return local_to_utc(datetime.combine(diagnosis.closes_on + timedelta(days=1), time()))
