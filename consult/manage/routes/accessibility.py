"""The accessibility statement (/manage/accessibility), shown at /accessibility."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.manage import bp
from consult.manage.forms.manage import AccessibilityForm
from consult.pages.services import accessibility_statement


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
