"""Reads of news: published posts newest first, for the list, the feed, the home page and a
project's page."""

from datetime import datetime

from sqlalchemy import Select, func, select

from consult.core.timeutil import as_utc
from consult.extensions import db
from consult.news.models import NewsPost


def published() -> Select:
    return (select(NewsPost).where(NewsPost.published_at.is_not(None))
            .order_by(NewsPost.published_at.desc(), NewsPost.id.desc()))


def all_posts() -> Select:
    """Staff's list: drafts first, then the published newest first."""
    return select(NewsPost).order_by(NewsPost.published_at.is_not(None),
                                     NewsPost.published_at.desc(), NewsPost.id.desc())


def latest(limit: int = 3) -> list[NewsPost]:
    return list(db.session.scalars(published().limit(limit)))


def news_of_project(project_id: int, limit: int = 10) -> list[NewsPost]:
    """A funding project's published posts, newest first (for the project's page)."""
    return list(db.session.scalars(published().where(NewsPost.project_id == project_id)
                                   .limit(limit)))


def shown_post(slug: str, include_drafts: bool) -> NewsPost | None:
    post = db.session.scalar(select(NewsPost).where(NewsPost.slug == slug))
    if post is None or not (post.is_published or include_drafts):
        return None
    return post


def feed_version() -> tuple[str, datetime | None]:
    """What changes the feed: a post published, edited or withdrawn. Returns (version,
    last modified)."""
    count, changed, last_published = db.session.execute(
        select(func.count(NewsPost.id), func.max(NewsPost.updated_at),
               func.max(NewsPost.published_at))
        .where(NewsPost.published_at.is_not(None))).one()
    moments = [as_utc(moment) for moment in (changed, last_published) if moment is not None]
    return f"{count}:{changed}", max(moments, default=None)
