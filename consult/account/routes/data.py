"""The own data: the download (JSON), the same data as a page to read and print, and
deleting the account with it."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.account import bp, readable_export, services
from consult.account.forms.public import DeleteAccountForm
from consult.auth import sessions
from consult.core.http import content_disposition, download_name
from consult.core.security import csrf_checked_by_form, no_store
from consult.extensions import db


@bp.get("/export.json")
@login_required
@no_store
def export():
    body = json.dumps(services.export_user_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": content_disposition(
            download_name(_("my data"), extension="json"))},
    )


@bp.get("/export.html")
@login_required
@no_store
def export_page():
    """The same data as the JSON download, to read and print."""
    data = services.export_user_data(current_user)
    return render_template("account/public/export.html", areas=readable_export.readable(data),
                           exported=readable_export.exported_at(data))


@bp.route("/delete", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append(_("Wrong password."))
        else:
            user = current_user._get_current_object()
            sessions.forget_browser()
            services.delete_account(user)  # its sign-ins go with it (ON DELETE CASCADE)
            db.session.commit()
            flash(_("Your account and personal data have been deleted."), "success")
            return redirect(url_for("pages.home"))
    return render_template("account/public/delete.html", form=form)
