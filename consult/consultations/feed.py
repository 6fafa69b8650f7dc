"""The Atom feed of consultations: one entry per consultation in its present state, so a
feed reader shows the announcement, the opening, the close and the report as news."""

from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from consult.consultations.models import Consultation, ConsultationStatus
from consult.consultations.page import deadline_notice
from consult.core.text import export_text
from consult.core.timeutil import as_utc, utcnow
from consult.core.urls import external_url

ENTRY_TITLES = {
    ConsultationStatus.PLANNED: lambda title: _("Planned: %(title)s", title=title),
    ConsultationStatus.OPEN: lambda title: _("Open for comments: %(title)s", title=title),
    ConsultationStatus.CLOSED: lambda title: _("Closed: %(title)s", title=title),
    ConsultationStatus.REPORTED: lambda title: _("Report published: %(title)s", title=title),
}


def _milestone(consultation: Consultation, status: str) -> datetime:
    """When the consultation reached its present state, the news its entry announces (the
    announcement, the opening, the close, the report): the entry's "published"."""
    return as_utc({
        ConsultationStatus.PLANNED: consultation.announced_at,
        ConsultationStatus.OPEN: consultation.opens_at,
        ConsultationStatus.CLOSED: consultation.closes_at,
        ConsultationStatus.REPORTED: consultation.report_published_at,
    }[status])


def _entry_updated(consultation: Consultation, status: str) -> datetime:
    """The entry's "updated": its news, or a later edit of the consultation (a corrected
    title or summary), so never before its "published"."""
    return max(_milestone(consultation, status), as_utc(consultation.updated_at))


def atom_feed(consultations: list[Consultation], updated: datetime | None) -> bytes:
    """One entry per consultation in its present state, newest change first. The entry id
    names the state, so a feed reader shows the opening, the close and the report as news.
    Its text goes through ``export_text``: lxml refuses what XML forbids."""
    now = utcnow()
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    feed = FeedGenerator()
    feed.id(external_url("consultations.feed"))
    feed.title(export_text(_("Consultations — %(site)s",
                             site=current_app.config["CONSULT_SITE_NAME"])))
    feed.subtitle(_("New, closing and finished consultations of draft acts with "
                    "non-governmental organisations and residents."))
    feed.link(href=external_url("consultations.feed"), rel="self")
    feed.link(href=external_url("consultations.index"), rel="alternate")
    feed.language(str(get_locale() or "pl"))
    feed.updated(updated or now)
    entries = [(c, c.status_at(now)) for c in consultations]
    entries.sort(key=lambda pair: (_milestone(*pair), pair[0].id), reverse=True)
    for consultation, status in entries:
        info = deadline_notice(consultation, now)
        entry = feed.add_entry(order="append")
        entry.id(f"tag:{host},{consultation.announced_at:%Y-%m-%d}:consultation-"
                 f"{consultation.id}-{status}")
        entry.title(export_text(ENTRY_TITLES[status](consultation.title)))
        entry.link(href=external_url("consultations.detail", slug=consultation.slug))
        entry.updated(_entry_updated(consultation, status))
        entry.published(_milestone(consultation, status))
        entry.author(name=export_text(consultation.institution.name))
        parts = [consultation.institution.name, info["message"]]
        if consultation.summary:
            parts.append(consultation.summary)
        entry.summary(export_text("\n\n".join(parts)))
    return feed.atom_str(pretty=True)
