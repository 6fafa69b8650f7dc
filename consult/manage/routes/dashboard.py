"""/manage/: what needs doing, for staff and institution managers."""

from flask import render_template
from flask_login import current_user

from consult.core.permissions import manager_required
from consult.manage import bp, inbox


@bp.get("/")
@manager_required
def dashboard():
    return render_template("manage/manage/dashboard.html", inbox=inbox.inbox_of(current_user))
