"""The rules of a consultation: its period, who may comment, comments, moderation, answers.

Every function takes ``now`` where the moment matters, so tests can stand one second either
side of midnight in Europe/Warsaw; views pass nothing and get the real clock.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from consult.auth.models import User
from consult.consultations import mail, queries
from consult.consultations.choices import ORGANISATION, ORGANISATIONS_ONLY, PRE_MODERATION, SELF
from consult.consultations.locks import lock_consultation
from consult.consultations.models import (
    ADOPTING_DECISIONS,
    Comment,
    CommentFlag,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Decision,
    Section,
    Subscription,
)
from consult.core.datetext import format_moment
from consult.core.text import unique_slug
from consult.core.timeutil import local_to_utc, to_local, utcnow
from consult.extensions import db
from consult.organisations.services import matching_organisation_id


class ConsultationError(Exception):
    """A rule said no; the message is translated and meant for the person."""


def slugify(title: str) -> str:
    return unique_slug(title, Consultation.slug, "konsultacje")


# --- the period -------------------------------------------------------------------------

def period(opens_on: date, opens_time: time | None, closes_on: date,
           closes_time: time | None) -> tuple[datetime, datetime, bool]:
    """(opens_at, closes_at, close_time_given) in UTC from the dates people type.

    Without a time the consultation opens at the start of its first day and closes at the
    end of its last day in Europe/Warsaw: closes_at is the following local midnight, the
    first moment a comment is refused. That midnight is taken in the zone, so a last day
    on which the clocks change (25 or 23 hours long) still ends at local midnight.
    """
    opens_at = local_to_utc(datetime.combine(opens_on, opens_time or time(0, 0)))
    if closes_time is None:
        closes_at = local_to_utc(datetime.combine(closes_on + timedelta(days=1), time(0, 0)))
    else:
        closes_at = local_to_utc(datetime.combine(closes_on, closes_time))
    if closes_at <= opens_at:
        raise ConsultationError(_("The consultation must close after it opens."))
    return opens_at, closes_at, closes_time is not None


def set_period(consultation: Consultation, opens_on: date, opens_time: time | None,
               closes_on: date, closes_time: time | None) -> Consultation:
    consultation.opens_at, consultation.closes_at, consultation.close_time_given = period(
        opens_on, opens_time, closes_on, closes_time)
    return consultation


def opens_on(consultation: Consultation) -> date:
    return to_local(consultation.opens_at).date()


def closes_on(consultation: Consultation) -> date:
    """The last local day on which comments are accepted."""
    local = to_local(consultation.closes_at)
    if consultation.close_time_given:
        return local.date()
    return (local - timedelta(minutes=1)).date()


def days_left(consultation: Consultation, now: datetime | None = None) -> int:
    """Whole local days from today to the last day (0 on the last day)."""
    today = to_local(now or utcnow()).date()
    return (closes_on(consultation) - today).days


def announce(consultation: Consultation, now: datetime | None = None) -> Consultation:
    consultation.announced_at = consultation.announced_at or now or utcnow()
    return consultation


# --- who may comment --------------------------------------------------------------------

@dataclass
class CommentData:
    """What a person typed into the comment form (contract field names)."""

    section_id: int | None
    body: str
    proposed_text: str = ""
    justification: str = ""
    on_behalf: str = SELF
    organisation_name: str = ""
    organisation_krs: str = ""
    show_name: bool = False


def refusal(consultation: Consultation, user: User | None,
            now: datetime | None = None) -> str | None:
    """Why this person cannot comment now, or None when they can."""
    now = now or utcnow()
    status = consultation.status_at(now)
    if consultation.announced_at is None:
        return _("This consultation has not been announced yet.")
    if status == ConsultationStatus.PLANNED:
        return _("Comments are accepted from %(time)s.",
                 time=format_moment(consultation.opens_at))
    if status != ConsultationStatus.OPEN:
        return _("The consultation closed on %(time)s; comments are no longer accepted.",
                 time=format_moment(consultation.last_moment))
    if user is None or not user.is_authenticated:
        return _("Sign in to comment.")
    if not user.email_verified:
        return _("Confirm your e-mail address to comment: open the link we sent you.")
    return None


def _check_data(consultation: Consultation, data: CommentData) -> Section | None:
    """The section the comment is on (None: the whole document), read from the database:
    it must be one of this consultation's."""
    if data.on_behalf == SELF and consultation.participation == ORGANISATIONS_ONLY:
        raise ConsultationError(
            _("In this consultation only organisations may comment: give the organisation "
              "on whose behalf you comment."))
    if data.section_id is None:
        return None
    section = db.session.get(Section, data.section_id)
    if section is None or section.consultation_id != consultation.id:
        raise ConsultationError(_("Choose a part of the document from the list."))
    return section


def _give_numbers(comment: Comment) -> None:
    """A comment gets its number (and a private person theirs: the same for all of a
    person's private comments in one consultation) when it is first published, so that
    under pre-moderation "no. 2" never reveals a "no. 1" still waiting for a moderator.
    Giving them takes the consultation's lock until the commit: callers do
    everything else first, so that people commenting at once wait for each other as
    briefly as possible. One query whose parts each read an index."""
    if comment.status != CommentStatus.PUBLISHED or (
            comment.number is not None
            and (comment.on_behalf != SELF or comment.private_number is not None)):
        return
    lock_consultation(comment.consultation_id)
    mine, top, last = db.session.execute(
        queries.comment_numbers(comment.author_id is not None),
        {"consultation_id": comment.consultation_id, "author_id": comment.author_id}).one()
    if comment.number is None:
        comment.number = (last or 0) + 1
    if comment.on_behalf == SELF and comment.private_number is None:
        comment.private_number = mine if mine is not None else (top or 0) + 1


def _apply(comment: Comment, data: CommentData) -> None:
    comment.section_id = data.section_id
    comment.body = data.body.strip()
    comment.proposed_text = data.proposed_text.strip()
    comment.justification = data.justification.strip()
    comment.on_behalf = data.on_behalf
    comment.show_name = data.show_name
    if data.on_behalf == ORGANISATION:
        comment.organisation_name = data.organisation_name.strip()
        comment.organisation_krs = data.organisation_krs.strip() or None
        comment.organisation_id = matching_organisation_id(comment.organisation_name,
                                                           comment.organisation_krs)
    else:
        comment.organisation_name = comment.organisation_krs = None
        comment.organisation_id = None


def submit_comment(consultation: Consultation, user: User, data: CommentData,
                   now: datetime | None = None) -> Comment:
    """A person's comment, published or waiting for a moderator as the consultation says;
    its author gets a receipt with a copy."""
    now = now or utcnow()
    reason = refusal(consultation, user, now)
    if reason:
        raise ConsultationError(reason)
    comment = record_comment(
        consultation, data, author_id=user.id, author_name=user.full_name, submitted_at=now,
        status=(CommentStatus.PENDING if consultation.moderation == PRE_MODERATION
                else CommentStatus.PUBLISHED))
    _remember_organisation(user, comment)
    db.session.flush()  # the receipt links to the comment by its id
    mail.comment_received(comment, user, consultation, comment.section)
    return comment


def record_comment(consultation: Consultation, data: CommentData, **fields) -> Comment:
    """A new comment with what was typed, checked against the consultation's rules and
    numbered if it is published; ``fields`` say who sent it and how."""
    _check_data(consultation, data)
    comment = Comment(consultation_id=consultation.id, **fields)
    _apply(comment, data)
    db.session.add(comment)
    _give_numbers(comment)
    return comment


def can_change(comment: Comment, user: User | None, now: datetime | None = None) -> bool:
    """Authors change or withdraw their comment while the consultation is open."""
    return (user is not None and user.is_authenticated and comment.author_id == user.id
            and comment.status in (CommentStatus.PUBLISHED, CommentStatus.PENDING)
            and comment.consultation.is_open_at(now or utcnow()))


def edit_comment(comment: Comment, user: User, data: CommentData,
                 now: datetime | None = None) -> Comment:
    now = now or utcnow()
    if not can_change(comment, user, now):
        raise ConsultationError(refusal(comment.consultation, user, now)
                                or _("This comment can no longer be changed."))
    _check_data(comment.consultation, data)
    _apply(comment, data)
    _remember_organisation(user, comment)
    _give_numbers(comment)
    comment.edited_at = now
    # The answer was to the old wording: the changed comment waits for a new one.
    comment.decision, comment.decision_text = None, ""
    comment.answered_at = comment.answered_by_id = None
    if (comment.consultation.moderation == PRE_MODERATION
            and comment.status != CommentStatus.PENDING):
        comment.set_status(CommentStatus.PENDING, user, "changed by its author", now)
    return comment


def withdraw_comment(comment: Comment, user: User, now: datetime | None = None) -> Comment:
    now = now or utcnow()
    if not can_change(comment, user, now):
        raise ConsultationError(_("This comment can no longer be withdrawn."))
    comment.set_status(CommentStatus.WITHDRAWN, user, now=now)
    return comment


def remembered_organisation(user: User) -> tuple[str, str] | None:
    """The organisation the person last commented for: (name, register number)."""
    if not user.comment_organisation_name:
        return None
    return user.comment_organisation_name, user.comment_organisation_krs or ""


def _remember_organisation(user: User, comment: Comment) -> None:
    """Kept on the account (written only when it changed), so a form costs no query."""
    if comment.on_behalf != ORGANISATION:
        return
    organisation = (comment.organisation_name, comment.organisation_krs)
    if (user.comment_organisation_name, user.comment_organisation_krs) != organisation:
        user.comment_organisation_name, user.comment_organisation_krs = organisation


# --- what may still change ------------------------------------------------------------

def _refuse_after_report(consultation: Consultation) -> None:
    """The published report is the record: its comments, answers and draft stay as they are."""
    if consultation.report_published_at is not None:
        raise ConsultationError(
            _("The report is published: the consultation's record can no longer change."))


def check_details_editable(consultation: Consultation) -> None:
    _refuse_after_report(consultation)


def check_structure_editable(consultation: Consultation, now: datetime | None = None) -> None:
    """Sections may be added, removed, reordered or replaced only before the consultation
    opens: afterwards comments and links point at them (stable anchors, "current wording").
    Their text may still be corrected while it is open, never after the report."""
    _refuse_after_report(consultation)
    if consultation.announced_at is not None and (now or utcnow()) >= consultation.opens_at:
        raise ConsultationError(_("The consultation has opened: sections can no longer be "
                                  "added, removed, moved or replaced, only corrected."))


def claim_report_publication(consultation: Consultation, now: datetime) -> bool:
    """Set report_published_at unless someone else already did (a double click, two staff
    members at once): one UPDATE … WHERE report_published_at IS NULL decides."""
    claimed = db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id, Consultation.report_published_at.is_(None))
        .values(report_published_at=now, updated_at=now)
        .returning(Consultation.id)
        .execution_options(synchronize_session=False)).first()
    db.session.refresh(consultation)
    return claimed is not None


# --- moderation -------------------------------------------------------------------------

def flag_comment(comment: Comment, user: User, reason: str) -> CommentFlag | None:
    """Report a comment and tell the moderators at once; a second report by the same
    person changes nothing."""
    existing = db.session.scalar(select(CommentFlag).where(
        CommentFlag.comment_id == comment.id, CommentFlag.user_id == user.id))
    if existing is not None:
        return None
    flag = CommentFlag(comment_id=comment.id, user_id=user.id, reason=reason.strip())
    db.session.add(flag)
    mail.comment_flagged(flag, comment)
    return flag


def _resolve_flags(comment: Comment, now: datetime) -> None:
    db.session.execute(update(CommentFlag).where(
        CommentFlag.comment_id == comment.id, CommentFlag.resolved_at.is_(None))
        .values(resolved_at=now).execution_options(synchronize_session=False))


def hide_comment(comment: Comment, moderator: User, reason: str,
                 now: datetime | None = None) -> Comment:
    """Hide a comment with the reason shown in its place, and tell its author why; a second
    click with the same reason changes nothing and sends nothing."""
    now = now or utcnow()
    _refuse_after_report(comment.consultation)
    if comment.status == CommentStatus.WITHDRAWN:
        raise ConsultationError(_("A withdrawn comment cannot be hidden."))
    reason = reason.strip()
    if (comment.status, comment.hidden_reason) != (CommentStatus.HIDDEN, reason):
        comment.set_status(CommentStatus.HIDDEN, moderator, reason, now)
        mail.comment_hidden(comment)
    comment.moderated_by_id = moderator.id
    _resolve_flags(comment, now)
    return comment


def publish_comment(comment: Comment, moderator: User, now: datetime | None = None) -> Comment:
    """Approve a comment waiting for moderation, or show a hidden one again."""
    _refuse_after_report(comment.consultation)
    if not comment.can_be_published:
        raise ConsultationError(_("Only a waiting or hidden comment can be published."))
    now = now or utcnow()
    comment.set_status(CommentStatus.PUBLISHED, moderator, now=now)
    comment.moderated_by_id = moderator.id
    _give_numbers(comment)
    _resolve_flags(comment, now)
    return comment


def dismiss_flags(comment: Comment, now: datetime | None = None) -> Comment:
    _resolve_flags(comment, now or utcnow())
    return comment


# --- answers ----------------------------------------------------------------------------

def answer_comment(comment: Comment, official: User, decision: str, text: str,
                   now: datetime | None = None) -> Comment:
    if decision not in tuple(Decision):
        raise ConsultationError(_("Choose the decision."))
    if not text.strip():
        raise ConsultationError(_("Give the justification of the decision."))
    if comment.status != CommentStatus.PUBLISHED:
        raise ConsultationError(_("Only published comments are answered."))
    _refuse_after_report(comment.consultation)
    comment.decision, comment.decision_text = decision, text.strip()
    comment.answered_at, comment.answered_by_id = now or utcnow(), official.id
    return comment


def answer_comments(comments: list[Comment], official: User, decision: str, text: str,
                    now: datetime | None = None) -> list[Comment]:
    """One answer for several comments that say the same: each gets the decision and the
    justification as if answered alone, with who answered and when; all or none."""
    if not comments:
        raise ConsultationError(_("Select the comments to answer."))
    now = now or utcnow()
    return [answer_comment(comment, official, decision, text, now) for comment in comments]


def unanswered_count(consultation: Consultation) -> int:
    """Published comments without a decision: the report waits for them."""
    return db.session.scalar(select(func.count(Comment.id)).where(
        Comment.consultation_id == consultation.id, Comment.status == CommentStatus.PUBLISHED,
        Comment.decision.is_(None)))


def pending_count(consultation: Consultation) -> int:
    return db.session.scalar(select(func.count(Comment.id)).where(
        Comment.consultation_id == consultation.id, Comment.status == CommentStatus.PENDING))


def report_blockers(consultation: Consultation, now: datetime | None = None) -> list[str]:
    """Why the report cannot be published yet (empty when it can)."""
    now = now or utcnow()
    reasons = []
    if consultation.announced_at is None or now < consultation.closes_at:
        reasons.append(_("The consultation has not closed yet."))
    waiting = pending_count(consultation)
    if waiting:
        reasons.append(_("%(num)d comments wait for moderation.", num=waiting))
    unanswered = unanswered_count(consultation)
    if unanswered:
        reasons.append(_("%(num)d comments have no answer yet.", num=unanswered))
    return reasons


def adopting_comments(consultation: Consultation) -> dict[int | None, list[Comment]]:
    """Accepted and partially accepted comments by section id (None: the whole document)."""
    by_section: dict[int | None, list[Comment]] = {}
    rows = db.session.scalars(select(Comment).where(
        Comment.consultation_id == consultation.id, Comment.status == CommentStatus.PUBLISHED,
        Comment.decision.in_(ADOPTING_DECISIONS)).order_by(Comment.id))
    for comment in rows:
        by_section.setdefault(comment.section_id, []).append(comment)
    return by_section


# --- the person's own data --------------------------------------------------------------

def export_user_data(user: User) -> dict:
    """The person's comments and subscriptions, for the account's data export."""
    comments = db.session.scalars(
        select(Comment).where(Comment.author_id == user.id).order_by(Comment.id))
    subscriptions = db.session.scalars(
        select(Subscription).where(followed_by(user)).order_by(Subscription.id))
    return {
        "consultation_comments": [{
            "consultation": comment.consultation.title,
            "section": comment.section.label if comment.section else None,
            "on_behalf": comment.on_behalf,
            "organisation_name": comment.organisation_name,
            "organisation_register": comment.organisation_krs,
            "name_public": comment.show_name,
            "body": comment.body,
            "proposed_text": comment.proposed_text,
            "justification": comment.justification,
            "status": comment.status,
            "submitted_at": comment.submitted_at.isoformat(),
            "decision": comment.decision if comment.consultation.report_published_at else None,
        } for comment in comments],
        "consultation_subscriptions": [{
            "email": subscription.email,
            "consultation": subscription.consultation.title if subscription.consultation
            else None,
            "institution": subscription.institution.name if subscription.institution else None,
            "confirmed_at": subscription.confirmed_at and subscription.confirmed_at.isoformat(),
        } for subscription in subscriptions],
    }


def followed_by(user: User):
    """The person's follows: the account's, and those of the address it has proved (never
    of an unproved address: it may be someone else's)."""
    followed = Subscription.user_id == user.id
    if user.proven_email is not None:
        followed = followed | (Subscription.email == user.proven_email)
    return followed


def forget_user(user: User) -> None:
    """Account deletion: comments stay in the consultation's record (the authority must
    answer and report them) but lose the link to the person and their name; a private
    person keeps the neutral label. Subscriptions to the person's address end."""
    db.session.execute(
        update(Comment).where(Comment.author_id == user.id)
        .values(author_id=None, author_name=None, show_name=False)
        .execution_options(synchronize_session=False))
    db.session.execute(
        update(CommentFlag).where(CommentFlag.user_id == user.id).values(user_id=None)
        .execution_options(synchronize_session=False))
    db.session.execute(Subscription.__table__.delete().where(followed_by(user)))


def open_consultations(limit: int, now: datetime | None = None) -> list[Consultation]:
    """Consultations taking comments now, the nearest deadline first (home page)."""
    now = now or utcnow()
    return list(db.session.scalars(select(Consultation).where(
        Consultation.announced_at.is_not(None), Consultation.report_published_at.is_(None),
        Consultation.opens_at <= now, Consultation.closes_at > now,
    ).order_by(Consultation.closes_at, Consultation.id).limit(limit)))
