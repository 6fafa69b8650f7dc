"""The library of materials: guides, research reports, presentations and recordings.

``bp`` holds the public pages under /materials; ``manage_bp`` the staff's pages under
/manage/materials.
"""

from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/materials")
manage_bp = Blueprint("library_manage", __name__, url_prefix="/manage/materials")

from consult.library import routes  # noqa: E402, F401
