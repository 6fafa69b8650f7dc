"""The consultation report (sprawozdanie z konsultacji) and its table of comments
(tabela uwag), both generated from the record, and publishing the report.

Each comment keeps the number it got when first published (``Comment.number``): the
same number the author read in their receipt, staff see in their list and the public sees
on the consultation's page, so the table in document order may skip numbers (hidden or
withdrawn comments) and need not ascend. Comments entered by staff from paper, e-mail or a
meeting say how and when they came; those received after the deadline are marked.

The header follows the paper practice of Polish JST: legal basis, subject, dates, forms of
consultation, who could take part, how many took part and commented, meetings held, the
decisions, conclusion, who prepared it and when. The table has one row per published
comment in document order with the authority's answer (stanowisko) and its justification.
The same figures give the text of element 10 of the programme (art. 5a ust. 4 pkt 10
UDPP: how the programme was created and how the consultation went).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale, ngettext, pgettext
from flask_babel import gettext as _
from sqlalchemy import func, select

from consult.auth.models import User
from consult.consultations import queries, services
from consult.consultations.choices import CHANNEL_LABELS, PARTICIPATION_LABELS, PLATFORM
from consult.consultations.mail import followed_name, subscription_mail_headers, unsubscribe_url
from consult.consultations.models import (
    DECISION_LABELS,
    Comment,
    CommentStatus,
    Consultation,
    Decision,
    Section,
    consultation_meetings,
)
from consult.core.datetext import format_day, format_moment, format_short_day
from consult.core.mail import queue_mail
from consult.core.text import search_key
from consult.core.timeutil import to_local, utcnow
from consult.core.urls import external_url
from consult.events.models import Event, EventStatus
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.naming import display_name

# --------------------------------------------------------------------------- the record

@dataclass
class CommentRow:
    """One row of the tabela uwag (comment table)."""

    comment: Comment
    author: str
    received: str
    fragment: str
    decision_label: str

    @property
    def number(self) -> int:
        return self.comment.number

    @property
    def cells(self) -> list[str]:
        """The cells in the order of comment_table_header()."""
        comment = self.comment
        return [str(self.number), self.author, self.received, self.fragment, comment.body,
                comment.proposed_text, comment.justification, self.decision_label,
                comment.decision_text]


@dataclass
class Meeting:
    """A linked consultation meeting that has taken place."""

    title: str
    starts_at: datetime
    place: str

    @property
    def text(self) -> str:
        return ", ".join(part for part in (format_moment(self.starts_at), self.title, self.place)
                         if part)


@dataclass
class Report:
    consultation: Consultation
    report_date: date
    is_preview: bool
    rows: list[CommentRow]
    participants: int
    organisations: int
    hidden: int
    withdrawn: int
    pending: int
    unanswered: int
    late: int
    offline: int
    decisions: dict[str, int]
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def comments(self) -> int:
        return len(self.rows)

    @property
    def table_header(self) -> list[str]:
        return comment_table_header()

    @property
    def forms(self) -> str:
        return (self.consultation.report_forms.strip()
                or default_forms(self.meetings, offline=bool(self.offline)))

    @property
    def period(self) -> str:
        return period_text(self.consultation)

    @property
    def subject(self) -> str:
        return self.consultation.title

    @property
    def institution(self) -> str:
        return display_name(self.consultation.institution)

    @property
    def participation(self) -> str:
        return str(PARTICIPATION_LABELS.get(self.consultation.participation, ""))

    def header_items(self) -> list[tuple[str, str, str]]:
        """(key, label, value) of the report's header, the same in every format; a value
        of several lines is a list (meetings, decisions)."""
        c = self.consultation
        items = [
            ("legal-basis", _("Legal basis"), c.legal_basis.strip() or _("not given")),
            ("subject", _("Subject of the consultation"), self.subject),
            ("institution", _("Institution"), self.institution),
            ("dates", _("Dates of the consultation"), self.period),
            ("forms", _("Forms of consultation"), self.forms),
            ("participation", _("Who could take part"), self.participation),
            ("participants", _("Number of participants"), str(self.participants)),
            ("organisations", _("Number of organisations"), str(self.organisations)),
            ("comments", _("Number of comments"), str(self.comments)),
        ]
        if self.late:
            items.append(("late", _("Comments received after the deadline"), str(self.late)))
        left_out = not_in_table_text(self)
        if left_out:
            items.append(("left-out", _("Comments not in the table"), left_out))
        items += [
            ("meetings", _("Meetings held"),
             "\n".join(m.text for m in self.meetings) or _("none")),
            ("decisions", _("Decisions on the comments"), "\n".join(
                f"{label}: {count}" for label, count in self.decision_lines())),
        ]
        if c.report_conclusion.strip():
            items.append(("conclusion", _("Conclusion"), c.report_conclusion.strip()))
        if c.report_prepared_by.strip():
            items.append(("prepared-by", _("Prepared by"), c.report_prepared_by.strip()))
        items.append(("date", _("Date of the report"), format_day(self.report_date)))
        return items

    def decision_lines(self) -> list[tuple[str, int]]:
        lines = [(str(DECISION_LABELS[d]), self.decisions[d]) for d in Decision]
        if self.unanswered:
            lines.append((_("no answer yet"), self.unanswered))
        return lines


def comment_table_header() -> list[str]:
    """The columns of the tabela uwag, in the order of the paper form."""
    return [
        pgettext("comment table", "No."),
        pgettext("comment table", "Submitted by"),
        pgettext("comment table", "Received"),
        pgettext("comment table", "Part of the document"),
        pgettext("comment table", "Comment"),
        pgettext("comment table", "Proposed wording"),
        pgettext("comment table", "Justification of the comment"),
        pgettext("comment table", "Decision"),
        pgettext("comment table", "Justification of the decision"),
    ]


def register_text(number: str | None) -> str:
    """A KRS number as "KRS 0000123456"; another register as typed."""
    number = (number or "").strip()
    if number.isdigit() and len(number) <= 10:
        return _("KRS %(number)s", number=number.zfill(10))
    return number


def author_text(comment: Comment) -> str:
    """Who submitted the comment, as the public sees it; organisations with their register."""
    name = comment.public_author
    register = register_text(comment.organisation_krs) if comment.for_organisation else ""
    return f"{name} ({register})" if register else name


def is_late(comment: Comment) -> bool:
    """Received by the authority after the last day of the consultation (a comment on the
    platform cannot be). It stays in the table, marked, for the authority to answer as
    its rules on late comments say."""
    return (comment.received_on is not None
            and comment.received_on > services.closes_on(comment.consultation))


def received_text(comment: Comment) -> str:
    """When and how the comment came: "9.10.2026", the channel, and whether it was late."""
    lines = [format_short_day(comment.received_date), str(CHANNEL_LABELS[comment.channel])]
    if is_late(comment):
        lines.append(_("after the deadline"))
    return "\n".join(lines)


def fragment_text(section: Section | None) -> str:
    return section.label if section is not None else _("the whole document")


def _in_document_order(comments: list[Comment], sections: dict[int, Section]) -> list[Comment]:
    """Whole-document comments first, then by the section's place in the draft, then by id."""
    def key(comment: Comment):
        section = sections.get(comment.section_id)
        return (0, 0, comment.id) if section is None else (1, section.position, comment.id)

    return sorted(comments, key=key)


def _meetings(consultation: Consultation, moment: datetime) -> list[Meeting]:
    held = []
    for event in consultation.meetings:
        if event.status != EventStatus.PUBLISHED or event.starts_at > moment:
            continue
        places = []
        if event.has_venue:
            places.append(", ".join(p for p in (event.venue_name, event.venue_address) if p))
        if event.is_online:
            places.append(_("online"))
        held.append(Meeting(event.title, event.starts_at, "; ".join(p for p in places if p)))
    return held


def _participant(comment: Comment):
    """Who took part (a submitting entity, as in the paper report): an organisation once
    whoever wrote for it (by its name, case and Polish letters aside), a private person
    once by their number, kept also after their account is deleted."""
    if comment.for_organisation:
        return ("organisation", search_key(comment.organisation_name))
    if comment.private_number is not None:
        return ("person", comment.private_number)
    return ("author", comment.author_id) if comment.author_id else ("comment", comment.id)


def report_version(consultation: Consultation) -> tuple[str, datetime | None]:
    """(version, latest change) of everything a published report is made of: the
    consultation, its institution, sections, comments (an author who deleted their account
    changes theirs) and meetings. One query; the files are rebuilt only when it changes."""
    def latest(model, *where) -> tuple:
        return (select(func.count()).select_from(model).where(*where).scalar_subquery(),
                select(func.max(model.updated_at)).where(*where).scalar_subquery())

    meetings = select(consultation_meetings.c.event_id).where(
        consultation_meetings.c.consultation_id == consultation.id)
    row = db.session.execute(select(
        select(Institution.updated_at).where(Institution.id == consultation.institution_id)
        .scalar_subquery(),
        *latest(Section, Section.consultation_id == consultation.id),
        *latest(Comment, Comment.consultation_id == consultation.id),
        *latest(Event, Event.id.in_(meetings)),
    )).one()
    stamps = [consultation.updated_at, consultation.report_published_at, *row]
    changed = max((s for s in stamps if isinstance(s, datetime)), default=None)
    return f"report:{consultation.id}:" + ":".join(map(str, stamps)), changed


def build_report(consultation: Consultation, now: datetime | None = None) -> Report:
    """The report from the record, in the same few queries whatever the number of comments."""
    now = now or utcnow()
    published_at = consultation.report_published_at
    sections = {s.id: s for s in db.session.scalars(
        select(Section).where(Section.consultation_id == consultation.id))}
    comments = list(db.session.scalars(
        select(Comment).where(Comment.consultation_id == consultation.id)
        .order_by(Comment.id)))
    published = _in_document_order(
        [c for c in comments if c.status == CommentStatus.PUBLISHED], sections)
    rows = []
    for comment in published:
        if comment.decision:
            label = str(DECISION_LABELS.get(comment.decision, comment.decision))
        else:
            label = _("no answer yet")
        rows.append(CommentRow(comment=comment, author=author_text(comment),
                               received=received_text(comment),
                               fragment=fragment_text(sections.get(comment.section_id)),
                               decision_label=label))
    participants = {_participant(c) for c in published}
    organisations = {search_key(c.organisation_name) for c in published
                     if c.for_organisation and (c.organisation_name or "").strip()}
    decisions = {d: sum(1 for c in published if c.decision == d) for d in Decision}
    return Report(
        consultation=consultation,
        report_date=to_local(published_at or now).date(),
        is_preview=published_at is None,
        rows=rows,
        participants=len(participants),
        organisations=len(organisations),
        hidden=sum(1 for c in comments if c.status == CommentStatus.HIDDEN),
        withdrawn=sum(1 for c in comments if c.status == CommentStatus.WITHDRAWN),
        pending=sum(1 for c in comments if c.status == CommentStatus.PENDING),
        unanswered=sum(1 for c in published if c.decision is None),
        late=sum(1 for c in published if is_late(c)),
        offline=sum(1 for c in published if c.channel != PLATFORM),
        decisions=decisions,
        meetings=_meetings(consultation, published_at or now),
    )


# --------------------------------------------------------------------------- texts

def period_text(consultation: Consultation) -> str:
    start = format_day(services.opens_on(consultation))
    if consultation.close_time_given:
        end = format_moment(consultation.last_moment)
    else:
        end = format_day(services.closes_on(consultation))
    return _("from %(start)s to %(end)s", start=start, end=end)


def default_forms(meetings: list[Meeting], offline: bool = False) -> str:
    """What the report says about the forms when staff wrote nothing else."""
    site = current_app.config["CONSULT_SITE_NAME"]
    text = _("written comments submitted through the electronic form on the platform "
             "%(site)s", site=site)
    if offline:
        text += "; " + _("comments submitted on paper, by e-mail or in person")
    if meetings:
        text += "; " + ngettext("a consultation meeting", "consultation meetings",
                                len(meetings))
    return text


def not_in_table_text(report: Report) -> str:
    parts = []
    if report.hidden:
        parts.append(ngettext("%(num)d hidden by the moderator",
                              "%(num)d hidden by the moderator", report.hidden))
    if report.withdrawn:
        parts.append(ngettext("%(num)d withdrawn by its author",
                              "%(num)d withdrawn by their authors", report.withdrawn))
    if report.pending:
        parts.append(ngettext("%(num)d waiting for moderation",
                              "%(num)d waiting for moderation", report.pending))
    return ", ".join(parts)


def element_10_text(consultation: Consultation, now: datetime | None = None) -> str:
    """The text of element 10 of the programme (art. 5a ust. 4 pkt 10 UDPP) written from
    the record, for staff to paste into the draft resolution."""
    return element_10_from(build_report(consultation, now))


def element_10_from(report: Report) -> str:
    c = report.consultation
    sentences = [_(
        "The draft “%(title)s” was prepared by %(institution)s and put to consultation on "
        "the platform %(site)s, where it could be commented on part by part.",
        title=c.title, institution=report.institution,
        site=current_app.config["CONSULT_SITE_NAME"])]
    if c.legal_basis.strip():
        sentences.append(_(
            "The consultation was held %(period)s under %(legal_basis)s; %(who)s could "
            "take part.", period=report.period, legal_basis=c.legal_basis.strip().rstrip("."),
            who=report.participation))
    else:
        sentences.append(_("The consultation was held %(period)s; %(who)s could take part.",
                           period=report.period, who=report.participation))
    sentences.append(_("Forms of consultation: %(forms)s.",
                       forms=report.forms.rstrip(".")))
    if report.comments:
        sentences.append(_(
            "In total %(comments)s were submitted by %(participants)s, including "
            "%(organisations)s.",
            comments=ngettext("%(num)d comment", "%(num)d comments", report.comments),
            participants=ngettext("%(num)d participant", "%(num)d participants",
                                  report.participants),
            organisations=ngettext("%(num)d organisation", "%(num)d organisations",
                                   report.organisations)))
        sentences.append(_("Decisions on the comments: %(list)s.", list=", ".join(
            f"{label} – {count}" for label, count in report.decision_lines())))
    else:
        sentences.append(_("No comments were submitted during the consultation."))
    if report.meetings:
        sentences.append(ngettext(
            "%(num)d consultation meeting was held: %(list)s.",
            "%(num)d consultation meetings were held: %(list)s.", len(report.meetings),
            list="; ".join(m.text for m in report.meetings)))
    url = external_url("consultations.report", slug=c.slug)
    if c.report_published_at:
        sentences.append(_("The consultation report was published on %(date)s at %(url)s.",
                           date=format_day(report.report_date), url=url))
    else:
        sentences.append(_("The consultation report is published at %(url)s.", url=url))
    return " ".join(sentences)


# --------------------------------------------------------------------------- publishing

def publish_report(consultation: Consultation, now: datetime | None = None) -> int:
    """Publish the report (answers become public) and notify the commenters and the
    subscribers; returns how many e-mails were queued.

    A person who commented and also follows the consultation gets one e-mail: the
    commenter's, with the unsubscribe link of their subscription.
    """
    now = now or utcnow()
    blockers = services.report_blockers(consultation, now)
    if blockers:
        raise services.ConsultationError(
            _("The report cannot be published yet: %(reasons)s",
              reasons=" ".join(blockers)))
    if not services.claim_report_publication(consultation, now):
        raise services.ConsultationError(_("The report has already been published."))
    subscriptions = queries.subscriber_addresses(consultation)
    by_address = {s.email.lower(): s for s in subscriptions}
    report_url = external_url("consultations.report", slug=consultation.slug)
    sent = 0
    for author, comments in _comments_by_author(consultation):
        subscription = by_address.pop(author.email.lower(), None)
        _notify(author.email, author.locale, consultation, report_url, user=author,
                comments=comments, subscription=subscription)
        sent += 1
    for subscription in subscriptions:
        if subscription.email.lower() not in by_address:
            continue  # already written to as a commenter
        _notify(subscription.email, subscription.locale, consultation, report_url,
                user=None, comments=[], subscription=subscription)
        sent += 1
    return sent


def _comments_by_author(consultation: Consultation) -> list[tuple[User, list[Comment]]]:
    rows = db.session.execute(
        select(Comment, User).join(User, Comment.author_id == User.id)
        .where(Comment.consultation_id == consultation.id,
               Comment.status == CommentStatus.PUBLISHED)
        .order_by(User.id, Comment.id)).all()
    sections = {s.id: s for s in consultation.sections}
    grouped: dict[int, tuple[User, list[Comment]]] = {}
    for comment, author in rows:
        if not author.email:
            continue
        grouped.setdefault(author.id, (author, []))[1].append(comment)
    return [(author, _in_document_order(comments, sections))
            for author, comments in grouped.values()]


def _notify(address: str, locale: str | None, consultation: Consultation, report_url: str,
            user: User | None, comments: list[Comment], subscription) -> None:
    sections = {s.id: s for s in consultation.sections}
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        answers = [
            {"number": c.number, "fragment": fragment_text(sections.get(c.section_id)),
             "body": c.body,
             "decision": str(DECISION_LABELS.get(c.decision, "")) if c.decision else "",
             "decision_text": c.decision_text}
            for c in comments
        ]
        queue_mail(
            address,
            _("Consultation report published: %(title)s", title=consultation.title),
            "consultations/mail/report_published",
            headers=subscription_mail_headers(subscription) if subscription else None,
            user=user,
            consultation=consultation,
            institution=display_name(consultation.institution),
            answers=answers,
            report_url=report_url,
            subscription=subscription,
            followed=followed_name(subscription) if subscription else None,
            unsubscribe_url=unsubscribe_url(subscription) if subscription else None,
        )
