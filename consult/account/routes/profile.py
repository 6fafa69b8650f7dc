"""The own profile: name, phone and language; the e-mail address and the password; the
sign-ins on other devices."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.account import bp, services
from consult.account.forms.public import EmailChangeForm, PasswordChangeForm, ProfileForm
from consult.auth import sessions, throttle
from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.tokens import InvalidToken
from consult.extensions import db
from consult.mailing import services as mailing
from consult.mailing.forms import AccountMailingForm


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
    return render_template("account/public/profile.html", form=form,
                           other_sessions=sessions.other_sessions_count(current_user),
                           mailing_form=AccountMailingForm(
                               formdata=None,
                               consent_mailing=mailing.account_subscribed(current_user)))


@bp.post("/sessions/end-others")
@login_required
def end_other_sessions():
    """"Sign out everywhere else": every other sign-in of the account ends, and this
    browser gets a new one (a copy of its cookies stops working too). CSRF is checked for
    every POST (consult.core.security)."""
    sessions.end_other_sessions(current_user._get_current_object())
    flash(_("You are signed out everywhere else."), "success")
    return redirect(url_for(".profile"))


@bp.route("/email", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.password.data):
            form.password.errors.append(_("Wrong password."))
        else:
            services.request_email_change(current_user, form.new_email.data)
            db.session.commit()
            flash(
                _("We have sent a confirmation link to %(email)s. Your address changes "
                  "once you open it.", email=form.new_email.data),
                "success",
            )
            return redirect(url_for(".profile"))
    return render_template("account/public/change_email.html", form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
def confirm_email(token):
    """Opened from the e-mail: a page with a button, the POST changes the address."""
    try:
        user, new_email = services.user_from_email_change_token(token)
    except InvalidToken as exc:
        return render_template("auth/public/link_invalid.html", expired=exc.expired), 400
    form = ButtonForm()
    if form.validate_on_submit():
        try:
            services.confirm_email_change(user, new_email)
        except services.EmailTaken:
            flash(_("Another account already uses this address."), "error")
            return redirect(url_for(".profile"))
        # The address that signs in and receives password links has changed: the sign-ins
        # made before end, this browser gets a new one (unless someone else is signed in
        # here), and it becomes a known browser of the new address.
        signs_in_here = not current_user.is_authenticated or current_user.id == user.id
        sessions.end_other_sessions(user, sign_in_here=True)
        if signs_in_here:
            throttle.remember_device(throttle.account_key(new_email))
        flash(_("Your e-mail address is now %(email)s. Other devices and browsers are "
                "signed out.", email=new_email), "success")
        return redirect(url_for(".profile"))
    return render_template("account/public/confirm_email.html", form=form, new_email=new_email)


@bp.route("/password", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("Wrong password."))
        else:
            user = current_user._get_current_object()
            services.change_password(user, form.password.data)
            throttle.clear_account(user.email)  # guesses at the old password no longer matter
            sessions.end_other_sessions(user)  # commits; this browser gets a new sign-in
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for(".profile"))
    return render_template("account/public/change_password.html", form=form)
