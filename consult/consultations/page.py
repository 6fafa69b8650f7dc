"""A consultation's public page as its template gets it: the notice about the period, the
table of contents, which comments are listed where (all under their sections, counts and
links, or one filtered page), and where a given comment is listed.

Few comments are all shown under their sections; many (over ``queries.INLINE_LIMIT``) are
counted per section with a link to that section's comments, so the page costs the same
however many there are. ``?section=`` and ``?decision=`` list the matching comments, 100 a
page.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.auth.models import User
from consult.consultations import editing, kept, queries, services
from consult.consultations.models import (
    Comment,
    Consultation,
    ConsultationStatus,
    Decision,
    Section,
)
from consult.consultations.sections import table_of_contents
from consult.core.datetext import format_clock, format_day
from consult.core.pagination import Page, paginate
from consult.core.request_data import bounded_int
from consult.core.timeutil import utcnow

WHOLE_DOCUMENT = queries.WHOLE_DOCUMENT  # ?section= value: the whole document


def _day_and_time(value: datetime) -> tuple[str, str]:
    return format_day(value), format_clock(value)


def deadline_notice(consultation: Consultation, now: datetime | None = None) -> dict:
    """What the top of the page says about the period: the message and the days left."""
    now = now or utcnow()
    status = consultation.status_at(now)
    last_day, last_time = _day_and_time(consultation.last_moment)
    info = {"status": status, "days_left": None}
    if status == ConsultationStatus.OPEN:
        info["message"] = _("Comments until %(day)s, %(time)s", day=last_day, time=last_time)
        left = services.days_left(consultation, now)
        info["days_left"] = left
        info["left"] = (_("Today is the last day.") if left <= 0 else
                        ngettext("%(num)d day left", "%(num)d days left", left))
    elif status in (ConsultationStatus.PLANNED, ConsultationStatus.DRAFT):
        first_day, first_time = _day_and_time(consultation.opens_at)
        info["message"] = _(
            "Comments will be accepted from %(start_day)s, %(start_time)s until %(day)s, "
            "%(time)s.", start_day=first_day, start_time=first_time, day=last_day,
            time=last_time)
    elif status == ConsultationStatus.CLOSED:
        info["message"] = _("The consultation closed on %(day)s, %(time)s. The report is being "
                            "prepared.", day=last_day, time=last_time)
    else:
        info["message"] = _("The consultation closed on %(day)s, %(time)s. The report has been "
                            "published.", day=last_day, time=last_time)
    return info


def section_id_from(value) -> int | None:
    """A section id typed into the query string or a form; None for anything else."""
    try:
        return bounded_int(value)
    except (TypeError, ValueError):
        return None


def section_filter(value: str | None, sections: list[Section]) -> int | str | None:
    """The part ``?section=`` asks for: a section of this draft, ``WHOLE_DOCUMENT``, or None
    (every part)."""
    if value == WHOLE_DOCUMENT:
        return WHOLE_DOCUMENT
    section_id = section_id_from(value)
    if section_id is not None and any(s.id == section_id for s in sections):
        return section_id
    return None


@dataclass
class CommentsShown:
    """What the page lists under the draft: ``sections`` as (section, its comments here, or
    None when collapsed to a count and a link), ``document`` the comments on the whole
    document (None: that block is not shown), ``page`` the page of a filtered list."""

    sections: list[tuple[Section, list[Comment] | None]]
    document: list[Comment] | None
    page: Page | None = None

    @property
    def comments(self) -> list[Comment]:
        return [c for _s, items in self.sections for c in items or ()] + (self.document or [])


def comments_shown(consultation: Consultation, counts: queries.SectionCommentCounts,
                   viewer_id: int | None, part: int | str | None, decision: str | None,
                   page_number: int) -> CommentsShown:
    """Unfiltered: every comment under its section (up to INLINE_LIMIT of them), or only
    counts and links (more). Filtered by part or decision: one page of the matching
    comments, read with SQL filters."""
    sections = consultation.sections
    if part is None and decision is None:
        if counts.collapsed:
            return CommentsShown([(s, None) for s in sections], None)
        grouped = queries.group_comments(queries.visible_comments(consultation, viewer_id),
                                         {s.id for s in sections})
        return CommentsShown([(s, grouped.of(s.id)) for s in sections], grouped.of(None))
    page = paginate(queries.comments_of_part(consultation, viewer_id, part, decision),
                    page_number, queries.COMMENTS_PER_PAGE)
    grouped = queries.group_comments(page.items, {s.id for s in sections})
    if part is None:
        # One decision in every part: the sections with a matching comment on this page;
        # the whole document's block (last in document order) once its comments come, or
        # on the last page to say there are none.
        shown = [(s, grouped.of(s.id)) for s in sections if grouped.of(s.id)]
        document = grouped.of(None)
        return CommentsShown(shown, document if document or page.page >= page.pages
                             else None, page)
    if part == WHOLE_DOCUMENT:
        return CommentsShown([], grouped.of(None), page)
    return CommentsShown([(s, grouped.of(s.id)) for s in sections if s.id == part],
                         None, page)


def list_anchor(part: int | str | None) -> str:
    """Where a link to a part's comments (or a page of them) lands."""
    if part == WHOLE_DOCUMENT:
        return "document-comments"
    if part is not None:
        return f"section-{part}-comments"
    return "matching-comments"


def page_context(consultation: Consultation, viewer: User | None, section_value: str | None,
                 decision_value: str | None, page_number: int) -> dict:
    """What ``_detail_body.html`` shows to this viewer (None: anyone not signed in) for the
    filters in the query string."""
    now = utcnow()
    viewer_id = viewer.id if viewer is not None else None
    sections = consultation.sections
    counts = queries.section_counts_for_viewer(consultation, viewer_id,
                                                {s.id for s in sections})
    answers_public = consultation.report_published_at is not None
    chosen_section = section_filter(section_value, sections)
    decision = (decision_value if answers_public and decision_value in tuple(Decision)
                else None)
    shown = comments_shown(consultation, counts, viewer_id, chosen_section, decision,
                           page_number)
    changeable = {c.id for c in shown.comments if viewer is not None
                  and c.author_id == viewer_id and services.can_change(c, viewer, now)}
    return {
        "consultation": consultation, "now": now, "status": consultation.status_at(now),
        "deadline": deadline_notice(consultation, now),
        "toc": table_of_contents(sections), "counts": counts, "shown": shown.sections,
        "document_comments": shown.document, "page": shown.page,
        "collapsed": counts.collapsed, "list_anchor": list_anchor(chosen_section),
        "chosen_section": chosen_section, "decision": decision, "decisions": tuple(Decision),
        "answers_public": answers_public,
        "filtered": chosen_section is not None or decision is not None,
        "matching_count": shown.page.total if shown.page else 0,
        "checklist": editing.checklist(consultation) if consultation.is_programme else None,
        "meetings": [m for m in consultation.meetings if m.is_published or m.is_cancelled],
        "changeable": changeable, "viewer_id": viewer_id, "whole_document": WHOLE_DOCUMENT,
    }


def comment_url(consultation: Consultation, comment: Comment, viewer_id: int | None) -> str:
    """Where the page lists the comment: under its section when all comments are shown,
    otherwise on its page of its section's comments."""
    anchor = f"comment-{comment.id}"
    known = kept.section_choice(consultation, comment.section_id) is not None
    part = comment.section_id if known else WHOLE_DOCUMENT
    number = queries.page_of_comment(consultation, viewer_id, comment, part)
    if number is None:
        return url_for("consultations.detail", slug=consultation.slug, _anchor=anchor)
    return url_for("consultations.detail", slug=consultation.slug, section=part,
                   page=number if number > 1 else None, _anchor=anchor)
