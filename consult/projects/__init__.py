"""Projects: a funding project's public page with live counters computed from the record
(``/projects/``), the same in the API (``/api/v1/projects``), and the funder's report staff
download per period (XLSX and DOCX). The project itself is edited beside the events
(``events_manage.project_edit``; the model is ``consult.events.funding.FundingProject``).

``bp`` holds the public pages under /projects; ``manage_bp`` the staff's under
/manage/projects.
"""

from flask import Blueprint

bp = Blueprint("projects", __name__, url_prefix="/projects")
manage_bp = Blueprint("projects_manage", __name__, url_prefix="/manage/projects")

from consult.projects import routes  # noqa: E402, F401
