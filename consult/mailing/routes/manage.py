"""Staff's page of the mailing list: write, preview with the count of recipients, send;
the mailings sent before."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.core.forms import choices
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form, no_store
from consult.core.text import render_markdown
from consult.extensions import db
from consult.institutions.models import Institution
from consult.institutions.naming import display_name
from consult.mailing import manage_bp, queries
from consult.mailing.forms import ALL_AREAS, NOT_GIVEN, MailingForm
from consult.mailing.mail import send_mailing
from consult.mailing.models import AUDIENCE_LABELS, Audience
from consult.manage.queries import counties
from consult.organisations.choices import AREA_LABELS


def _form() -> MailingForm:
    form = MailingForm()
    form.area.choices = choices([(ALL_AREAS, _("all areas"))] + list(AREA_LABELS.items()))
    form.powiat.choices = choices([(NOT_GIVEN, _("all counties"))]
                                  + [(county.id, display_name(county)) for county in counties()])
    return form


@manage_bp.route("/", methods=["GET", "POST"], endpoint="index")
@csrf_checked_by_form
@staff_required
@no_store
def index():
    form = _form()
    preview = None
    if form.validate_on_submit():
        audience = form.audience.data
        to_organisations = audience != Audience.PARTICIPANTS
        area = (form.area.data or None) if to_organisations else None
        powiat = (db.session.get(Institution, form.powiat.data)
                  if to_organisations and form.powiat.data else None)
        count = queries.count_recipients(audience, area, powiat.id if powiat else None)
        confirmed = form.previewed.data == form.filters_key()
        if "send" in request.form and confirmed and count:
            mailing = send_mailing(form.subject.data, form.body.data, audience, area=area,
                                   powiat=powiat, sent_by=current_user)
            db.session.commit()
            flash(ngettext("The message is queued for %(num)d address.",
                           "The message is queued for %(num)d addresses.",
                           mailing.recipients), "success")
            return redirect(url_for(".index"))
        if "send" in request.form and not confirmed:
            flash(_("The recipients changed: check how many get it, then send."), "info")
        preview = {"count": count, "subject": form.subject.data,
                   "body": render_markdown(form.body.data), "audience": audience}
        form.previewed.data = form.filters_key()
    page = paginate(queries.past_mailings(), request.args.get("page", 1, type=int) or 1)
    return render_template("mailing/manage/index.html", form=form, preview=preview, page=page,
                           audience_labels=AUDIENCE_LABELS, area_labels=AREA_LABELS,
                           Audience=Audience)
