from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user

from consult.auth import bp, services, sessions, throttle
from consult.auth.forms.public import LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm
from consult.auth.models import ROLE_LABELS
from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form, no_store, safe_next
from consult.core.timeutil import utcnow
from consult.core.tokens import InvalidToken
from consult.core.visitors import submitted_email_key
from consult.extensions import db, limiter


@bp.route("/register", methods=["GET", "POST"])
@csrf_checked_by_form
# A training room of 30 behind one address signs up within a minute; a script trying many
# addresses is stopped by the form's checks (consult.core.antibot) and the hourly limit.
@limiter.limit("60/minute;200/hour", methods=["POST"])
@limiter.limit("5/minute;20/hour", key_func=submitted_email_key, methods=["POST"])
def register():
    next_url = _next_page()
    if current_user.is_authenticated:
        return redirect(next_url or url_for("account.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        services.register_user(form.full_name.data, form.email.data, form.password.data,
                               next_url=next_url)
        db.session.commit()
        return render_template("auth/public/check_inbox.html", email=form.email.data)
    return render_template("auth/public/register.html", form=form, next_url=next_url)


def _next_page() -> str | None:
    """The page of this site the person came from (``?next=``), carried through sign-up, the
    e-mailed link and sign-in, so that they end where they wanted to go."""
    return safe_next(request.values.get("next"), "") or None


@bp.route("/verify/<token>", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
def verify_email(token):
    """The e-mailed link opens a page with a button; only the POST changes anything."""
    try:
        user, next_url = services.verification_from_token(token)
    except InvalidToken as exc:
        return render_template("auth/public/link_invalid.html", expired=exc.expired), 400
    if user.email_verified:
        # A used link signs nobody in: the address is confirmed, the password decides.
        flash(_("Your e-mail address is already confirmed. Sign in with your password."), "info")
        return redirect(url_for("auth.login", next=next_url))
    form = ButtonForm()
    if form.validate_on_submit():
        services.verify_email(user)
        services.record_login(user)
        sessions.sign_in(user)
        throttle.remember_device(throttle.account_key(user.email))  # the mailbox is theirs
        flash(_("Thank you, your e-mail address is confirmed."), "success")
        return redirect(next_url or url_for("account.profile"))
    return render_template("auth/public/verify.html", form=form, user=user)


@bp.route("/login", methods=["GET", "POST"])
@csrf_checked_by_form
# Per connection, generous: a training room of 30 behind one office address signs in
# within a minute. Guessing one account's password (from one connection or many) is slowed
# down by consult/auth/throttle.py, which never keeps the owner out of their own browser.
@limiter.limit("60/minute;300/hour", methods=["POST"])
def login():
    came_from = _next_page()
    next_url = came_from or url_for("pages.home")
    if current_user.is_authenticated:
        return redirect(next_url)
    form = LoginForm()
    if form.validate_on_submit():
        attempt = throttle.Attempt(form.email.data)
        wait_until = attempt.start()
        if wait_until is not None:
            return _must_wait(form, came_from, wait_until)
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong e-mail address or password."))
        elif not user.email_verified:
            attempt.succeeded()
            services.send_verification(user, came_from)
            db.session.commit()
            flash(
                _("Confirm your e-mail address first: we have sent you a new link."), "warning"
            )
        else:
            attempt.succeeded()
            services.record_login(user)
            sessions.sign_in(user, remember=form.remember.data)
            throttle.remember_device(attempt.account)
            flash(_("You are signed in."), "success")
            return redirect(next_url)
    return render_template("auth/public/login.html", form=form, next_url=came_from)


def _must_wait(form, next_url, wait_until):
    """The form again, with when the address may be tried next (the password unchecked)."""
    wait = max(wait_until - utcnow(), timedelta(seconds=1))
    form.password.errors.append(_(
        "Too many attempts to sign in with this address. Try again %(wait)s. If you have "
        "forgotten your password, set a new one: then this browser can sign in at once.",
        wait=format_timedelta(wait, threshold=0.9, add_direction=True),
    ))
    page = render_template("auth/public/login.html", form=form, next_url=next_url)
    return page, 429, {"Retry-After": str(int(wait.total_seconds()) + 1)}


@bp.post("/logout")
def logout():
    sessions.sign_out()
    flash(_("You are signed out."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/reset", methods=["GET", "POST"])
@csrf_checked_by_form
@limiter.limit("5/minute;20/hour", methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/public/check_inbox.html", email=form.email.data, reset=True)
    return render_template("auth/public/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
@limiter.limit("10/minute", methods=["POST"])
def reset_password(token):
    try:
        user = services.user_from_reset_token(token)
    except InvalidToken as exc:
        return render_template("auth/public/link_invalid.html", expired=exc.expired,
                               reset=True), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)  # ends every sign-in of the account
        db.session.commit()
        sessions.forget_browser()  # whoever was signed in here: the new password decides
        throttle.remember_device(throttle.account_key(user.email))  # the mailbox is theirs
        flash(_("Your new password is set. You can sign in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/public/reset_password.html", form=form)


@bp.app_context_processor
def _login_settings():
    return {
        "password_min_length": current_app.config["PASSWORD_MIN_LENGTH"],
        "remember_days": current_app.config["REMEMBER_COOKIE_DURATION"].days,
        "role_label": lambda role: ROLE_LABELS.get(role, role),
    }
