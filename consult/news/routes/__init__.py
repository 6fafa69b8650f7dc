"""The views of news: public.py (the list, a post, its image, the feed), manage.py (staff)."""

from consult.news.routes import manage, public  # noqa: F401
