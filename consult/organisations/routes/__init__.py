"""The register's views: public.py (the public listing), manage.py (staff). Importing this
package loads them onto the blueprints it gives to consult/blueprints.py."""

from consult.organisations import bp, manage_bp
from consult.organisations.routes import manage, public  # noqa: F401

__all__ = ["bp", "manage_bp"]
