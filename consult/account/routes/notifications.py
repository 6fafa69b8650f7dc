"""/account/notifications: the e-mails staff and institution managers choose to get
(consult/manage/mail.py). Other accounts have none to choose: 404."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.account import bp
from consult.account.forms.public import NotificationsForm
from consult.core.security import csrf_checked_by_form
from consult.extensions import db


@bp.route("/notifications", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def notifications():
    if not (current_user.is_staff or current_user.is_manager):
        abort(404)
    form = NotificationsForm(data={"flagged_comments": current_user.notify_flagged_comments,
                                   "daily_digest": current_user.notify_daily_digest})
    if form.validate_on_submit():
        current_user.notify_flagged_comments = form.flagged_comments.data
        current_user.notify_daily_digest = form.daily_digest.data
        db.session.commit()
        flash(_("Your choice of e-mails is saved."), "success")
        return redirect(url_for(".notifications"))
    return render_template("account/public/notifications.html", form=form)
