"""The federation's interventions: its letters and requests to a JST that does not keep the
rules of cooperation (a programme not adopted, a consultation not held …), the reply, what
came of it and when to follow it up. Staff only: institution managers never see them.

Only a summary staff write for the public, and only while published, leaves the staff
pages (``published_summaries``); the letter, the details, the reply and who entered it
never do. When a follow-up date comes, the staff member who entered the intervention (all
staff, if that account is gone or no longer staff) gets one e-mail for that date
(``send_follow_ups``); a new date makes a new reminder due.
"""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, extract, func, or_, select, update
from sqlalchemy.orm import joinedload

from consult.auth.models import ADMIN, STAFF, User
from consult.cooperation.documents import Upload, document_type
from consult.cooperation.models import (
    OUTCOME_LABELS,
    Intervention,
    InterventionChange,
    InterventionOutcome,
    InterventionProblem,
)
from consult.cooperation.services import CooperationError, warsaw_today
from consult.core.documents import download_filename
from consult.core.mail import queue_mail
from consult.core.status_history import StatusChange
from consult.core.urls import external_url
from consult.extensions import db

SUMMARY_MAX = 1000  # characters of the public summary: a short paragraph


@dataclass(frozen=True)
class InterventionData:
    """What staff enter about an intervention (the letter comes on its own)."""

    sent_on: date
    subject: str
    problem: InterventionProblem
    details: str = ""
    reply_on: date | None = None
    reply: str = ""
    outcome: InterventionOutcome = InterventionOutcome.PENDING
    follow_up_on: date | None = None
    public_summary: str = ""


@dataclass(frozen=True)
class PublicSummary:
    """All the public may read of an intervention."""

    sent_on: date
    problem: str
    outcome: str
    summary: str


def _require_staff(user) -> None:
    if user is None or not user.is_authenticated or not user.is_staff:
        raise CooperationError(_l("Only the federation's staff record interventions."))


def check(data: InterventionData, today: date | None = None) -> None:
    """Raise ``CooperationError`` when ``data`` breaks a rule of the log."""
    today = today or warsaw_today()
    if data.sent_on > today:
        raise CooperationError(_l("The letter cannot be sent in the future."), "sent_on")
    if not data.subject.strip():
        raise CooperationError(_l("Enter the subject."), "subject")
    if data.reply.strip() and data.reply_on is None:
        raise CooperationError(_l("Enter the date of the reply."), "reply_on")
    if data.reply_on is not None:
        if data.reply_on < data.sent_on:
            raise CooperationError(_l("The reply cannot come before the letter."), "reply_on")
        if data.reply_on > today:
            raise CooperationError(_l("The reply cannot come in the future."), "reply_on")
    if data.follow_up_on is not None and data.follow_up_on < data.sent_on:
        raise CooperationError(_l("The follow-up cannot come before the letter."),
                               "follow_up_on")
    if len(data.public_summary.strip()) > SUMMARY_MAX:
        raise CooperationError(_l("The summary may have at most %(num)d characters.",
                                  num=SUMMARY_MAX), "public_summary")


def attach_letter(intervention: Intervention, letter: Upload) -> None:
    """Keep ``letter`` as the intervention's letter (replacing an earlier one), told by its
    content, not by its name."""
    content_type, problem = document_type(letter)
    if problem is not None:
        raise CooperationError(problem, "letter")
    intervention.letter_content_type = content_type
    intervention.letter_size = len(letter.data)
    intervention.letter_data = letter.data
    intervention.letter_filename = download_filename(intervention.subject,
                                                     letter.original_name, content_type)


def _apply(intervention: Intervention, data: InterventionData) -> None:
    intervention.sent_on = data.sent_on
    intervention.subject = data.subject.strip()
    intervention.problem = data.problem
    intervention.details = data.details.strip()
    intervention.reply_on = data.reply_on
    intervention.reply = data.reply.strip()
    intervention.follow_up_on = data.follow_up_on
    intervention.public_summary = data.public_summary.strip()
    if not intervention.public_summary:
        intervention.published = False  # nothing left to show


def create(institution, data: InterventionData, by, letter: Upload | None = None
           ) -> Intervention:
    """Log a new intervention to ``institution`` by staff member ``by``."""
    _require_staff(by)
    check(data)
    intervention = Intervention(institution_id=institution.id, created_by_id=by.id)
    _apply(intervention, data)
    intervention.set_outcome(data.outcome, by)
    if letter is not None:
        attach_letter(intervention, letter)
    db.session.add(intervention)
    return intervention


def amend(intervention: Intervention, data: InterventionData, by, note: str = "",
          letter: Upload | None = None) -> None:
    """Correct the intervention, record the reply, the outcome (logged with ``note``) and
    the follow-up date; a new letter replaces the old one."""
    _require_staff(by)
    check(data)
    _apply(intervention, data)
    intervention.set_outcome(data.outcome, by, note.strip())
    if letter is not None:
        attach_letter(intervention, letter)


def publish(intervention: Intervention, by) -> None:
    """Show the public summary on the JST's public page."""
    _require_staff(by)
    if not intervention.public_summary.strip():
        raise CooperationError(_l("Write the public summary first."), "public_summary")
    intervention.published = True


def unpublish(intervention: Intervention, by) -> None:
    _require_staff(by)
    intervention.published = False


# --- reads ----------------------------------------------------------------------------------

def _follow_up_due(today: date):
    """SQL: the follow-up date has come and the matter is not resolved."""
    return and_(Intervention.follow_up_on.is_not(None), Intervention.follow_up_on <= today,
                Intervention.outcome != InterventionOutcome.RESOLVED)


def is_follow_up_due(intervention: Intervention, today: date | None = None) -> bool:
    today = today or warsaw_today()
    return (intervention.follow_up_on is not None and intervention.follow_up_on <= today
            and intervention.outcome != InterventionOutcome.RESOLVED)


def region_log(outcome: str | None = None, year: int | None = None,
               today: date | None = None) -> Select:
    """The region's interventions (to paginate): those whose follow-up is due first (the
    longest overdue first), then the newest letters; the JST and the author come along."""
    today = today or warsaw_today()
    due = _follow_up_due(today)
    stmt = (select(Intervention)
            .options(joinedload(Intervention.institution), joinedload(Intervention.created_by))
            .order_by(case((due, 0), else_=1), case((due, Intervention.follow_up_on)),
                      Intervention.sent_on.desc(), Intervention.id.desc()))
    if outcome is not None:
        stmt = stmt.where(Intervention.outcome == outcome)
    if year is not None:
        stmt = stmt.where(extract("year", Intervention.sent_on) == year)
    return stmt


def of_institution(institution_id: int) -> list[Intervention]:
    """One JST's interventions, the newest first."""
    return list(db.session.scalars(
        select(Intervention).options(joinedload(Intervention.created_by))
        .where(Intervention.institution_id == institution_id)
        .order_by(Intervention.sent_on.desc(), Intervention.id.desc())))


def published_summaries(institution_id: int) -> list[PublicSummary]:
    """What the JST's public page shows: the published summaries, the newest first."""
    rows = db.session.execute(
        select(Intervention.sent_on, Intervention.problem, Intervention.outcome,
               Intervention.public_summary)
        .where(Intervention.institution_id == institution_id,
               Intervention.published.is_(True), Intervention.public_summary != "")
        .order_by(Intervention.sent_on.desc(), Intervention.id.desc()))
    return [PublicSummary(*row) for row in rows]


def count_by_year() -> dict[int, int]:
    """How many interventions were sent each year (by the date of the letter), oldest
    year first: a figure of the federation's impact."""
    year = extract("year", Intervention.sent_on)
    rows = db.session.execute(
        select(year, func.count(Intervention.id)).group_by(year).order_by(year))
    return {int(found): count for found, count in rows}


def history(intervention: Intervention) -> list[StatusChange]:
    """The outcome's changes as the shared history table shows them."""
    changes = db.session.scalars(
        select(InterventionChange).options(joinedload(InterventionChange.changed_by))
        .where(InterventionChange.intervention_id == intervention.id)
        .order_by(InterventionChange.id))
    return [StatusChange(change.changed_at, change.from_outcome, change.to_outcome,
                         change.changed_by, change.note) for change in changes]


# --- follow-up reminders -----------------------------------------------------------------

def _all_staff() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_((ADMIN, STAFF)), User.email_verified_at.is_not(None))
        .order_by(User.id)))


def follow_up_recipients(intervention: Intervention) -> list[User]:
    """The staff member who entered it; all staff when that account is gone, is no longer
    staff or has no confirmed address."""
    author = intervention.created_by
    if author is not None and author.is_staff and author.email_verified_at is not None:
        return [author]
    return _all_staff()


def send_follow_ups(today: date | None = None) -> int:
    """Remind staff of each intervention whose follow-up date has come, once per date.

    Each intervention is claimed with one UPDATE … RETURNING that sets
    ``follow_up_reminded_for`` to its follow-up date where it is not that date yet, so of
    two cron runs at the same moment only one sends it; changing the date makes it due
    again. Returns how many interventions were reminded of; the caller commits."""
    today = today or warsaw_today()
    claimed = db.session.scalars(
        update(Intervention)
        .where(_follow_up_due(today),
               or_(Intervention.follow_up_reminded_for.is_(None),
                   Intervention.follow_up_reminded_for != Intervention.follow_up_on))
        .values(follow_up_reminded_for=Intervention.follow_up_on)
        .returning(Intervention.id)
        .execution_options(synchronize_session=False)).all()
    interventions = db.session.scalars(
        select(Intervention)
        .options(joinedload(Intervention.institution), joinedload(Intervention.created_by))
        .where(Intervention.id.in_(claimed)).order_by(Intervention.id))
    for intervention in interventions:
        for user in follow_up_recipients(intervention):
            _follow_up_mail(intervention, user)
    return len(claimed)


def _follow_up_mail(intervention: Intervention, user: User) -> None:
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        queue_mail(
            user.email,
            _("Follow-up due: %(subject)s (%(institution)s)", subject=intervention.subject,
              institution=intervention.institution.name),
            "cooperation/mail/interventions/follow_up", user=user,
            intervention=intervention, outcome_labels=OUTCOME_LABELS,
            url=external_url("cooperation_manage.intervention",
                             intervention_id=intervention.id))
