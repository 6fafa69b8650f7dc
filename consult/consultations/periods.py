"""The period of a consultation: the minimum its legal basis sets, and the deadline moved
after the consultation opened.

Each JST's resolution on the way of consulting (art. 5 ust. 5 UDPP) sets how long a
consultation lasts at least; CONSULT_MIN_CONSULTATION_DAYS is the site's default and a
consultation may set its own. A shorter period is not refused (staff may have a reason the
platform cannot know) but needs a confirmation. Once people can comment, a new deadline is
public: shortening needs a reason and a confirmation and may not end the period in the
past; lengthening is recorded too. Followers are told either way.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from consult.auth.models import User
from consult.consultations import mail, services
from consult.consultations.models import (
    Consultation,
    ConsultationStatus,
    PeriodChange,
    last_moment_of,
)
from consult.core.timeutil import utcnow


def minimum_days(consultation: Consultation) -> int:
    return consultation.min_period_days or current_app.config["CONSULT_MIN_CONSULTATION_DAYS"]


def period_days(opens_on: date, closes_on: date) -> int:
    """Calendar days in Europe/Warsaw from the first day to the last day, both counted:
    opening on 1 October and taking comments until 7 October is 7 days, whatever the hours
    and even across a change of the clocks."""
    return (closes_on - opens_on).days + 1


def too_short_text(days: int, minimum: int) -> str:
    return ngettext("The period is %(num)d day, shorter than the minimum of %(minimum)d days "
                    "the legal basis sets.",
                    "The period is %(num)d days, shorter than the minimum of %(minimum)d days "
                    "the legal basis sets.", days, minimum=minimum)


@dataclass
class PeriodReview:
    """What staff must know before a period is saved. ``previous_deadline`` is set when the
    deadline of a consultation people can already comment on moves."""

    deadline: datetime
    days: int
    minimum: int
    previous_deadline: datetime | None = None

    @property
    def moved(self) -> bool:
        return self.previous_deadline is not None and self.deadline != self.previous_deadline

    @property
    def shortening(self) -> bool:
        return self.moved and self.deadline < self.previous_deadline

    @property
    def too_short(self) -> bool:
        return self.days < self.minimum

    @property
    def needs_confirmation(self) -> bool:
        return self.shortening or self.too_short

    @property
    def too_short_text(self) -> str:
        return too_short_text(self.days, self.minimum)


def has_started(consultation: Consultation | None, now: datetime) -> bool:
    """People could comment (it is open, or closed without a report yet)."""
    return consultation is not None and consultation.status_at(now) in (
        ConsultationStatus.OPEN, ConsultationStatus.CLOSED)


def review_period(consultation: Consultation | None, opens_on: date, opens_time: time | None,
                  closes_on: date, closes_time: time | None, minimum: int | None,
                  now: datetime | None = None) -> PeriodReview:
    """The review of a period typed for ``consultation`` (None: a new one); raises
    ConsultationError when it cannot be: closing before opening, or an open consultation
    closing in the past, which would end it behind the back of people writing a comment."""
    now = now or utcnow()
    opens_at, closes_at, time_given = services.period(opens_on, opens_time, closes_on,
                                                      closes_time)
    review = PeriodReview(
        deadline=last_moment_of(closes_at, time_given), days=period_days(opens_on, closes_on),
        minimum=minimum or current_app.config["CONSULT_MIN_CONSULTATION_DAYS"])
    if has_started(consultation, now):
        review.previous_deadline = consultation.last_moment
        if consultation.status_at(now) == ConsultationStatus.OPEN and closes_at <= now:
            raise services.ConsultationError(
                _("The consultation is open: it cannot close in the past. Choose today or a "
                  "later day."))
    return review


def record_change(consultation: Consultation, review: PeriodReview, reason: str,
                  user: User, now: datetime | None = None) -> PeriodChange | None:
    """Keep a moved deadline on the public record and tell the followers; call after the
    new period is set. Returns the change, or None when the deadline did not move."""
    if not review.moved:
        return None
    change = PeriodChange(previous_deadline=review.previous_deadline, deadline=review.deadline,
                          reason=reason.strip(), changed_by_id=user.id,
                          changed_at=now or utcnow())
    consultation.period_changes.append(change)
    subject = (_l("Consultation shortened: %(title)s") if change.is_shortening
               else _l("Consultation extended: %(title)s"))
    mail.to_subscribers(consultation, subject, "consultations/mail/period_changed", change=change)
    return change
