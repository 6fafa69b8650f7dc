"""The mailing list's own pages: the one-click unsubscribe link of every mailing, and the
account page's choice."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form, no_store
from consult.extensions import db
from consult.mailing import bp, services
from consult.mailing.forms import AccountMailingForm


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf_checked_by_form  # the one-click POST of a mail program carries no CSRF token
@no_store
def unsubscribe(token):
    """GET shows a button; POST stops the mailings to the address: from that button, or
    in one click from the mail program (RFC 8058: body ``List-Unsubscribe=One-Click``).
    The random token in the address is the secret, so the one-click POST needs nothing
    else. A wrong token is a 404."""
    email = services.address_of_token(token)
    if email is None:
        abort(404)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    form = ButtonForm()
    if request.method == "POST" and (one_click or form.validate_on_submit()):
        services.unsubscribe_address(email)
        db.session.commit()
        return render_template("mailing/public/unsubscribed.html", email=email)
    return render_template("mailing/public/unsubscribe.html", email=email, form=form,
                           stopped=services.is_unsubscribed(email))


@bp.post("/account")
@login_required
def account_consent():
    """The checkbox on the account page (CSRF is checked for every POST)."""
    if current_user.proven_email is None:
        flash(_("Confirm your e-mail address first: only then can we send you news."), "error")
        return redirect(url_for("account.profile"))
    form = AccountMailingForm()
    wanted = bool(form.consent_mailing.data)
    services.set_account_consent(current_user, wanted)
    db.session.commit()
    if wanted:
        flash(_("We will send you news about trainings, consultations and the federation's "
                "projects. You can stop them at any time."), "success")
    else:
        flash(_("We will not send you the federation's news any more."), "success")
    return redirect(url_for("account.profile") + "#mailing-heading")
