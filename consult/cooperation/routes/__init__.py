"""The monitor's views: public.py (the region and one JST), manage.py (recording)."""

from consult.cooperation.routes import manage, public  # noqa: F401
