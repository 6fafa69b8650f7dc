"""The library's views: public.py (the list, a material, its download), manage.py (staff)."""

from consult.library.routes import manage, public  # noqa: F401
