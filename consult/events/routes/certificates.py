"""Certificates of attendance: the public verification page (/certificates/<code>), the
holder's download by their registration's link, and the staff's section of an event
(issue and send to every attendee, download all as one ZIP, the list with codes)."""

import io
import zipfile

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from consult.core.forms import ButtonForm
from consult.core.http import content_disposition, download_name
from consult.core.permissions import staff_required
from consult.core.security import no_store
from consult.events import bp, certificates, manage_bp, queries
from consult.events.certificate_pdf import certificate_pdf, file_name, hours_text
from consult.events.choices import TYPE_LABELS
from consult.events.models import Event
from consult.extensions import db, limiter

PDF_TYPE = "application/pdf"


@bp.get("/certificates/<certificate_code>", endpoint="certificate")
# Codes have 80 random bits, and guessing is slowed further: a visitor gets few misses.
@limiter.limit("30/minute;300/hour")
@limiter.limit("10/minute;30/hour", deduct_when=lambda response: response.status_code == 404)
def verify(certificate_code):
    certificate = certificates.by_code(certificate_code)
    if certificate is None:
        abort(404)
    return render_template("events/public/certificate.html", certificate=certificate,
                           type_labels=TYPE_LABELS, hours_text=hours_text)


def _pdf_response(certificate: certificates.Certificate, inline: bool = False) -> Response:
    return Response(certificate_pdf(certificate), mimetype=PDF_TYPE, headers={
        "Content-Disposition": content_disposition(file_name(certificate), inline)})


@bp.get("/registrations/<token>/certificate.pdf", endpoint="certificate_pdf")
@no_store
def registrant_certificate(token):
    """The holder's certificate, issued on the first download if staff have not issued it
    yet (issuing is idempotent); 404 while there is nothing to certify."""
    registration = db.first_or_404(queries.registration_by_token(token))
    try:
        certificate = certificates.issue(registration)
    except certificates.CertificateError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    with force_locale(registration.locale):
        return _pdf_response(certificate)


@manage_bp.get("/<int:event_id>/certificates", endpoint="certificates")
@staff_required
def staff_certificates(event_id):
    event = db.get_or_404(Event, event_id)
    return render_template("events/manage/certificates.html", event=event,
                           rows=certificates.staff_list(event),
                           unsent=certificates.unsent_count(event), form=ButtonForm())


@manage_bp.post("/<int:event_id>/certificates/send", endpoint="certificates_send")
@staff_required
def send_certificates(event_id):
    event = db.get_or_404(Event, event_id)
    if ButtonForm().validate_on_submit():
        try:
            sent = certificates.send_all(event)
        except certificates.CertificateError:
            db.session.rollback()
            flash(_("Certificates can be issued once the event is over."), "error")
        else:
            db.session.commit()
            if sent:
                flash(ngettext("The certificate is on its way to %(num)d attendee.",
                               "Certificates are on their way to %(num)d attendees.", sent),
                      "success")
            else:
                flash(_("Every attendee with an e-mail address has their certificate."), "info")
    return redirect(url_for(".certificates", event_id=event.id))


@manage_bp.get("/<int:event_id>/certificates.zip", endpoint="certificates_zip")
@staff_required
@no_store
def certificates_zip(event_id):
    """Every live certificate of the event as PDFs in one ZIP, each in its holder's
    language."""
    event = db.get_or_404(Event, event_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates.live_of_event(event):
            with force_locale(certificate.registration.locale):
                name = download_name(certificate.full_name, certificate.code, extension="pdf")
                archive.writestr(name, certificate_pdf(certificate))
    return Response(buffer.getvalue(), mimetype="application/zip", headers={
        "Content-Disposition": content_disposition(
            download_name(event.slug, _("certificates"), extension="zip"))})

