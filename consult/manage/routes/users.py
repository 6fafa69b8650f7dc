"""Accounts and their roles (/manage/users)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.auth.models import ADMIN, ROLE_LABELS, ROLES, STAFF, User
from consult.core.permissions import staff_required
from consult.core.search import note_truncated_search, search_term
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.manage import bp, queries, services
from consult.manage.forms.manage import RoleForm


@bp.get("/users")
@staff_required
def users():
    role = request.args.get("role") if request.args.get("role") in ROLES else None
    query = note_truncated_search(search_term(request.args.get("q"))).text
    page = queries.search_users(query, role, request.args.get("page", 1, type=int))
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
