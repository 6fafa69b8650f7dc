"""The mailing list's views: public.py (unsubscribe, the account's choice), manage.py
(staff). Importing this package loads them onto the blueprints it gives to
consult/blueprints.py."""

from consult.mailing import bp, manage_bp
from consult.mailing.routes import manage, public  # noqa: F401

__all__ = ["bp", "manage_bp"]
