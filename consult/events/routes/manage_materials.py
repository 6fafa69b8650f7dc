"""Staff: the materials shared after an event (a file or a link each), listed on its public
page once it has taken place."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from consult.core.documents import file_size, file_type
from consult.core.forms import ButtonForm, strip
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form
from consult.events import manage_bp, materials
from consult.events.models import Event, EventMaterial
from consult.extensions import db


class MaterialForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter the title.")), Length(max=300)],
        filters=[strip], description=_l("e.g. “Slides of the training (PDF)”."))
    document = FileField(_l("File"))
    url = URLField(
        _l("Or a link"), validators=[Optional(), Length(max=500), URL(
            message=_l("Enter a full address starting with https://."))],
        filters=[strip], description=_l("e.g. the recording of the meeting."))

    def validate_document(self, field):
        if bool(field.data) == bool(self.url.data):
            raise ValidationError(_l("Choose a file or give a link (one of the two)."))


@manage_bp.route("/<int:event_id>/materials", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def materials_page(event_id):
    event = db.get_or_404(Event, event_id)
    form = MaterialForm()
    if form.validate_on_submit():
        upload = form.document.data
        try:
            if upload:
                limit = materials.MAX_MATERIAL_MB * 1024 * 1024
                materials.add_file(event, form.title.data, upload.filename or "",
                                   upload.read(limit + 1))
            else:
                materials.add_link(event, form.title.data, form.url.data)
        except materials.MaterialError as error:
            form.document.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("“%(title)s” is added to the event's materials.", title=form.title.data),
                  "success")
            return redirect(url_for(".materials_page", event_id=event.id))
    return render_template("events/manage/materials.html", event=event, form=form,
                           materials=materials.materials_of(event.id), button=ButtonForm(),
                           unsent=materials.attendees_without_materials(event),
                           max_mb=materials.MAX_MATERIAL_MB, file_type=file_type,
                           file_size=file_size)


@manage_bp.post("/<int:event_id>/materials/<int:material_id>/delete")
@staff_required
def delete_material(event_id, material_id):
    material = db.get_or_404(EventMaterial, material_id)
    if material.event_id != event_id:
        abort(404)
    db.session.delete(material)
    db.session.commit()
    flash(_("“%(title)s” is removed.", title=material.title), "success")
    return redirect(url_for(".materials_page", event_id=event_id))


@manage_bp.post("/<int:event_id>/materials/send")
@staff_required
def send_materials(event_id):
    event = db.get_or_404(Event, event_id)
    try:
        sent = materials.send_to_attendees(event)
    except materials.MaterialError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(ngettext("The materials are sent to %(num)d participant.",
                       "The materials are sent to %(num)d participants.", sent), "success")
    return redirect(url_for(".materials_page", event_id=event.id))
