"""Group registration (consult/events/groups.py): a signed-in coordinator with a proven
address registers several colleagues at once, then sees each one's registration."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.core.security import csrf_checked_by_form, no_store
from consult.events import bp, groups, queries
from consult.events.forms.group import GroupRegistrationForm
from consult.events.models import REGISTRATION_STATUS_LABELS
from consult.events.routes.public import _event_or_404, _locale, _refusal_message
from consult.extensions import db, limiter


def _page(event, form, **context):
    return render_template("events/public/register_group.html", event=event, form=form,
                           max_people=groups.MAX_PEOPLE, **context)


def _coordinator_key() -> str:
    return f"group-coordinator:{current_user.get_id()}"


def _adding_a_row() -> bool:
    return "add_row" in request.form


@bp.route("/events/<slug>/register/group", methods=["GET", "POST"])
@csrf_checked_by_form
@login_required
# Each colleague with an address gets a message: an account may not send that to hundreds
# of addresses an hour. Adding a row sends nothing.
@limiter.limit("10/hour", key_func=_coordinator_key, methods=["POST"],
               exempt_when=_adding_a_row)
@no_store
def register_group(slug):
    event = _event_or_404(slug, queries.event_to_register)
    if current_user.proven_email is None:
        flash(_("Confirm your e-mail address first: the list of the people you register "
                "is sent to it."), "error")
        return redirect(url_for("account.profile"))
    if any(question.required for question in event.questions):
        return _page(event, None)
    form = GroupRegistrationForm()
    if request.method == "POST" and form.add_row.data:
        if len(form.people) < groups.MAX_PEOPLE:
            form.people.append_entry()
        return _page(event, form)
    if form.validate_on_submit():
        colleagues = [groups.Colleague(row["full_name"], row["email"] or "", row["category"])
                      for row in form.colleagues()]
        try:
            result = groups.register_group(event, current_user, form.organisation.data,
                                           colleagues, locale=_locale())
        except groups.GroupRegistrationError as exc:
            db.session.rollback()
            refusal = _("%(name)s: %(reason)s", name=exc.colleague.full_name,
                        reason=_refusal_message(exc.reason, exc.colleague.category))
            return _page(event, form, refusal=refusal)
        db.session.commit()
        return render_template("events/public/group_registered.html", event=event,
                               result=result, status_labels=REGISTRATION_STATUS_LABELS)
    return _page(event, form)
