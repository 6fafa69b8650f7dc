import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consult.account import bp, services
from consult.account.forms import (
    DeleteAccountForm,
    EmailChangeForm,
    PasswordChangeForm,
    ProfileForm,
)
from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.tokens import InvalidToken
from consult.extensions import db


@bp.route("", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
@no_store
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(
            current_user, form.full_name.data, form.phone.data, form.locale.data
        )
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for(".profile"))
    return render_template("account/profile.html", form=form)


@bp.route("/email", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append(_("Wrong password."))
        else:
            try:
                services.request_email_change(current_user, form.new_email.data)
            except services.EmailTaken:
                form.new_email.errors.append(_("Another account already uses this address."))
            else:
                db.session.commit()
                flash(
                    _("We have sent a confirmation link to %(email)s. Your address changes "
                      "once you open it.", email=form.new_email.data),
                    "success",
                )
                return redirect(url_for(".profile"))
    return render_template("account/change_email.html", form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
def confirm_email(token):
    """Opened from the e-mail: a page with a button, the POST changes the address."""
    try:
        user, new_email = services.user_from_email_change_token(token)
    except InvalidToken as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired), 400
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            services.confirm_email_change(user, new_email)
        except services.EmailTaken:
            flash(_("Another account already uses this address."), "error")
            return redirect(url_for(".profile"))
        db.session.commit()
        if not current_user.is_authenticated:
            login_user(user)
        flash(_("Your e-mail address is now %(email)s.", email=new_email), "success")
        return redirect(url_for(".profile"))
    return render_template("account/confirm_email.html", form=form, new_email=new_email)


@bp.route("/password", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("Wrong password."))
        else:
            services.change_password(current_user, form.password.data)
            db.session.commit()
            login_user(current_user)  # the session version changed: keep this session
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for(".profile"))
    return render_template("account/change_password.html", form=form)


@bp.get("/export.json")
@login_required
@no_store
def export():
    body = json.dumps(services.export_user_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="moje-dane.json"'},
    )


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
            logout_user()
            services.delete_account(user)
            db.session.commit()
            flash(_("Your account and personal data have been deleted."), "success")
            return redirect(url_for("pages.home"))
    return render_template("account/delete.html", form=form)


