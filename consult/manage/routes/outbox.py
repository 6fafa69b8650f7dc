"""The mail outbox (/manage/outbox): every message, its delivery, and queuing it again."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.forms import ButtonForm
from consult.core.mail import OutboxMessage, OutboxStatus
from consult.core.permissions import staff_required
from consult.extensions import db
from consult.manage import bp, queries, services

MAIL_PREVIEW_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'"


@bp.get("/outbox")
@staff_required
def outbox():
    status = request.args.get("status")
    status = status if status in tuple(OutboxStatus) else None
    page = queries.outbox_page(status, request.args.get("page", 1, type=int))
    return render_template(
        "manage/manage/outbox.html", page=page, status=status, statuses=tuple(OutboxStatus)
    )


@bp.get("/outbox/<int:message_id>")
@staff_required
def outbox_message(message_id):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("manage/manage/outbox_message.html", message=message,
                           can_retry=services.can_retry(message), form=ButtonForm())


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


@bp.record_once
def _outbox_status_in_templates(state) -> None:
    """Templates compare a message's status with the enum, never with raw strings (the
    dashboard links to the failed ones)."""
    state.app.jinja_env.globals["OutboxStatus"] = OutboxStatus


@bp.context_processor
def _outbox_status_labels():
    labels = {OutboxStatus.QUEUED: _("queued"), OutboxStatus.SENDING: _("sending"),
              OutboxStatus.SENT: _("sent"), OutboxStatus.FAILED: _("failed")}
    return {"outbox_status_label": lambda status: labels.get(status, status)}
