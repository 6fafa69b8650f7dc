"""The registrant changes what they told the organisers (organisation, position, phone,
needs) until the event starts, from their own page (/registrations/<token>): the secret
link is the key, as for cancelling, so a guest without an account can do it too."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField

from consult.core.security import csrf_checked_by_form, no_store
from consult.events import bp, queries, services
from consult.events.forms.public import RegistrationForm
from consult.events.models import CATEGORY_LABELS
from consult.extensions import db


class RegistrationDetailsForm(FlaskForm):
    """The registration form's own fields for what may change; their rules stay the same."""

    # The registration's category, set by the view (never taken from the request): the
    # organisation is required for NGO and JST participants.
    category = HiddenField()
    organisation = RegistrationForm.organisation
    position = RegistrationForm.position
    phone = RegistrationForm.phone
    needs = RegistrationForm.needs
    consent_needs = RegistrationForm.consent_needs
    validate_consent_needs = RegistrationForm.validate_consent_needs


@bp.context_processor
def _details_changeable() -> dict:
    """For the registrant's page: whether to offer the change of details."""
    return {"details_changeable": lambda registration:
            services.details_refusal(registration) is None}


@bp.route("/registrations/<token>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@no_store
def edit_registration(token):
    registration = db.first_or_404(queries.registration_by_token(token))
    back = url_for(".registration", token=token)
    if services.details_refusal(registration) is not None:
        flash(_("The details of this registration can no longer be changed."), "error")
        return redirect(back)
    form = RegistrationDetailsForm(obj=registration)
    form.category.data = registration.category
    if form.validate_on_submit():
        details = services.RegistrationDetails(
            organisation=form.organisation.data or "", position=form.position.data or "",
            phone=form.phone.data or "", needs=form.needs.data or "",
            consent_needs=form.consent_needs.data)
        actor = current_user if current_user.is_authenticated else None
        changed = services.change_registration_details(registration, details, actor)
        db.session.commit()
        flash(_("Your details are saved.") if changed else _("Nothing was changed."),
              "success" if changed else "info")
        return redirect(back)
    return render_template("events/public/registration_edit.html", form=form,
                           registration=registration, event=registration.event,
                           category_labels=CATEGORY_LABELS)
