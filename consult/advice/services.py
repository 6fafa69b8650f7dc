"""The rules of the advice log: what a session must hold, logging, correcting and deleting
one. Staff only; a view commits once after the call."""

from dataclasses import dataclass
from datetime import date, time

from flask_babel import lazy_gettext as _l

from consult.advice.models import AdviceForm, AdviceSession, TopicCategory
from consult.core.timeutil import local_today
from consult.extensions import db
from consult.institutions.models import Organisation
from consult.organisations.services import matching_organisation_id

MAX_MINUTES = 12 * 60  # one session in a day: longer is a typing mistake


class AdviceError(Exception):
    """A rule of the log is broken; ``field`` names the form field it belongs to."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message, self.field = message, field


@dataclass(frozen=True)
class AdviceData:
    """What staff enter about a session. ``advised`` is the name typed: linked to the
    organisation of the register it stands for (``matching_organisation_id``: exactly one
    of that name), otherwise kept as typed."""

    held_on: date
    minutes: int
    topic: str
    category: TopicCategory
    form: AdviceForm
    advised: str = ""
    institution_id: int | None = None
    start_time: time | None = None
    person_name: str = ""
    advisor_id: int | None = None
    funding_project_id: int | None = None
    notes: str = ""


def _require_staff(user) -> None:
    if user is None or not user.is_authenticated or not user.is_staff:
        raise AdviceError(_l("Only the federation's staff log advice."))


def check(data: AdviceData, today: date | None = None) -> None:
    """Raise ``AdviceError`` when ``data`` breaks a rule. Advice is often logged after the
    fact, so any past day is accepted; only a day still to come is refused."""
    today = today or local_today()
    if data.held_on > today:
        raise AdviceError(_l("Advice cannot be logged for a day still to come."), "held_on")
    if not 0 < data.minutes <= MAX_MINUTES:
        raise AdviceError(_l("Enter a duration from 1 minute to %(hours)d hours.",
                             hours=MAX_MINUTES // 60), "minutes")
    if not data.advised.strip() and data.institution_id is None:
        raise AdviceError(_l("Enter the organisation advised or choose a local government."),
                          "advised")
    if not data.topic.strip():
        raise AdviceError(_l("Enter the topic."), "topic")


def _apply(session: AdviceSession, data: AdviceData) -> None:
    organisation_id = matching_organisation_id(data.advised)
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    session.organisation = organisation
    session.advised_name = "" if organisation is not None else data.advised.strip()
    session.institution_id = data.institution_id
    session.held_on = data.held_on
    session.start_time = data.start_time
    session.minutes = data.minutes
    session.topic = data.topic.strip()
    session.category = data.category
    session.form = data.form
    session.person_name = data.person_name.strip()
    session.advisor_id = data.advisor_id
    session.funding_project_id = data.funding_project_id
    session.notes = data.notes.strip()


def log_advice(data: AdviceData, by) -> AdviceSession:
    """Log a session of advice entered by staff member ``by``."""
    _require_staff(by)
    check(data)
    session = AdviceSession(created_by_id=by.id)
    _apply(session, data)
    db.session.add(session)
    return session


def amend(session: AdviceSession, data: AdviceData, by) -> None:
    _require_staff(by)
    check(data)
    _apply(session, data)


def delete(session: AdviceSession, by) -> None:
    _require_staff(by)
    db.session.delete(session)
