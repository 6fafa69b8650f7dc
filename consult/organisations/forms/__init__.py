"""The register's forms: manage.py (staff)."""
