"""Following by e-mail: subscribe to a consultation or an institution, confirm, unsubscribe.

The answer to "follow" is the same whether or not the address already follows; the
unsubscribe link works with one click from the mail program (RFC 8058).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from consult.consultations import bp, following, mail
from consult.consultations.forms.public import FollowForm
from consult.consultations.models import Consultation, Subscription
from consult.core.forms import ButtonForm
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.visitors import submitted_email_key
from consult.extensions import db, limiter
from consult.institutions.models import Institution


def _announced_or_404(slug: str) -> Consultation:
    return db.first_or_404(select(Consultation).where(
        Consultation.slug == slug, Consultation.announced_at.is_not(None)))


def _subscription_or_404(token: str) -> Subscription:
    subscription = following.subscription_by_token(token)
    if subscription is None:
        abort(404)
    return subscription


def _followed_page(subscription_target: Consultation | Institution) -> str:
    if isinstance(subscription_target, Consultation):
        return url_for(".detail", slug=subscription_target.slug)
    return url_for(".index", institution=subscription_target.teryt)


def _follow(consultation: Consultation | None = None, institution: Institution | None = None):
    target = consultation or institution
    name = (consultation.title if consultation is not None else
            _("all consultations of %(institution)s", institution=institution.name))
    trusted = current_user.is_authenticated and current_user.email_verified
    if trusted:
        form = ButtonForm()
    else:
        prefill = {"email": current_user.email} if current_user.is_authenticated else None
        form = FollowForm(data=prefill if request.method == "GET" else None)
    if form.validate_on_submit():
        email = current_user.email if trusted else form.email.data
        following.subscribe(email, consultation=consultation, institution=institution,
                            user=current_user if trusted else None,
                            locale=str(get_locale() or "pl"))
        db.session.commit()
        if trusted:
            flash(_("You follow %(name)s. We will write to %(email)s.", name=name,
                    email=current_user.email), "success")
            return redirect(_followed_page(target))
        return render_template("consultations/public/follow_check_inbox.html", name=name,
                               email=email, back_url=_followed_page(target))
    return render_template("consultations/public/follow.html", form=form, name=name,
                           trusted=trusted, back_url=_followed_page(target))


# A meeting of 30 people following from one office address must get through; a script
# writing to many addresses meets the form's checks (consult.core.antibot) and the hourly
# limit, and one address is written to at most a few times.
@bp.route("/<slug>/follow", methods=["GET", "POST"])
@csrf_checked_by_form
@limiter.limit("60/minute;300/hour", methods=["POST"])
@limiter.limit("3/minute;10/hour", key_func=submitted_email_key, methods=["POST"])
def follow(slug):
    return _follow(consultation=_announced_or_404(slug))


@bp.route("/institutions/<teryt>/follow", methods=["GET", "POST"])
@csrf_checked_by_form
@limiter.limit("60/minute;300/hour", methods=["POST"])
@limiter.limit("3/minute;10/hour", key_func=submitted_email_key, methods=["POST"])
def follow_institution(teryt):
    institution = db.first_or_404(select(Institution).where(Institution.teryt == teryt))
    return _follow(institution=institution)


@bp.route("/subscriptions/<token>/confirm", methods=["GET", "POST"])
@no_store
def confirm_subscription(token):
    """The e-mailed link opens a page with a button; only the POST confirms."""
    subscription = _subscription_or_404(token)
    name = mail.followed_name(subscription)
    if request.method == "POST":
        following.confirm(subscription)
        db.session.commit()
        flash(_("Thank you, you follow %(name)s.", name=name), "success")
        return redirect(_followed_page(subscription.consultation or subscription.institution))
    return render_template("consultations/public/confirm_subscription.html",
                           subscription=subscription, name=name, form=ButtonForm())


@bp.route("/subscriptions/<token>/unsubscribe", methods=["GET", "POST"])
@csrf_checked_by_form  # the one-click POST of a mail program carries no CSRF token
@no_store
def unsubscribe(token):
    """GET shows a button; POST unsubscribes: from that button, or in one click from the
    mail program (RFC 8058: body ``List-Unsubscribe=One-Click``). The token in the address
    is the secret, so the one-click POST needs nothing else."""
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    subscription = following.subscription_by_token(token)
    if subscription is None:
        if request.method == "POST":  # unsubscribed already: the same answer again
            return render_template("consultations/public/unsubscribed.html", name=None)
        abort(404)
    name = mail.followed_name(subscription)
    form = ButtonForm()
    if request.method == "POST" and (one_click or form.validate_on_submit()):
        following.unsubscribe(subscription)
        db.session.commit()
        return render_template("consultations/public/unsubscribed.html", name=name)
    return render_template("consultations/public/unsubscribe.html", subscription=subscription,
                           name=name, form=form)
