"""Staff invite respondents by e-mail: addresses pasted or from a CSV file, or the network's
members of the diagnosis's JST; then send the invitations, and once a reminder."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.core.forms import ButtonForm, choices
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.research import invitations, manage_bp, services
from consult.research.forms.manage import GroupChoiceForm, InvitationsForm
from consult.research.forms.respond import english
from consult.research.routes.manage import _diagnosis_or_404, _refused, render
from consult.research.status import accepting_answers

NETWORK_PREFIX = "network"
MAX_FILE_BYTES = 2 * 1024 * 1024


def _group_choices(diagnosis) -> list:
    return choices(
        (group.key, f"{group.name_en if english() else group.name_pl} ({group.key})")
        for group in diagnosis.groups)


def _page(diagnosis, form=None, network_form=None, errors=(), status: int = 200):
    choices = _group_choices(diagnosis)
    form = form or InvitationsForm(formdata=None)
    network_form = network_form or GroupChoiceForm(formdata=None, prefix=NETWORK_PREFIX)
    form.group.choices = network_form.group.choices = choices
    return render("invitations.html", status=status, diagnosis=diagnosis, form=form,
                  network_form=network_form, errors=list(errors), button_form=ButtonForm(),
                  summary=invitations.summary(diagnosis), accepting=accepting_answers(diagnosis))


def _added(added: int, skipped: int) -> None:
    flash(ngettext("%(num)d address is added.", "%(num)d addresses are added.", added)
          + (" " + ngettext("%(num)d was already invited and is skipped.",
                            "%(num)d were already invited and are skipped.", skipped)
             if skipped else ""), "success")


@manage_bp.route("/<int:diagnosis_id>/invitations", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def invitations_page(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    if request.method == "GET":
        return _page(diagnosis)
    form = InvitationsForm()
    form.group.choices = _group_choices(diagnosis)
    if not form.validate_on_submit():
        return _page(diagnosis, form=form)
    default = next(g for g in diagnosis.groups if g.key == form.group.data)
    parsed = invitations.parse_list(form.addresses.data or "", diagnosis, default)
    if form.file.data:
        data = form.file.data.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            form.file.errors.append(_("The file is larger than 2 MB."))
            return _page(diagnosis, form=form)
        from_file = invitations.parse_csv(data, diagnosis, default)
        parsed.entries += from_file.entries
        parsed.errors += from_file.errors
    if parsed.errors:
        # Nothing is added until every line is right: staff correct the list and send it
        # again, with what they typed kept.
        form.addresses.errors.extend(parsed.errors)
        return _page(diagnosis, form=form)
    try:
        added, skipped = invitations.add_invitations(diagnosis, parsed.entries)
    except services.ResearchError as error:
        _refused(error, form)
        return _page(diagnosis, form=form)
    db.session.commit()
    _added(added, skipped)
    return redirect(url_for(".invitations_page", diagnosis_id=diagnosis.id))


@manage_bp.post("/<int:diagnosis_id>/invitations/network")
@csrf_checked_by_form
@staff_required
def invitations_network(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    form = GroupChoiceForm(prefix=NETWORK_PREFIX)
    form.group.choices = _group_choices(diagnosis)
    if not form.validate_on_submit():
        return _page(diagnosis, network_form=form)
    group = next(g for g in diagnosis.groups if g.key == form.group.data)
    try:
        added, skipped = invitations.add_invitations(
            diagnosis, invitations.network_entries(diagnosis, group))
    except services.ResearchError as error:
        _refused(error)
        return redirect(url_for(".invitations_page", diagnosis_id=diagnosis.id))
    db.session.commit()
    _added(added, skipped)
    return redirect(url_for(".invitations_page", diagnosis_id=diagnosis.id))


@manage_bp.post("/<int:diagnosis_id>/invitations/send")
@staff_required
def invitations_send(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    try:
        sent = invitations.send_invitations(diagnosis)
    except services.ResearchError as error:
        _refused(error)
    else:
        db.session.commit()
        flash(ngettext("%(num)d invitation is sent.", "%(num)d invitations are sent.", sent),
              "success")
    return redirect(url_for(".invitations_page", diagnosis_id=diagnosis.id))


@manage_bp.post("/<int:diagnosis_id>/invitations/remind")
@staff_required
def invitations_remind(diagnosis_id):
    diagnosis = _diagnosis_or_404(diagnosis_id)
    try:
        sent = invitations.send_reminders(diagnosis)
    except services.ResearchError as error:
        _refused(error)
    else:
        db.session.commit()
        flash(ngettext("%(num)d reminder is sent.", "%(num)d reminders are sent.", sent),
              "success")
    return redirect(url_for(".invitations_page", diagnosis_id=diagnosis.id))
