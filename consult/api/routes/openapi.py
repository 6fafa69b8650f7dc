"""GET /api/v1/openapi.json: the OpenAPI description of the API (consult.api.description)."""

from flask import jsonify

from consult.api import bp, description


@bp.get("/openapi.json", endpoint="openapi")
def openapi_document():
    return jsonify(description.document())
