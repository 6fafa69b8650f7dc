"""How every /api/v1 answer is made: JSON with an ETag (and Last-Modified where it is
safe) so that a conditional request is answered 304 without building the body, lists in
pages of ``PER_PAGE``, and open to every origin (CORS)."""

from flask import Response, current_app, request

from consult.api import bp
from consult.api.problems import is_api_request
from consult.caching import conditional_response

PER_PAGE = 20
MAX_AGE = 60


def page_number() -> int:
    """``?page=``, already checked to be from 1 to ``description.MAX_PAGE``
    (consult.api.parameters)."""
    return request.args.get("page", 1, type=int)


def conditional_json(version: str, last_modified, build) -> Response:
    return conditional_response(version, last_modified, lambda: current_app.json.dumps(build()),
                                "application/json", MAX_AGE)


@bp.after_app_request
def _cors(response: Response) -> Response:
    """Every answer under /api/, errors too (an unknown path or method never reaches the
    blueprint), so that a page on another site can read it."""
    if not is_api_request():
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
