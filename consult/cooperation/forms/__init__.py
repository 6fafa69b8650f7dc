"""Forms of the cooperation monitor by audience: manage.py (recording the cycle)."""
