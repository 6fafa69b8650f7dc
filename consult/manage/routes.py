from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from consult.auth.models import ADMIN, ROLE_LABELS, ROLES, STAFF, User
from consult.core.forms import ButtonForm, choices
from consult.core.mail import FAILED, QUEUED, SENDING, SENT, OutboxMessage
from consult.core.permissions import manager_required, staff_required
from consult.core.search import note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.institutions.models import KINDS, Institution, Organisation
from consult.institutions.services import KIND_LABELS, display_name
from consult.manage import bp, inbox, services
from consult.manage.forms import AccessibilityForm, InstitutionForm, OrganisationForm, RoleForm
from consult.pages.services import accessibility_statement

OUTBOX_STATUSES = (QUEUED, SENDING, SENT, FAILED)
MAIL_PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.get("/")
@manager_required
def dashboard():
    return render_template("manage/manage/dashboard.html", inbox=inbox.inbox_of(current_user))


@bp.get("/outbox")
@staff_required
def outbox():
    status = request.args.get("status") if request.args.get("status") in OUTBOX_STATUSES else None
    page = services.outbox_page(status, _page())
    return render_template(
        "manage/manage/outbox.html", page=page, status=status, statuses=OUTBOX_STATUSES
    )


@bp.get("/outbox/<int:message_id>")
@staff_required
def outbox_message(message_id):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("manage/manage/outbox_message.html", message=message, form=ButtonForm())


@bp.get("/outbox/<int:message_id>/html")
@staff_required
def outbox_message_html(message_id):
    """The HTML part on its own, sandboxed: no scripts, no requests to other sites."""
    message = db.get_or_404(OutboxMessage, message_id)
    if message.contains_secret and not current_user.is_admin:
        abort(403)
    return Response(
        message.html_body,
        mimetype="text/html",
        headers={"Content-Security-Policy": MAIL_PREVIEW_CSP},
    )


@bp.post("/outbox/<int:message_id>/retry")
@staff_required
def outbox_retry(message_id):
    message = db.get_or_404(OutboxMessage, message_id)
    services.retry_message(message)
    db.session.commit()
    flash(_("The message is queued for delivery again."), "success")
    return redirect(url_for(".outbox_message", message_id=message.id))


@bp.get("/users")
@staff_required
def users():
    role = request.args.get("role") if request.args.get("role") in ROLES else None
    query = note_truncated_search(search_term(request.args.get("q"))).text
    page = services.search_users(query, role, _page())
    return render_template(
        "manage/manage/users.html", page=page, role=role, q=query, roles=ROLES,
        role_labels=ROLE_LABELS,
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def user(user_id):
    """Staff make institution managers; only an administrator gives staff or admin roles."""
    person = db.get_or_404(User, user_id)
    form = RoleForm(
        role=person.role,
        institutions=" ".join(inst.teryt for inst in person.managed_institutions),
    )
    if form.validate_on_submit():
        privileged = {ADMIN, STAFF}
        if not current_user.is_admin and ({form.role.data, person.role} & privileged):
            form.role.errors.append(_("Only an administrator can give or take this role."))
        elif person.id == current_user.id and form.role.data != person.role:
            form.role.errors.append(_("You cannot change your own role."))
        else:
            try:
                services.set_role(person, form.role.data, form.institutions.data.split())
            except ValueError as exc:
                form.institutions.errors.append(str(exc))
            else:
                db.session.commit()
                flash(_("The role of %(name)s is saved.", name=person.full_name), "success")
                return redirect(url_for(".user", user_id=person.id))
    return render_template("manage/manage/user.html", person=person, form=form)


@bp.get("/institutions")
@staff_required
def institutions():
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    query = note_truncated_search(search_term(request.args.get("q"))).text
    page = services.search_institutions(query, kind, _page())
    return render_template(
        "manage/manage/institutions.html", page=page, q=query, kind=kind, kinds=KINDS,
        kind_labels=KIND_LABELS,
    )


@bp.route("/institutions/<int:institution_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def institution(institution_id):
    inst = db.get_or_404(Institution, institution_id)
    form = InstitutionForm(obj=inst)
    if form.validate_on_submit():
        services.update_institution(inst, form.email_domains.data, form.website.data)
        db.session.commit()
        flash(_("The institution is saved."), "success")
        return redirect(url_for(".institution", institution_id=inst.id))
    return render_template(
        "manage/manage/institution.html", inst=inst, form=form, kind_labels=KIND_LABELS
    )


@bp.get("/organisations")
@staff_required
def organisations():
    query = note_truncated_search(search_term(request.args.get("q"))).text
    page = services.search_organisations(query, _page())
    return render_template("manage/manage/organisations.html", page=page, q=query)


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def organisation(organisation_id=None):
    org = db.get_or_404(Organisation, organisation_id) if organisation_id else Organisation()
    form = OrganisationForm(obj=org)
    form.powiat_id.choices = choices(
        [(0, _("— not given —"))]
        + [(inst.id, display_name(inst)) for inst in services.counties()]
    )
    if request.method == "GET" and org.powiat_id is None:
        form.powiat_id.data = 0
    if form.validate_on_submit():
        services.save_organisation(org, form.data)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.krs.errors.append(_("Another organisation already has this KRS number."))
        else:
            flash(_("The organisation is saved."), "success")
            return redirect(url_for(".organisation", organisation_id=org.id))
    return render_template("manage/manage/organisation.html", org=org, form=form)


@bp.route("/accessibility", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def accessibility():
    statement = accessibility_statement()
    form = AccessibilityForm(obj=statement)
    if form.validate_on_submit():
        form.populate_obj(statement)
        db.session.add(statement)  # the first save of the default statement
        db.session.commit()
        flash(_("The accessibility statement is saved."), "success")
        return redirect(url_for(".accessibility"))
    return render_template("manage/manage/accessibility.html", form=form)






@bp.context_processor
def _labels():
    labels = {QUEUED: _("queued"), SENDING: _("sending"), SENT: _("sent"), FAILED: _("failed")}
    return {"outbox_status_label": lambda status: labels.get(status, status)}
