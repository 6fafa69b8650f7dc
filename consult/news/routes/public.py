"""Public pages of news: the list, a post, its image and the Atom feed. Drafts are 404 to
everyone but staff."""

import io

from flask import abort, render_template, request, send_file
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.orm import undefer

from consult.caching import conditional_response
from consult.core.pagination import paginate
from consult.extensions import db
from consult.news import bp, queries
from consult.news.feed import atom_feed
from consult.news.models import NewsPost

PER_PAGE = 10


def _staff() -> bool:
    return current_user.is_authenticated and current_user.is_staff


@bp.get("/")
def index():
    page = paginate(queries.published(), request.args.get("page", type=int), PER_PAGE)
    return render_template("news/public/index.html", page=page)


@bp.get("/<post_slug>/")
def detail(post_slug):
    post = queries.shown_post(post_slug, include_drafts=_staff())
    if post is None:
        abort(404)
    return render_template("news/public/detail.html", post=post)


@bp.get("/<int:post_id>/image")
def image(post_id):
    post = db.session.get(NewsPost, post_id, options=[undefer(NewsPost.image_data)])
    if post is None or not post.has_image or not (post.is_published or _staff()):
        abort(404)
    return send_file(io.BytesIO(post.image_data), mimetype=post.image_content_type,
                     max_age=3600)


@bp.get("/feed.atom")
def feed():
    version, last_modified = queries.feed_version()
    return conditional_response(
        f"{version}:{get_locale()}", last_modified,
        lambda: atom_feed(list(db.session.scalars(queries.published().limit(50))),
                          last_modified),
        "application/atom+xml; charset=utf-8")
