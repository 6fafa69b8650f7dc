"""News: the federation's posts at /news/ with an Atom feed.

``bp`` holds the public pages under /news; ``manage_bp`` the staff's pages under /manage/news.
"""

from flask import Blueprint

bp = Blueprint("news", __name__, url_prefix="/news")
manage_bp = Blueprint("news_manage", __name__, url_prefix="/manage/news")

from consult.news import routes  # noqa: E402, F401
