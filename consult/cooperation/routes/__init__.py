"""The monitor's views: public.py (the region and one JST), manage.py (recording),
manage_interventions.py (the federation's interventions, staff only)."""

from consult.cooperation.routes import manage, manage_interventions, public  # noqa: F401
