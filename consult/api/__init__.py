"""The public, read-only JSON API at /api/v1: public data only, open to every origin."""

from flask import Blueprint, current_app

from consult.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Per client address: each visitor of a page that embeds the API has their own, so only a
# script calling in a loop meets the limit (and gets a JSON 429, like every API error).
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)

from consult.api import parameters, responses, routes  # noqa: E402, F401
