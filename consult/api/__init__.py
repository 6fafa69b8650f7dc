"""The public, read-only JSON API at /api/v1: public data only, open to every origin."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from consult.api import consultations, network, routes  # noqa: E402, F401
