"""The Atom feed of news posts (as the consultations' feed is built): one entry per
published post, newest first."""

from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _

from consult.core.text import export_text
from consult.core.timeutil import as_utc, utcnow
from consult.core.urls import external_url
from consult.news.models import NewsPost


def atom_feed(posts: list[NewsPost], updated: datetime | None) -> bytes:
    """The entry id names the post by its number and the day of its first publication, so
    it stays the same when the post's title or slug is corrected."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    feed = FeedGenerator()
    feed.id(external_url("news.feed"))
    feed.title(export_text(_("News — %(site)s", site=current_app.config["CONSULT_SITE_NAME"])))
    feed.subtitle(_("News of the federation: trainings, projects, publications."))
    feed.link(href=external_url("news.feed"), rel="self")
    feed.link(href=external_url("news.index"), rel="alternate")
    feed.language(str(get_locale() or "pl"))
    feed.updated(updated or utcnow())
    for post in posts:
        published = as_utc(post.published_at)
        entry = feed.add_entry(order="append")
        entry.id(f"tag:{host},{published:%Y-%m-%d}:news-{post.id}")
        entry.title(export_text(post.title))
        entry.link(href=external_url("news.detail", post_slug=post.slug))
        entry.published(published)
        entry.updated(max(published, as_utc(post.updated_at)))
        if post.author is not None:
            entry.author(name=export_text(post.author.full_name))
        entry.summary(export_text(post.lead or post.title))
    return feed.atom_str(pretty=True)
